"""The one pagination helper: a bad or out-of-range ?page= shows the nearest page, never an error."""

from django.core.paginator import Paginator


def paginate(request, items, per_page=20):
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


class CountedPaginator(Paginator):
    """A paginator told its count (e.g. kept per content version, portal.cache.fragment): no COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def paginate_counted(request, items, count, per_page=20):
    return CountedPaginator(items, per_page, count).get_page(request.GET.get("page"))
