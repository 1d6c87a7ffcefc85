"""The portal's permission groups. Grades, discipline and eligibility reasons are personal data
(Nghị định 13/2023/NĐ-CP): only the office and the councils may view evaluations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS = ["unit", "person", "emulationregistration", "initiative", "evaluation", "decision", "award",
           "emulationyear", "legalframework", "title"]
ADMIN = [("wagtailadmin", "access_admin")]
DOCUMENTS = [("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document")]
IMAGES = [("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image")]


def emulation(*codenames):
    return [("emulation", codename) for codename in codenames]


GROUPS = {
    "Văn phòng": ADMIN + DOCUMENTS + [("portal", "change_agencysettings")]
    + emulation(*[f"{action}_{model}" for model in RECORDS for action in ("add", "change", "delete", "view")]),
    "Hội đồng thi đua – khen thưởng": ADMIN + DOCUMENTS
    + emulation(*[f"view_{model}" for model in RECORDS])
    + emulation("add_award", "change_award", "add_decision", "change_decision"),
    "Hội đồng sáng kiến": ADMIN
    + emulation("view_initiative", "change_initiative", "view_unit", "view_person", "view_emulationyear"),
    "Biên tập viên": ADMIN + DOCUMENTS + IMAGES,
    "Đơn vị": [],
}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    editors = Group.objects.get(name="Biên tập viên")
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home:
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=editors, page=home, permission=permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0004_emulation_year_participants"),
        ("home", "0002_create_homepage"),
        ("portal", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
