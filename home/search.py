"""The public site's search: pages and public award records, found whatever the accents.

Each page and public award has one SearchEntry holding its text twice: as written, lower-cased, and folded by
portal.text (no diacritics, đ as d, y as i after a consonant), with the folded copy the same length as the
original so a match found there marks the place to highlight. A query is folded the same way; every word must
start a word of the title or the text; exact (accented) matches rank first, then title matches, then the newest.
Pages that list others (the home page, the news index, the honour roll, the documents index) are found only when
the whole phrase is in their own text, and always come after the content they list.

One query answers a search (search_ids): ranked in SQL over the thousand newest matches and the newest entries
with the phrase in their title, so its cost stays flat however many articles hold a common phrase; beyond a
thousand the page says "more than 1,000 results". What is not public (hidden_entries) is known once per content
version. The same SQL runs on SQLite and PostgreSQL (LIKE on the folded columns), so both give the same answers.
"""

import unicodedata
from functools import cached_property

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from portal.text import fold, fold_aligned

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_BODY = 20000
SNIPPET_RADIUS = 110
TITLE_CAP = 100  # the newest entries with the phrase in their title are ranked, however many newer matches there are
COUNT_CAP = 1000  # beyond this, "more than 1,000 results": nobody pages that far, and an exact count costs a scan


class Results:
    """A search's ranked entries for the paginator, from one query (search_ids): their count, exact up to
    COUNT_CAP; a page's ten entries are then loaded with their page or award."""

    def __init__(self, query):
        self.query = query

    @cached_property
    def ids(self):
        return search_ids(self.query)

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        from home.models import SearchEntry

        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self.ids[key]
        rows = {entry.pk: entry for entry in SearchEntry.objects.filter(pk__in=ids).select_related("page", "award")}
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


def _words(query):
    return fold(normalise_query(query)).split()[:MAX_WORDS]


def hidden_entries():
    """The ids of the entries whose page or award is not public now (a page unpublished, restricted or moved out
    of the site, an award withdrawn): usually none. Built once per content version (portal.cache: every publish,
    unpublish, move, view restriction, site and award change makes a new one), so that a search reads no page or
    award to know what it may show."""
    from home.models import SearchEntry
    from portal import public
    from portal.cache import fragment

    def build():
        shown = SearchEntry.objects.filter(
            (Q(award__isnull=False) & public.award_condition("award__"))
            | (Q(page__isnull=False) & public.site_page_condition("page__"))
        )
        return sorted(SearchEntry.objects.exclude(pk__in=shown.values("pk")).values_list("pk", flat=True))

    return fragment("search-hidden-entries", build)


def matches(query):
    """Every public entry that matches `query`, unordered (a queryset): each word of the query starts a word of
    the title or the text, and a listing page holds the whole phrase. Empty for a query with no words."""
    from home.models import SearchEntry

    words = _words(query)
    if not words:
        return SearchEntry.objects.none()
    entries = SearchEntry.objects.exclude(pk__in=hidden_entries())
    phrase = " " + " ".join(words)
    has_phrase = Q(title_folded__contains=phrase) | Q(body_folded__contains=phrase)
    needed = _words_to_test(words)
    if not needed:
        return entries.filter(has_phrase)
    every_word = Q(listing=False)
    for word in needed:
        every_word &= Q(title_folded__contains=" " + word) | Q(body_folded__contains=" " + word)
    return entries.filter(has_phrase | every_word)


def _words_to_test(words):
    """The words to look for one by one when the phrase is not there: a word that starts another word of the query
    is found with it (each is a prefix); none for a one-word query (the phrase is the word)."""
    needed = [
        word for word in dict.fromkeys(words) if not any(other != word and other.startswith(word) for other in words)
    ]
    return [] if needed == [" ".join(words)] else needed


