"""Views beside the page tree: the public search, and the admin's "open a new year" action (the rule set from
emulation and the plan page from home together)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_required
from wagtail.admin.views.pages.create import CreateView

from emulation.forms import OpenYearForm
from emulation.services import year_open
from home.models import PlanPage, plan_copy_for_year
from portal import public


class PageCreateView(CreateView):
    """Wagtail's "add page" without autosave: the page exists once the editor saves it. (Autosave would create a
    draft page at the first keystroke, left in the tree when the editor gives up, and warn that it cannot save an
    untitled page before anything is typed.) Autosave stays on when a saved page is edited."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"], context["autosave_indicator"] = False, None
        return context


@permission_required("emulation.add_emulationyear")
def open_year_view(request):
    form = OpenYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year, source = form.cleaned_data["year"], form.cleaned_data["source"]
        try:
            with transaction.atomic():
                opened = year_open(year=year, source=source, user=request.user)
                plan = PlanPage.objects.filter(year=source).order_by("-last_published_at").first()
                copy = plan_copy_for_year(plan, year) if plan else None
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Opened %(year)s from %(source)s.") % {"year": year, "source": source})
            for line in opened.dropped + opened.moved + (copy.moved if copy else []):
                messages.warning(request, line)
            if copy:
                messages.success(request, _("The plan was copied as a draft: check it, then publish."))
                return redirect("wagtailadmin_pages:edit", copy.pk)
            return redirect("wagtailsnippets_emulation_emulationyear:list")
    return TemplateResponse(request, "home/open_year.html", {"form": form})


def search_view(request):
    """/search/?q=: pages and public award records, whatever the accents (home.search), ten a page."""
    from django.utils.formats import number_format
    from django.utils.text import capfirst

    from home import search as search_module
    from home.models import HonorRollPage
    from home.search import MAX_QUERY_LENGTH, highlight, normalise_query, search
    from portal.pagination import paginate

    raw = request.GET.get("q", "")
    query = normalise_query(raw)
    results = paginate(request, search(query), per_page=10) if query else None
    from home.models import award_story_urls

    awards = [entry.award_id for entry in results or [] if entry.award_id]
    story_urls = award_story_urls(awards, request) if awards else {}
    listed = [entry.award for entry in results or [] if entry.award_id and entry.award_id not in story_urls]
    honor_roll = public.pages(HonorRollPage).first() if listed else None  # where the other awards have their row
    row_urls = honor_roll.award_urls(listed, request) if honor_roll else {}
    for entry in results or []:
        entry.url = ""
        entry.snippet = highlight(entry.body, query)
        entry.heading = highlight(entry.title, query, radius=500)
        if entry.page_id:
            entry.url = entry.page.get_url(request)
            entry.kind = capfirst(entry.page.specific_class._meta.verbose_name)
        else:
            if entry.award_id in story_urls:
                entry.url = story_urls[entry.award_id]
            else:  # its row on the honour roll, at the page that shows it
                entry.url = row_urls.get(entry.award_id, "")
            entry.kind = _("Award record")
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "search_query": query,
            "results": results,
            "too_long": len(raw.strip()) > MAX_QUERY_LENGTH,
            "more_than": number_format(search_module.COUNT_CAP, force_grouping=True)
            if results and results.paginator.count > search_module.COUNT_CAP
            else "",
        },
    )


def verification_view(request, code):
    """/xac-thuc/<code>/: the public check of a certificate (emulation.certificates), whatever the award's "public"
    flag: who holds it, which title, by which decision, and whether it still stands. An award without a decision and
    an unknown code answer 404. Two queries (the award with its holder, title and decision; the site's settings);
    anonymous readers get it from the page cache, which any change to an award or a decision turns over."""
    from django.http import Http404

    from emulation.certificates import ALPHABET, CODE_LENGTH
    from emulation.models import Award

    if len(code) != CODE_LENGTH or any(character not in ALPHABET for character in code):
        raise Http404
    award = (
        Award.objects.filter(verification_code=code, decision__isnull=False)
        .select_related("person__unit", "unit", "title", "decision")
        .first()
    )
    if award is None:
        raise Http404
    response = TemplateResponse(request, "home/verification.html", {"award": award, "code": code})
    response["X-Robots-Tag"] = "noindex"
    return response
