"""Initiatives registered through the unit portal, with their attachments checked from the content."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from emulation.models import Initiative, Person
from tests.emulation import builders as b

COMING = timezone.localdate().year + 1
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def png(size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def vp(db):
    """The office, with two people and a portal account; 2020 is closed and next year is open."""
    unit = b.unit("VP", name="Văn phòng Sở")
    b.members(unit, 2)
    b.unit_account(unit, "vanphong")
    b.open_year(COMING, source=b.plan_year(2020).year)
    return unit


@pytest.fixture
def vanphong(vp, client):
    signed_in = client.post("/tai-khoan/dang-nhap/", {"username": "vanphong", "password": b.PASSWORD})
    assert signed_in.status_code == 302
    return client


def post(client, content, name="sang-kien.pdf", key="k1", authors=None, year=COMING):
    authors = authors or list(Person.objects.filter(unit__code="VP").order_by("code"))
    return client.post(
        f"/don-vi/sang-kien/dang-ky/{year}/",
        {
            "key": key,
            "title": "Phần mềm theo dõi hồ sơ <b>một cửa</b>",
            "authors": [a.pk for a in authors],
            "summary": "Giảm thời gian tra cứu hồ sơ.",
            "attachment": SimpleUploadedFile(name, content),
        },
    )


def test_registering_an_initiative_with_a_pdf_gives_a_receipt(vanphong, vp, django_capture_on_commit_callbacks):
    before = vanphong.get("/don-vi/")
    assert before.status_code == 200
    assert f"Chưa đăng ký sáng kiến năm {COMING}" in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(vanphong, PDF)
    assert response.status_code == 302
    initiative = Initiative.objects.get(portal_key="k1")
    assert response["Location"] == f"/don-vi/sang-kien/{initiative.pk}/"
    assert initiative.code == f"SK-{COMING}-VP-01"
    assert initiative.unit == vp
    assert initiative.result == "pending"
    assert initiative.title == "Phần mềm theo dõi hồ sơ <b>một cửa</b>"  # plain text, stored as typed
    assert initiative.attachment_name == f"sk-{COMING}-vp-01.pdf"  # what the download is called
    assert initiative.attachment.name.endswith(".pdf")
    assert initiative.code.lower() not in initiative.attachment.name  # stored under an unguessable name
    shown = vanphong.get(response["Location"])
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "Đã đăng ký sáng kiến." in page
    assert initiative.code in page
    assert "Phần mềm theo dõi hồ sơ &lt;b&gt;một cửa&lt;/b&gt;" in page  # and shown as typed
    for author in vp.people.all():
        assert author.full_name in page
    assert len(mail.outbox) == 1
    assert initiative.code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["vanphong@example.gov.vn"]
    after = vanphong.get("/don-vi/")
    assert after.status_code == 200
    assert f"Chưa đăng ký sáng kiến năm {COMING}" not in after.content.decode()


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(png(), "anh.png", ".png"), (docx(), "bao-cao.docx", ".docx"), (PDF, "ten-sai.jpg", ".pdf")],
)
def test_the_type_comes_from_the_content(vanphong, content, name, kind):
    assert post(vanphong, content, name=name).status_code == 302
    assert Initiative.objects.get(portal_key="k1").attachment.name.endswith(kind)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"<html><script>alert(1)</script></html>",
            "gia.pdf",
            "Chỉ nhận tệp PDF, Word (.docx) và hình ảnh (PNG, JPEG).",
        ),
        (b"PK\x03\x04 not a zip", "hong.docx", "Chỉ nhận tệp PDF, Word (.docx) và hình ảnh (PNG, JPEG)."),
        (PDF + b"0" * (10 * 1024 * 1024), "lon.pdf", "Tệp lớn hơn 10 MB."),
        (png((8000, 8000), "1"), "bom.png", "Hình ảnh quá lớn, không thể mở an toàn."),
    ],
)
def test_bad_attachments_are_refused_next_to_the_field(vanphong, content, name, message):
    response = post(vanphong, content, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Phần mềm theo dõi hồ sơ" in html  # nothing typed is lost
    assert "Giảm thời gian tra cứu hồ sơ." in html
    assert not Initiative.objects.filter(portal_key="k1").exists()


def test_a_repeated_post_creates_one_initiative(vanphong):
    assert post(vanphong, PDF, key="same").status_code == 302
    assert post(vanphong, PDF, key="same").status_code == 302
    assert Initiative.objects.filter(portal_key="same").count() == 1


def test_authors_from_another_unit_are_refused(vanphong):
    [stranger] = b.members(b.unit("TTKC", name="Trung tâm Khuyến công"), 1)
    response = post(vanphong, PDF, authors=[stranger])
    assert response.status_code == 200
    assert "Hãy chọn tác giả trong số cán bộ đang công tác của đơn vị." in response.content.decode()
    assert not Initiative.objects.filter(portal_key="k1").exists()


def test_2020_initiatives_are_closed(vanphong):
    closed = vanphong.get("/don-vi/sang-kien/dang-ky/2020/")
    assert closed.status_code == 200
    assert "Hạn đăng ký sáng kiến năm 2020 đã kết thúc ngày 28/08/2020" in closed.content.decode()
    refused = post(vanphong, PDF, year=2020)
    assert refused.status_code == 200
    assert not Initiative.objects.filter(portal_key="k1").exists()


def test_the_receipt_links_to_the_file_which_only_the_unit_and_the_office_see(vanphong):
    assert post(vanphong, PDF).status_code == 302
    initiative = Initiative.objects.get(portal_key="k1")
    page = vanphong.get(f"/don-vi/sang-kien/{initiative.pk}/").content.decode()
    assert f'href="/don-vi/sang-kien/{initiative.pk}/tep/"' in page
    download = vanphong.get(f"/don-vi/sang-kien/{initiative.pk}/tep/")
    assert download.status_code == 200  # the unit's staff, signed in (tests/emulation/test_private_files.py: others)
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI's second run)")
def test_the_same_initiative_sent_twice_at_once_is_saved_once_and_both_are_told(settings):
    """Threads: two requests at the same moment, each on its own connection, as two tabs of one clerk would send."""
    import os

    from django.test import Client

    from tests.factories import at_once, refresh_content_types

    refresh_content_types()  # ids from before the last flush or restore are stale
    unit = b.unit("VP", name="Văn phòng Sở")
    b.members(unit, 1)
    b.unit_account(unit, "vanphong")
    b.open_year(COMING, source=b.plan_year(2020).year)
    root = settings.PRIVATE_MEDIA_ROOT
    before = sum(len(names) for _, _, names in os.walk(root)) if os.path.isdir(root) else 0
    clients = [Client(), Client()]
    for client in clients:
        assert client.post("/tai-khoan/dang-nhap/", {"username": "vanphong", "password": b.PASSWORD}).status_code == 302

    def send():
        client = clients.pop()
        response = post(client, PDF, key="hai-tab")
        return response.status_code, client.get(response["Location"]).content.decode()

    answers = at_once(send)
    assert [status for status, _ in answers] == [302, 302]
    assert Initiative.objects.filter(portal_key="hai-tab").count() == 1
    pages = sorted(page for _, page in answers)
    assert sum("Đã đăng ký sáng kiến." in page for page in pages) == 1
    assert sum("Sáng kiến này đã được lưu lúc" in page for page in pages) == 1
    after = sum(len(names) for _, _, names in os.walk(root))
    assert after == before + 1  # one file, for the one initiative: the other request wrote none
