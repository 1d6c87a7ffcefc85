"""The public site's search: pages and public award records, found whatever the accents.

Each page and public award has one SearchEntry holding its text twice: as written, lower-cased, and folded by
portal.text (no diacritics, đ as d, y as i after a consonant), with the folded copy the same length as the
original so a match found there marks the place to highlight. A query is folded the same way; every word must
start a word of the title or the text; exact (accented) matches rank first, then title matches, then the newest.
Pages that list others (the home page, the news index, the honour roll, the documents index) are found only when the whole phrase is in
their own text, and always come after the content they list. The same SQL runs on SQLite and PostgreSQL (LIKE on the folded columns), so both databases give the same answers.
"""

import unicodedata

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from portal.text import fold, fold_aligned

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_BODY = 20000
SNIPPET_RADIUS = 110
COUNT_CAP = 1000  # beyond this, "more than 1,000 results": nobody pages that far, and an exact count costs a scan


class Results:
    """A search's entries for the paginator: the count stops at COUNT_CAP + 1; a page is ranked and cut in SQL on
    the entries' ids alone (a narrow sort), then those ten entries are loaded with their page or award."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._count = None

    def count(self):
        if self._count is None:
            cap = globals()["COUNT_CAP"]
            self._count = self.queryset.order_by().values("pk")[: cap + 1].count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[key])
        rows = {
            entry.pk: entry for entry in self.queryset.model.objects.filter(pk__in=ids).select_related("page", "award")
        }
        return [rows[pk] for pk in ids if pk in rows]


def _prepare(text, limit):
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))[:limit]
    return text, text.lower(), " " + fold_aligned(text)


def entry_fields(title, body, date):
    """A SearchEntry's columns for a title and a text: as written, lower-cased and folded."""
    title, title_lower, title_folded = _prepare(title, 500)
    body, body_lower, body_folded = _prepare(body, MAX_BODY)
    return {
        "title": title,
        "body": body,
        "title_lower": title_lower,
        "body_lower": body_lower,
        "title_folded": title_folded[:500],
        "body_folded": body_folded,
        "date": date,
    }


def _store(lookup, title, body, date, listing=False):
    from home.models import SearchEntry

    SearchEntry.objects.update_or_create(**lookup, defaults={**entry_fields(title, body, date), "listing": listing})


def is_listing_page(page):
    """The home page, the news index and the honour roll: pages whose use is to list other content."""
    from home.models import ArticleIndexPage, DocumentIndexPage, HomePage, HonorRollPage

    return isinstance(page, (HomePage, ArticleIndexPage, HonorRollPage, DocumentIndexPage))


def page_text(page):
    """The searchable text of a page, from its search_fields (stream fields and rich text stripped of markup)."""
    from wagtail.search import index

    parts = []

    def add(obj, fields):
        for field in fields:
            if isinstance(field, index.RelatedFields):
                value = field.get_value(obj)
                for item in value.all() if hasattr(value, "all") else [value] if value else []:
                    add(item, field.fields)
            elif isinstance(field, index.SearchField) and field.field_name not in ("title", "folded_text"):
                value = field.get_value(obj)
                if isinstance(value, (list, tuple)):
                    parts.extend(str(item) for item in value)
                elif value:
                    parts.append(str(value))

    add(page, page.search_fields)
    return " ".join(parts)


def index_page(page):
    page = page.specific
    date = getattr(page, "date", None) or (page.last_published_at.date() if page.last_published_at else None)
    _store({"page_id": page.pk}, page.title, page_text(page), date, listing=is_listing_page(page))


def index_award(award):
    from home.models import SearchEntry
    from portal.public import is_public_award

    if not is_public_award(award):
        SearchEntry.objects.filter(award_id=award.pk).delete()
        return
    recipient = award.person.full_name if award.person_id else award.unit.name
    unit = award.person.unit.name if award.person_id else ""
    title = f"{recipient} – {award.title.name} ({award.year})"
    body = " ".join(
        part for part in [unit, award.title.name, award.decision.number if award.decision_id else ""] if part
    )
    _store({"award_id": award.pk}, title, body, award.decision.date if award.decision_id else None)


def rebuild():
    """Index every live page and every public award again; returns how many entries there are."""
    from home.models import SearchEntry
    from portal import public

    SearchEntry.objects.all().delete()
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if page.depth > 1:
            index_page(page)
    for award in public.awards():
        index_award(award)
    return SearchEntry.objects.count()


