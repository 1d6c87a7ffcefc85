"""Editors upload and choose images and documents: Wagtail gives those rights per collection."""

from django.db import migrations

CODENAMES = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.filter(name="Biên tập viên").first()
    root = Collection.objects.filter(depth=1).first()
    if editors is None or root is None:
        return
    for app_label, codename in CODENAMES:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=editors, collection=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_vietnamese_default_workflow"),
        ("emulation", "0005_permission_groups"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
