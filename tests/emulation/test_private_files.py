"""A unit's files are seen by that unit, the office, the councils and the administrators; by nobody else, who is
answered 404 whatever they guess. They live outside the public media, under unguessable names; every download is
logged; a refused or failed submission leaves no file behind."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from emulation import services
from emulation.models import Initiative
from tests.emulation import builders as b

COMING = timezone.localdate().year + 1
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def private_files():
    """Every file in the private storage (an empty list before the first is written)."""
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(
        os.path.relpath(os.path.join(folder, name), root) for folder, _, names in os.walk(root) for name in names
    )


def submit(unit, year, title):
    return services.initiative_submit(
        unit=unit,
        year=year,
        title=title,
        authors=list(unit.people.all()),
        summary="",
        attachment=SimpleUploadedFile("sang-kien.pdf", PDF),
        kind="pdf",
    )


@pytest.fixture
def units(db):
    vp = b.unit("VP", name="Văn phòng Sở")
    ttkc = b.unit("TTKC", name="Trung tâm Khuyến công")
    b.members(vp, 1)
    b.members(ttkc, 1)
    b.unit_account(vp, "vanphong")
    b.unit_account(ttkc, "ttkc")
    b.open_year(COMING, source=b.plan_year(2020).year)
    return vp, ttkc


@pytest.fixture
def vp_initiative(units):
    return submit(units[0], COMING, "Sổ theo dõi điện tử")


def user_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, password=b.PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(units, django_user_model):
    from django.contrib.auth import get_user_model

    accounts = {account.username: account for account in get_user_model().objects.filter(unit_account__isnull=False)}
    return {
        "the unit": accounts["vanphong"],
        "another unit": accounts["ttkc"],
        "an editor": user_in(django_user_model, "bientap", "Biên tập viên"),
        "the office": user_in(django_user_model, "chanhvp", "Văn phòng"),
        "the emulation council": user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"),
        "the initiative council": user_in(django_user_model, "hdsk", "Hội đồng sáng kiến"),
        "an administrator": user_in(django_user_model, "quantri", is_superuser=True, is_staff=True),
        "a signed-in account of no group": user_in(django_user_model, "khach"),
    }


SEES = {"the unit", "the office", "the emulation council", "the initiative council", "an administrator"}


def test_each_person_gets_the_file_or_a_404(vp_initiative, people, client):
    url = f"/don-vi/sang-kien/{vp_initiative.pk}/tep/"
    for who, user in people.items():
        client.force_login(user)
        response = client.get(url)
        if who in SEES:
            assert response.status_code == 200, who
            assert b"".join(response.streaming_content) == PDF, who
            assert response["Content-Disposition"] == f'attachment; filename="sk-{COMING}-vp-01.pdf"', who
            assert response["X-Content-Type-Options"] == "nosniff", who
            assert response["Cache-Control"] == "private, no-store", who
        else:
            assert response.status_code == 404, who
        client.logout()
    assert client.get(url).status_code == 404  # signed out: 404, not a sign-in page


def test_guessing_gets_nothing(vp_initiative, people, client):
    client.force_login(people["another unit"])
    name = vp_initiative.attachment.name
    for url in [
        f"/don-vi/sang-kien/{vp_initiative.pk}/",
        f"/don-vi/sang-kien/{vp_initiative.pk + 1}/tep/",
        f"/don-vi/sang-kien/{vp_initiative.pk}/tep/?unit=VP",
        f"/media/{name}",
        f"/media/documents/sk-{COMING}-vp-01.pdf",
        f"/documents/1/sk-{COMING}-vp-01.pdf",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_file_lives_outside_the_public_media_under_an_unguessable_name(vp_initiative):
    name = vp_initiative.attachment.name
    assert os.path.isfile(os.path.join(settings.PRIVATE_MEDIA_ROOT, name))
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT) + os.sep)
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, name))
    assert f"sk-{COMING}-vp" not in name.lower()
    assert len(os.path.splitext(os.path.basename(name))[0]) >= 24  # 18 random bytes, URL-safe


def test_each_download_is_logged(vp_initiative, people, client):
    client.force_login(people["the office"])
    assert client.get(f"/don-vi/sang-kien/{vp_initiative.pk}/tep/").status_code == 200
    entry = ModelLogEntry.objects.filter(action="emulation.download").get()
    assert entry.user == people["the office"]
    assert entry.object_id == str(vp_initiative.pk)
    client.force_login(people["another unit"])
    assert client.get(f"/don-vi/sang-kien/{vp_initiative.pk}/tep/").status_code == 404
    assert ModelLogEntry.objects.filter(action="emulation.download").count() == 1  # a refusal is no download


def test_behind_nginx_the_file_is_handed_to_its_internal_location(vp_initiative, people, client, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    client.force_login(people["the unit"])
    response = client.get(f"/don-vi/sang-kien/{vp_initiative.pk}/tep/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{vp_initiative.attachment.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_submission_that_fails_leaves_no_file(units, monkeypatch):
    before = private_files()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Initiative, "save", broken_save)
    with pytest.raises(RuntimeError):
        submit(units[0], COMING, "Sáng kiến")
    assert private_files() == before


def test_a_refused_submission_writes_nothing(units):
    before = private_files()
    with pytest.raises(ValidationError, match="2020"):
        submit(units[0], 2020, "Quá hạn")
    assert private_files() == before
