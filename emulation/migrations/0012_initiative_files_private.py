"""Initiative files move out of Wagtail's documents (public media, guessable names, any signed-in user) into the
private storage, under unguessable names; the documents and their public files are removed."""

import os

import django.db.models.deletion  # noqa: F401
from django.core.files.base import ContentFile
from django.db import migrations, models

import emulation.models


def move_files(apps, schema_editor):
    Initiative = apps.get_model("emulation", "Initiative")
    Document = apps.get_model("wagtaildocs", "Document")
    for initiative in Initiative.objects.exclude(attachment=None):
        document = Document.objects.filter(pk=initiative.attachment_id).first()
        if document is None or not document.file:
            continue
        name = os.path.basename(document.file.name)
        try:
            with document.file.open("rb") as source:
                data = source.read()
        except FileNotFoundError:
            continue
        initiative.private_file.save(name, ContentFile(data), save=False)
        initiative.attachment_name = name
        initiative.save(update_fields=["private_file", "attachment_name"])
        document.file.delete(save=False)
        document.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0011_reminder_log"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="private_file",
            field=models.FileField(
                blank=True,
                max_length=200,
                storage=emulation.models.private_storage,
                upload_to=emulation.models.initiative_file_name,
                verbose_name="attachment",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="attachment_name",
            field=models.CharField(blank=True, editable=False, max_length=120, verbose_name="attachment's file name"),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField(model_name="initiative", name="attachment"),
        migrations.RenameField(model_name="initiative", old_name="private_file", new_name="attachment"),
    ]
