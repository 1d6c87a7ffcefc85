from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name="Văn phòng").first()
    if office:
        for action in ("add", "change", "delete", "view"):
            office.permissions.add(
                Permission.objects.get(content_type__app_label="emulation", codename=f"{action}_unitaccount")
            )


class Migration(migrations.Migration):
    dependencies = [("emulation", "0009_initiative_portal_key")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
