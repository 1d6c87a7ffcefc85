"""Wagtail's migrations name its default workflow, task and groups in English; the office works in Vietnamese."""

from django.db import migrations

NAMES = {
    "workflow": ("Moderators approval", "Duyệt bởi người kiểm duyệt"),
    "task": ("Moderators approval", "Người kiểm duyệt duyệt"),
    "groups": {"Moderators": "Người kiểm duyệt", "Editors": "Người biên tập"},
}


def rename(apps, schema_editor, reverse=False):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group = apps.get_model("auth", "Group")
    pick = (lambda pair: (pair[1], pair[0])) if reverse else (lambda pair: pair)
    old, new = pick(NAMES["workflow"])
    Workflow.objects.filter(name=old).update(name=new)
    old, new = pick(NAMES["task"])
    Task.objects.filter(name=old).update(name=new)
    for old, new in NAMES["groups"].items():
        old, new = pick((old, new))
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, lambda apps, editor: rename(apps, editor, reverse=True))]
