from django.db import migrations, models

LISTING_MODELS = ["homepage", "articleindexpage", "honorrollpage"]


def mark_listing_pages(apps, schema_editor):
    """Entries of pages that list others (home.search.LISTING_PAGE_TYPES) are marked, so a database indexed before
    ranks them after the content without `manage.py rebuild_search`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchEntry = apps.get_model("home", "SearchEntry")
    types = ContentType.objects.filter(app_label="home", model__in=LISTING_MODELS)
    SearchEntry.objects.filter(page__content_type__in=types).update(listing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0012_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="searchentry", name="listing", field=models.BooleanField(default=False)),
        migrations.RunPython(mark_listing_pages, migrations.RunPython.noop),
    ]
