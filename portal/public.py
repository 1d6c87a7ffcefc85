"""What the public may see: the one definition every public reader uses (the honour roll, the search, the feeds,
the sitemap, the open-data downloads and the JSON API). Nothing public filters pages or awards any other way.

- A page is public when it is live and neither it nor any ancestor has a view restriction (password, sign-in or
  groups: Wagtail's `public()`); the listings of the whole site (sitemap, search, API) take only the pages of a site
  (the default one unless told), its root page included.
- An award is public when the office marked it public and it has not been withdrawn (`withdrawn_on` set: never
  public, whatever its `public` flag says). Its decision may be missing (the honour roll shows "–").
- A decision is public when at least one of its awards is public.

Fields: `AWARD_FIELDS` and `DECISION_FIELDS` are all that the downloads and the API publish of them; everything else
(grades, evaluations, council votes, the withdrawal and its reason, a person's code, position, gender, category and
recruitment date, the initiative used as basis, the achievement text, the signed PDF) is never published.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


def award_condition(prefix=""):
    """The award policy as a Q, for an award reached through `prefix` (e.g. "awards__" from a decision)."""
    return Q(**{f"{prefix}public": True, f"{prefix}withdrawn_on__isnull": True})


def is_public_award(award):
    return bool(award.public) and award.withdrawn_on is None


def awards():
    """The public awards, with what is shown of them loaded (no query per row)."""
    from emulation.models import Award

    return Award.objects.filter(award_condition()).select_related("person__unit", "unit", "title", "decision")


def decisions():
    """The decisions with at least one public award, each with `public_awards`: how many."""
    from emulation.models import Decision

    return Decision.objects.filter(pk__in=awards().values("decision_id")).annotate(
        public_awards=Count("awards", filter=award_condition("awards__"))
    )


def restricted_paths():
    """The tree paths of the pages that carry a view restriction, cached until the content changes (a restriction
    saved or deleted, a page moved: portal.cache), so that listings ask nothing for them."""
    from wagtail.models import PageViewRestriction

    from portal.cache import fragment

    def build():
        return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))

    return fragment("restricted-paths", build)


def alias_paths():
    """The tree paths of the alias pages (whose restrictions are their source's), cached like restricted_paths."""
    from wagtail.models import Page

    from portal.cache import fragment

    return fragment(
        "alias-paths", lambda: sorted(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    )


def may_be_restricted(page):
    """False when neither `page` nor an ancestor carries a view restriction or is an alias (from the cached paths,
    no query): Wagtail's own check can then be skipped."""
    return any(page.path.startswith(path) for path in restricted_paths() + alias_paths())


def public_q(prefix=""):
    """Wagtail's `public()` as a Q (not under any restricted page), from the cached restricted paths; for a page
    reached through `prefix` (e.g. "page__" from a search entry) when given."""
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def page_condition(prefix="", within=None):
    """Wagtail's `live().public()` as a Q, and `descendant_of(within, inclusive=True)` when `within` (a page) is
    given; on a page reached through `prefix` (e.g. "page__" from a search entry) when given."""
    condition = Q(**{f"{prefix}live": True}) & public_q(prefix)
    if within is not None:
        condition &= Q(**{f"{prefix}path__startswith": within.path, f"{prefix}depth__gte": within.depth})
    return condition


def site_page_condition(prefix="", site=None):
    """The public pages of a site (the default site unless `site` is given) as a Q, on a page reached through
    `prefix` when given; matches nothing when there is no site."""
    from wagtail.models import Site

    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return Q(**{f"{prefix}pk__in": []})
    return page_condition(prefix, within=site.root_page)


def pages(model=None, *, within=None):
    """Live pages with no view restriction on them or an ancestor (of `model`, Page by default); only those under
    `within` (a page, itself included) when given."""
    from wagtail.models import Page

    return (model or Page).objects.filter(page_condition(within=within))


def site_pages(model=None, *, site=None):
    """The public pages of a site (the default site unless `site` is given); none when there is no site."""
    from wagtail.models import Page

    return (model or Page).objects.filter(site_page_condition(site=site))


# What is published of an award and a decision: (name, meaning, example), in the order of the CSV's columns. The
# honour roll's open-data block lists them; the README's table says the same.
AWARD_FIELDS = [
    ("id", _("the award record's number (never changes)"), "128"),
    ("year", _("emulation year"), "2025"),
    ("recipient_kind", _("person (an individual) or unit (a collective)"), "person"),
    ("recipient", _("the person's full name or the collective's name"), "Nguyễn Văn A"),
    ("unit", _("the person's unit; the collective's name for a collective"), "Văn phòng Sở"),
    ("title", _("emulation title or form of commendation"), "Chiến sĩ thi đua cơ sở"),
    ("title_category", _("title (emulation title) or form (form of commendation)"), "title"),
    ("decision_id", _("the decision's number in this data (empty when not recorded)"), "12"),
    ("decision_number", _("the decision's number as signed"), "123/QĐ-SCT"),
    ("decision_date", _("the decision's date (YYYY-MM-DD)"), "2025-12-20"),
    ("decision_authority", _("the authority that issued the decision"), "Sở Công Thương"),
]
DECISION_FIELDS = [
    ("id", _("the decision's number in this data (never changes)"), "12"),
    ("number", _("the decision's number as signed"), "123/QĐ-SCT"),
    ("date", _("the decision's date (YYYY-MM-DD)"), "2025-12-20"),
    ("authority", _("the issuing authority"), "Sở Công Thương"),
    ("level", _("decided by: director, province, prime-minister or president"), "director"),
    ("signer", _("who signed it"), "Trần Văn B"),
    ("public_awards", _("how many public awards it gave"), "5"),
]


def award_row(award):
    """An award as published: AWARD_FIELDS' names and values (dates as ISO strings)."""
    decision = award.decision if award.decision_id else None
    person = award.person if award.person_id else None
    return {
        "id": award.pk,
        "year": award.year,
        "recipient_kind": "person" if person else "unit",
        "recipient": person.full_name if person else award.unit.name,
        "unit": person.unit.name if person else award.unit.name,
        "title": award.title.name,
        "title_category": award.title.category,
        "decision_id": decision.pk if decision else None,
        "decision_number": decision.number if decision else "",
        "decision_date": decision.date.isoformat() if decision else "",
        "decision_authority": decision.authority if decision else "",
    }


def decision_row(decision):
    """A decision (from `decisions()`) as published: DECISION_FIELDS' names and values."""
    return {
        "id": decision.pk,
        "number": decision.number,
        "date": decision.date.isoformat(),
        "authority": decision.authority,
        "level": decision.level,
        "signer": decision.signer,
        "public_awards": decision.public_awards,
    }
