"""On PostgreSQL, trigram indexes (pg_trgm) let the search's LIKE '% word%' on the folded columns use an index
instead of reading every entry. SQLite has no such index; there the search reads the table, which is fine at a
department's size. Creating the extension needs a role allowed to (the database owner on PostgreSQL 13+, since
pg_trgm is a trusted extension)."""

from django.db import migrations

INDEXES = {
    "home_searchentry_title_trgm": "title_folded",
    "home_searchentry_body_trgm": "body_folded",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON home_searchentry USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("home", "0011_article_listing_indexes")]

    operations = [migrations.RunPython(create, drop)]