def search_ids(query):
    """The ids of the entries matching `query`, best first: exact (accented) matches first, then title matches,
    then the newest; pages that list others last.

    One query, ranked and ordered in SQL, whatever the number of articles: the ranking runs over the COUNT_CAP + 1
    newest matches (walked in date order on the home_search_newest index, so a phrase found in every article costs
    a thousand rows, not all of them) and over the TITLE_CAP newest entries whose title holds the phrase, however
    old (a name searched for). Fewer matches than that are all ranked: the order is then exact, and so is the
    count. Each row's tests are made once: the phrase in the title and the text (which holds every word), the
    words one by one only when the phrase is not there, the exact text only for the rows found."""
    from django.db import connection

    words = _words(query)
    if not words:
        return []
    like = connection.ops.prep_for_like_query
    lower, phrase = like(normalise_query(query).lower()), like(" " + " ".join(words))
    needed = _words_to_test(words)
    contains = "LIKE %s ESCAPE '\\'"
    word_tests = [f"(title_folded {contains} OR body_folded {contains})" for _ in needed]
    every_word = f" OR (NOT listing AND {' AND '.join(word_tests)})" if word_tests else ""
    word_params = [f"%{pattern}%" for word in needed for pattern in (like(" " + word),) * 2]
    hidden = hidden_entries()
    shown = f"id NOT IN ({', '.join(['%s'] * len(hidden))})" if hidden else "1 = 1"

    def rank(phrase_in_title, phrase_in_text):
        return (
            f"CASE WHEN title_lower {contains} THEN 16 ELSE 0 END + CASE WHEN body_lower {contains} THEN 8 ELSE 0 END "
            f"+ CASE WHEN {phrase_in_title} THEN 4 ELSE 0 END + CASE WHEN {phrase_in_text} THEN 2 ELSE 0 END"
        )

    newest = "listing, date DESC NULLS LAST, id DESC"
    # OFFSET 0 keeps PostgreSQL from folding the walk into its caller, which would test each row twice.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    tested = (
        "SELECT id, listing, date, title_lower, body_lower, title_folded, body_folded, "
        f"title_folded {contains} AS tf, body_folded {contains} AS bf FROM home_searchentry WHERE {shown} "
        f"ORDER BY {newest}{fence}"
    )
    sql = (
        f"SELECT id FROM ("
        f"SELECT * FROM (SELECT id, listing, date, {rank('tf', 'bf')} AS rank FROM ({tested}) AS walked "
        f"WHERE tf OR bf{every_word} LIMIT %s) AS newest "
        "UNION "
        f"SELECT * FROM (SELECT id, listing, date, {rank('1 = 1', 'body_folded ' + contains)} AS rank "
        "FROM home_searchentry "
        f"WHERE title_folded {contains} AND {shown} ORDER BY {newest} LIMIT %s) AS titled"
        f") AS candidates ORDER BY listing, rank DESC, date DESC NULLS LAST, id DESC"
    )
    patterns = [f"%{lower}%", f"%{lower}%"]
    tests = [f"%{phrase}%", f"%{phrase}%", *hidden]
    params = [*patterns, *tests, *word_params, COUNT_CAP + 1]
    params += [*patterns, f"%{phrase}%", f"%{phrase}%", *hidden, TITLE_CAP]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search(query):
    """search_ids(query) for the paginator (Results)."""
    return Results(query)


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
    phrases = []
    at = folded.find(target) if len(words) > 1 else -1
    while at != -1:
        phrases.append(at)
        at = folded.find(target, at + 1)
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


def on_page_unpublished(sender, instance, **kwargs):
    """Unpublished (or expired): no longer found, and not left to hidden_entries."""
    from home.models import SearchEntry

    SearchEntry.objects.filter(page_id=instance.pk).delete()


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
    from wagtail.signals import page_published, page_unpublished

    from emulation.models import Award, Person, Unit

    page_published.connect(on_page_published, dispatch_uid="home.search.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="home.search.page_unpublished")
    post_save.connect(on_award_saved, sender=Award, dispatch_uid="home.search.award")
    post_save.connect(on_recipient_saved, sender=Person, dispatch_uid="home.search.person")
    post_save.connect(on_recipient_saved, sender=Unit, dispatch_uid="home.search.unit")
