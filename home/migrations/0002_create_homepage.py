"""Replace Wagtail's default welcome page with the portal's home page, so every installation has one."""

import uuid

from django.db import migrations

TITLE = "Cổng thông tin Thi đua – Khen thưởng"


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    # Wagtail's initial data puts a plain "Welcome" page at the root's first slot; the site points to it.
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    if Page.objects.filter(depth=2, path="00010001").exists():
        return  # someone already built a tree: leave it alone
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=homepage, is_default_site=True, site_name=TITLE)


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
