"""The office (Văn phòng) keeps the plans' task progress up to date: it edits and publishes the plan pages."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    office = Group.objects.filter(name="Văn phòng").first()
    home = Page.objects.filter(depth=2).order_by("path").first()
    if office is None or home is None:
        return
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=office, page=home, permission=permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0005_plan_task_progress"), ("emulation", "0005_permission_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
