"""The admin's search backend: Wagtail's database backend, with queries folded like the public search.

Pages index their title and text folded too (home.models.BasePage: folded_title, folded_text), so "thi dua" and
"pham thi dung" find "Thi đua" and "Phạm Thị Dung" in the admin's page search and the page chooser, as they do on
the public site: the backend folds the query on pages. Images and documents (Wagtail's own models, whose index
holds their titles as written) are found by their title folded in SQL (portal.text.folded_filter), in their
listings and choosers alike. The records listings fold in SQL too.
"""

from functools import cache

from modelsearch.backends import database
from modelsearch.query import MATCH_ALL
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from portal.text import fold, folded_filter

MAX_FOLDED = 2000  # titles matched at most, for one search of images or documents


class FoldingQueries:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        model = getattr(model_or_queryset, "model", model_or_queryset)
        if isinstance(query, str) and issubclass(model, Page):
            query = fold(query)
        elif isinstance(query, str) and issubclass(model, (get_image_model(), get_document_model())):
            queryset = model_or_queryset if model_or_queryset is not model else model.objects.all()
            found = folded_filter(model.objects.all(), ["title"], query).values_list("pk", flat=True)
            # The search runs over the queryset narrowed by primary key (the backend reads only the filters its
            # index knows); every object left matches.
            model_or_queryset, query = queryset.filter(pk__in=list(found[:MAX_FOLDED])), MATCH_ALL
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _folding(backend_class):
    return type(f"Folding{backend_class.__name__}", (FoldingQueries, backend_class), {})


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    """The database backend chosen for the database in use (SQLite FTS5 or PostgreSQL), folding page queries."""
    return _folding(type(database.SearchBackend(params)))(params)