def normalise_query(query):
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search(query):
    """Entries matching `query`, best first, as a queryset (paginate it); empty for a query with no words."""
    from home.models import SearchEntry
    from portal import public

    query = normalise_query(query)
    words = fold(query).split()[:MAX_WORDS]
    if not words:
        return SearchEntry.objects.none()
    entries = SearchEntry.objects.filter(
        Q(award__in=public.awards().values("pk")) | Q(page__in=public.site_pages().values("pk"))
    ).select_related("page", "award")
    # A word that starts another word of the query is found with it (each is a prefix): one pass over the text each.
    needed = [
        word for word in dict.fromkeys(words) if not any(other != word and other.startswith(word) for other in words)
    ]
    for word in needed:
        entries = entries.filter(Q(title_folded__contains=" " + word) | Q(body_folded__contains=" " + word))
    lower, phrase = query.lower(), " " + " ".join(words)
    entries = entries.filter(Q(listing=False) | Q(title_folded__contains=phrase) | Q(body_folded__contains=phrase))
    rank = (
        Case(When(title_lower__contains=lower, then=Value(16)), default=Value(0), output_field=IntegerField())
        + Case(When(body_lower__contains=lower, then=Value(8)), default=Value(0), output_field=IntegerField())
        + Case(When(title_folded__contains=phrase, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(body_folded__contains=phrase, then=Value(2)), default=Value(0), output_field=IntegerField())
    )
    return entries.annotate(rank=rank).order_by("listing", "-rank", "-date", "-pk")


def results(query):
    """search(query) for the paginator (Results)."""
    return Results(search(query))


def highlight(text, query, radius=SNIPPET_RADIUS):
    """An excerpt of `text` around the best place the query's words are found (the whole phrase first, else the
    first whole word, else the first word start), cut at word boundaries, whole words found marked with <mark>."""
    words = fold(normalise_query(query)).split()[:MAX_WORDS]
    folded = " " + fold_aligned(text) + " "
    spans = []
    for word in words:
        start = folded.find(" " + word)
        while start != -1:
            after = folded[start + 1 + len(word)]
            spans.append((start, start + len(word), not after.isalnum()))
            start = folded.find(" " + word, start + 1)
    spans.sort()
    target = " " + " ".join(words) + " "
    phrases = [at for at in range(len(folded)) if folded.startswith(target, at)] if len(words) > 1 else []
    in_phrase = [span for span in spans if any(at <= span[0] < at + len(target) - 1 for at in phrases)]
    marked = in_phrase or [span for span in spans if span[2]] or spans
    centre = phrases[0] if phrases else (marked[0][0] if marked else 0)
    begin, end = _word_bounds(text, centre - radius, centre + radius)
    html, cursor = [], begin
    for start, stop, _ in marked:
        if start < cursor or start >= end:
            continue
        html += [escape(text[cursor:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        cursor = stop
    html.append(escape(text[cursor:end]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every piece of text is escaped above


def _word_bounds(text, begin, end):
    """[begin, end) widened to whole words, within the text."""
    begin, end = max(0, begin), min(len(text), max(end, 0))
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return begin, end


# Keeping the entries current --------------------------------------------------------------------------------------


def on_page_published(sender, instance, **kwargs):
    index_page(instance)


def on_award_saved(sender, instance, **kwargs):
    index_award(instance)


def on_recipient_saved(sender, instance, **kwargs):
    """A person or unit renamed: its public awards are found by the new name."""
    from emulation.models import Person
    from portal import public

    awards = public.awards()
    if isinstance(instance, Person):
        awards = awards.filter(person=instance)
    else:
        awards = awards.filter(Q(unit=instance) | Q(person__unit=instance))
    for award in awards:
        index_award(award)


def connect_signals():
    from django.db.models.signals import post_save
    from wagtail.signals import page_published

    from emulation.models import Award, Person, Unit

    page_published.connect(on_page_published, dispatch_uid="home.search.page_published")
    post_save.connect(on_award_saved, sender=Award, dispatch_uid="home.search.award")
    post_save.connect(on_recipient_saved, sender=Person, dispatch_uid="home.search.person")
    post_save.connect(on_recipient_saved, sender=Unit, dispatch_uid="home.search.unit")
