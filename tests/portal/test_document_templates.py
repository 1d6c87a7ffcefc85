"""The Word templates the office edits: the shipped default is what `build_document_templates` makes; an uploaded
template changes what the portal writes; a broken one is refused on upload with a message, and never gives a 500;
the templates and their files are the office's and the administrators' only."""

import io
import zipfile

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from portal.documents import default_template_path
from portal.models import DocumentTemplate
from tests.emulation import builders as b
from tests.factories import admin_menu, make_agency_settings

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/portal/documenttemplate/add/"
REPORT = "/admin/emulation/reports/?year=2020&period=year-end"


def edited(old, new):
    """The default report template with the paragraph reading `old` changed to `new`, as the office would in Word."""
    document = docx.Document(default_template_path("report"))
    paragraph = next(p for p in document.paragraphs if p.text == old)
    paragraph.runs[0].text = new
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def upload(client, data, name="Mẫu báo cáo của Văn phòng"):
    return client.post(
        ADD,
        {"kind": "report", "name": name, "active": "on", "file": SimpleUploadedFile("mau.docx", data)},
    )


def report_lines(client):
    response = client.get(REPORT + "&format=docx")
    assert response.status_code == 200
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs]


def user_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_the_shipped_default_is_what_the_command_builds(tmp_path):
    call_command("build_document_templates", "--output-dir", str(tmp_path), stdout=io.StringIO())
    built, shipped = zipfile.ZipFile(tmp_path / "report.docx"), zipfile.ZipFile(default_template_path("report"))
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"):
        assert built.read(part) == shipped.read(part), part


def test_an_edited_template_changes_the_report(admin_client):
    make_agency_settings()
    assert report_lines(admin_client)[0] == "BÁO CÁO"
    response = upload(admin_client, edited("BÁO CÁO", "BÁO CÁO TỔNG KẾT (mẫu của Văn phòng)"))
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert template.active and template.file.name.startswith("mau-van-ban/report/")
    assert report_lines(admin_client)[0] == "BÁO CÁO TỔNG KẾT (mẫu của Văn phòng)"
    screen = admin_client.get(REPORT).content.decode()
    assert "Mẫu báo cáo của Văn phòng" in screen
    edit = admin_client.get(reverse("wagtailsnippets_portal_documenttemplate:edit", args=[template.pk]))
    assert reverse("portal_document_template_file", args=[template.pk]) in edit.content.decode()
    assert "/no-public-url/" not in edit.content.decode()

    # A newer template in use ends the other; with none in use the default is back.
    upload(admin_client, edited("BÁO CÁO", "BÁO CÁO (mẫu thứ hai)"), name="Mẫu thứ hai")
    assert list(DocumentTemplate.objects.filter(active=True).values_list("name", flat=True)) == ["Mẫu thứ hai"]
    assert report_lines(admin_client)[0] == "BÁO CÁO (mẫu thứ hai)"
    DocumentTemplate.objects.update(active=False)
    assert report_lines(admin_client)[0] == "BÁO CÁO"


@pytest.mark.parametrize(
    "broken, message",
    [
        ("{{ title }", "Mẫu có thẻ bị hỏng"),
        ("{% if title %}{{ title }}", "Mẫu có thẻ bị hỏng"),
        ("{{ tieu_de }}", "tieu_de"),
        ("{{ title.__class__.__mro__ }}", "Không điền được mẫu"),  # the sandbox keeps Python's internals out
    ],
)
def test_a_broken_template_is_refused_on_upload_with_a_message(admin_client, broken, message):
    response = upload(admin_client, edited("{{ title }}", broken))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_word_is_refused(admin_client):
    response = upload(admin_client, b"%PDF-1.4 not a Word file")
    assert response.status_code == 200
    assert "Tệp không phải là văn bản Word (.docx)." in response.content.decode()


def test_a_broken_template_already_in_use_gives_a_message_not_a_500(admin_client):
    make_agency_settings()
    template = DocumentTemplate(kind="report", name="Mẫu cũ")
    template.file.save("mau.docx", ContentFile(edited("{{ title }}", "{{ title }")), save=True)
    response = admin_client.get(REPORT + "&format=docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Mẫu có thẻ bị hỏng" in response.content.decode()


@pytest.fixture
def stored(db):
    template = DocumentTemplate(kind="report", name="Mẫu của Văn phòng")
    template.file.save("mau.docx", ContentFile(edited("BÁO CÁO", "BÁO CÁO SỬA")), save=True)
    return template


def test_the_templates_and_their_files_are_the_offices_only(stored, client, django_user_model):
    file_url = reverse("portal_document_template_file", args=[stored.pk])
    default_url = reverse("portal_default_document_template", args=["report"])
    listing = reverse("wagtailsnippets_portal_documenttemplate:list")
    refused = {
        "signed out": None,
        "a unit account": b.unit_account(b.unit("VP"), "vanphong").user,
        "an editor": user_in(django_user_model, "bientap", "Biên tập viên"),
        "the emulation council": user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"),
    }
    for who, user in refused.items():
        client.logout()
        if user:
            client.force_login(user)
        for url in (file_url, default_url, listing):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (who, url)
            assert not response.get("Content-Disposition"), (who, url)
    for who, user in {
        "the office": user_in(django_user_model, "chanhvp", "Văn phòng"),
        "an administrator": user_in(django_user_model, "quantri", is_superuser=True),
    }.items():
        client.force_login(user)
        response = client.get(file_url)
        assert response.status_code == 200, who
        assert "BÁO CÁO SỬA" in [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        assert client.get(default_url).content == default_template_path("report").read_bytes(), who
        listed = client.get(listing)
        assert listed.status_code == 200 and "Mẫu của Văn phòng" in listed.content.decode(), who
    assert client.get(reverse("portal_default_document_template", args=["nothing"])).status_code == 404


def test_the_office_finds_the_templates_under_settings(client, django_user_model):
    client.force_login(user_in(django_user_model, "chanhvp", "Văn phòng"))
    labels, submenus = admin_menu(client.get("/admin/").content.decode())
    assert ("Mẫu văn bản", "/admin/snippets/portal/documenttemplate/") in submenus["Cài đặt"]
