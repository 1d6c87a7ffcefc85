"""portal_fold(text) in PostgreSQL: the folding of portal.text.fold, for the admin's accent-insensitive search.
(SQLite gets the same function from Python on each connection: portal.apps.)"""

from django.db import migrations


def create(apps, schema_editor):
    from portal.text import FOLD_SQL

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS portal_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_office_sees_and_lifts_sign_in_locks")]

    operations = [migrations.RunPython(create, drop)]
