"""The one pagination helper: a bad or out-of-range ?page= shows the nearest page, never an error."""

from django.core.paginator import Paginator


def paginate(request, items, per_page=20):
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))
