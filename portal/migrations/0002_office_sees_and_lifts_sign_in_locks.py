from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    """The office (Văn phòng) sees the failed sign-ins and lifts locks (deletes the attempts of an account)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name="Văn phòng").first()
    if office:
        for action in ("view", "delete"):
            office.permissions.add(
                Permission.objects.get(content_type__app_label="axes", codename=f"{action}_accessattempt")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("emulation", "0010_office_manages_unit_accounts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
