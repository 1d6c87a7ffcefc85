"""`manage.py backup` and `manage.py restore`: dump, wipe, restore, and the same records and files are back."""

import io
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.images.models import Image

from emulation.models import Award, Person, Unit
from tests.emulation import builders
from tests.factories import make_image, refresh_content_types


def backup_folder(parent):
    [folder] = list(parent.iterdir())
    return folder


@pytest.fixture
def content_types_left_cached(transactional_db):
    """After the test, every model's content type in the cache, with the ids of the restored database (those of the
    migrated data). The next serialized_rollback test reloads that data, and Wagtail looks a content type up for
    each page and workflow task it rebuilds: a miss would insert a row that the reload then inserts again."""
    yield
    ContentType.objects.get_for_models(*apps.get_models())


# transaction: the backup reads, and the restore replaces, what is committed (pg_dump and pg_restore are other
# sessions); serialized_rollback: the test starts from the migrated data, as the other transactional tests do.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_brings_back_the_records_and_the_media(tmp_path, settings, content_types_left_cached):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT}},
    }
    private_name = storages["private"].save("sang-kien/2021/bi-mat.pdf", ContentFile(b"%PDF-1.4 private"))
    unit = builders.unit("BK1", name="Phòng Sao lưu")
    person = builders.person("BK-P1", unit)
    award = builders.award(person, "cstdcs", year=2021, achievement="Hoàn thành xuất sắc")
    image = make_image("Ảnh sao lưu")
    image_path = Path(image.file.path)
    image_bytes = image_path.read_bytes()

    out = StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    folder = backup_folder(tmp_path / "backups")
    assert str(folder) in out.getvalue()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == connection.vendor
    names = {item["name"] for item in manifest["files"]}
    database = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert names == {database, "media.tar.gz", "private.tar.gz"}
    assert all(item["size"] > 0 for item in manifest["files"])

    # Wipe: the records, the image and its file; and a record the backup does not know.
    Award.objects.all().delete()
    Person.objects.all().delete()
    Unit.objects.filter(code="BK1").delete()
    Image.objects.all().delete()
    image_path.unlink(missing_ok=True)
    storages["private"].delete(private_name)
    builders.unit("AFTER")
    assert not Award.objects.filter(pk=award.pk).exists()
    assert not image_path.exists()

    call_command("restore", str(folder), yes=True, stdout=StringIO())
    refresh_content_types()  # ids from before the last flush or restore are stale

    restored = Award.objects.select_related("person__unit", "title").get(pk=award.pk)
    assert restored.person.code == "BK-P1"
    assert restored.person.unit.name == "Phòng Sao lưu"
    assert restored.title.code == "cstdcs"
    assert restored.achievement == "Hoàn thành xuất sắc"
    assert not Unit.objects.filter(code="AFTER").exists()
    restored_image = Image.objects.get(pk=image.pk)
    assert restored_image.title == "Ảnh sao lưu"
    assert Path(restored_image.file.path).read_bytes() == image_bytes
    assert (tmp_path / "private" / private_name).read_bytes() == b"%PDF-1.4 private"  # the units' private files


def write_backup(folder, *, engine=None, media_members=()):
    """A hand-made backup folder: a manifest, an empty database file, and a media archive of the given names."""
    folder.mkdir()
    engine = engine or connection.vendor
    database = "database.dump" if engine == "postgresql" else "database.sqlite3"
    (folder / database).write_bytes(b"")
    (folder / "manifest.json").write_text(json.dumps({"engine": engine, "files": []}), encoding="utf-8")
    if media_members:
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            for name in media_members:
                info = tarfile.TarInfo(name)
                info.size = 1
                archive.addfile(info, io.BytesIO(b"x"))
    return folder


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(tmp_path), yes=True)


def test_restore_refuses_a_backup_of_another_engine(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    folder = write_backup(tmp_path / "b", engine=other)
    with pytest.raises(CommandError, match=other):
        call_command("restore", str(folder), yes=True)


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/outside.txt", "images/../../outside.txt"])
def test_restore_refuses_media_outside_media_root(tmp_path, name):
    folder = write_backup(tmp_path / "b", media_members=["images/ok.jpg", name])
    with pytest.raises(CommandError, match="outside.txt"):
        call_command("restore", str(folder), yes=True)


def test_restore_asks_first_and_stops_unless_told_yes(tmp_path, monkeypatch):
    folder = write_backup(tmp_path / "b")
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")
    with pytest.raises(CommandError):
        call_command("restore", str(folder))
    assert len(questions) == 1
