"""The search walks the newest matching entries in this order and stops after a thousand (home.search.search_ids):
an index in that order, NULLS LAST as both databases sort there. SQLite cannot say NULLS LAST in an index; its
index is in the same order otherwise (at a department's size SQLite reads the table anyway)."""

from django.db import migrations

NAME = "home_search_newest"


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON home_searchentry (listing, date DESC{nulls}, id DESC)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("home", "0015_bloc")]

    operations = [migrations.RunPython(create, drop)]
