"""The admin's search backend: Wagtail's database backend, with queries on pages folded like the public search.

Pages index their title and text folded too (home.models.BasePage: folded_title, folded_text), so "thi dua" and
"pham thi dung" find "Thi đua" and "Phạm Thị Dung" in the admin's page search and the page chooser, as they do on
the public site. Other models (images, documents) are searched as typed. The records listings fold in SQL
(portal.text.folded_filter).
"""

from functools import cache

from modelsearch.backends import database
from wagtail.models import Page

from portal.text import fold


class FoldingQueries:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        model = getattr(model_or_queryset, "model", model_or_queryset)
        if isinstance(query, str) and issubclass(model, Page):
            query = fold(query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def _folding(backend_class):
    return type(f"Folding{backend_class.__name__}", (FoldingQueries, backend_class), {})


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    """The database backend chosen for the database in use (SQLite FTS5 or PostgreSQL), folding page queries."""
    return _folding(type(database.SearchBackend(params)))(params)
