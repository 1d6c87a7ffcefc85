"""The unit clerk's later screens: an initiative corrected, its file replaced or withdrawn before the deadline (with
its revisions and history), its authors only the unit's people; the registration printed as an administrative
document and its signed scan attached; the receipt claiming only what happened."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from emulation import services
from emulation.models import Initiative, Person, RegistrationStatus
from tests.emulation import builders as b

COMING = timezone.localdate().year + 1
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def user_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, password=b.PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def vp(db):
    """The office's unit, with three active people, one who left, and a portal account; next year is open."""
    unit = b.unit("VP", name="Văn phòng Sở")
    b.members(unit, 3)
    b.members(unit, 1, active=False)
    b.unit_account(unit, "vanphong")
    b.open_year(COMING, source=b.plan_year(2020).year)
    return unit


@pytest.fixture
def centre(vp):
    unit = b.unit("TTKC", name="Trung tâm Khuyến công")
    b.members(unit, 2)
    b.unit_account(unit, "ttkc")
    return unit


@pytest.fixture
def clerk(vp, django_user_model):
    user = django_user_model.objects.get(username="vanphong")
    user.first_name = "Lan"
    user.save(update_fields=["first_name"])
    return user


@pytest.fixture
def office(db, django_user_model):
    return user_in(django_user_model, "chanhvp", "Văn phòng", email="chanhvp@example.gov.vn", first_name="Hà")


def submit(unit, user=None, title="Sổ theo dõi điện tử", year=COMING, content=PDF):
    return services.initiative_submit(
        unit=unit,
        year=year,
        title=title,
        authors=list(unit.people.filter(active=True)[:2]),
        summary="Tóm tắt ban đầu.",
        attachment=SimpleUploadedFile("sang-kien.pdf", content),
        kind="pdf",
        user=user,
    )


@pytest.fixture
def initiative(vp, clerk):
    return submit(vp, clerk)


def edit_data(initiative, **changes):
    data = {
        "title": initiative.title,
        "summary": initiative.summary,
        "authors": [author.pk for author in initiative.authors.all()],
    }
    data.update(changes)
    return data


# Correcting, replacing the file, withdrawing


def test_correcting_an_initiative_keeps_one_record_a_revision_and_the_history(
    initiative, vp, clerk, office, client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    page = client.get(f"/don-vi/sang-kien/{initiative.pk}/")
    assert f'href="/don-vi/sang-kien/{initiative.pk}/sua/"' in page.content.decode()
    form = client.get(f"/don-vi/sang-kien/{initiative.pk}/sua/")
    assert form.status_code == 200
    assert "Sổ theo dõi điện tử" in form.content.decode()  # the form opens with what was registered
    third = vp.people.get(code="VP03")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/don-vi/sang-kien/{initiative.pk}/sua/",
            edit_data(initiative, title="Sổ theo dõi hồ sơ điện tử", authors=[third.pk]),
        )
    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/sang-kien/{initiative.pk}/"
    assert Initiative.objects.count() == 1  # corrected, not registered again
    initiative.refresh_from_db()
    assert initiative.title == "Sổ theo dõi hồ sơ điện tử"
    assert initiative.code == f"SK-{COMING}-VP-01"
    assert list(initiative.authors.all()) == [third]
    first, second = initiative.revisions.order_by("created_at", "pk")
    assert first.content["title"] == "Sổ theo dõi điện tử"  # the version as registered is kept
    assert second.content["title"] == "Sổ theo dõi hồ sơ điện tử"
    shown = text(client.get(response["Location"]))
    assert "Đã sửa sáng kiến; phiên bản trước vẫn được lưu." in shown
    assert "Đã đăng ký" in shown
    assert "Đã sửa (tên, tác giả)" in shown
    assert "Lan" in shown  # who
    # The unit gets its receipt, the office a notice with the names, the reference and a link.
    to_unit, to_office = mail.outbox
    assert to_unit.to == ["vanphong@example.gov.vn"]
    assert to_office.to == ["chanhvp@example.gov.vn"]
    for message in (to_unit, to_office):
        assert initiative.code in message.subject
        assert "Văn phòng Sở đã sửa sáng kiến “Sổ theo dõi hồ sơ điện tử”" in message.body
        assert third.full_name in message.body
    assert f"http://127.0.0.1:8000/don-vi/sang-kien/{initiative.pk}/" in to_unit.body
    assert f"http://127.0.0.1:8000/admin/emulation/initiative/inspect/{initiative.pk}/" in to_office.body
    # The admin's inspect screen shows the same history.
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.com", "pw")
    client.force_login(admin)
    inspect = text(client.get(f"/admin/emulation/initiative/inspect/{initiative.pk}/"))
    assert "Đã sửa (tên, tác giả)" in inspect
    assert "Lan" in inspect


def test_sending_the_same_content_again_changes_nothing(initiative, clerk, client):
    client.force_login(clerk)
    response = client.post(f"/don-vi/sang-kien/{initiative.pk}/sua/", edit_data(initiative), follow=True)
    assert "Không có gì thay đổi." in text(response)
    assert initiative.revisions.count() == 1


def test_replacing_the_file_keeps_the_old_one_in_the_revision_and_serves_the_new_one(
    initiative, clerk, centre, office, client, django_user_model
):
    old_name = initiative.attachment.name
    client.force_login(clerk)
    data = edit_data(initiative, attachment=SimpleUploadedFile("anh-chup.png", png()))
    assert client.post(f"/don-vi/sang-kien/{initiative.pk}/sua/", data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Sổ theo dõi điện tử"
    assert initiative.attachment.name != old_name
    assert initiative.attachment_name == f"sk-{COMING}-vp-01.png"
    assert initiative.attachment.storage.exists(old_name)  # still there, still private
    first = initiative.revisions.order_by("created_at", "pk").first()
    assert first.content["attachment"] == old_name
    download = client.get(f"/don-vi/sang-kien/{initiative.pk}/tep/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png()
    page = client.get(f"/don-vi/sang-kien/{initiative.pk}/")
    assert "Đã thay tệp" in text(page)
    old_url = f"/don-vi/sang-kien/{initiative.pk}/tep/{first.pk}/"
    assert f'href="{old_url}"' in page.content.decode()  # the previous file, from the history
    for user, status in [(clerk, 200), (office, 200), (django_user_model.objects.get(username="ttkc"), 404)]:
        client.force_login(user)
        response = client.get(old_url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
    client.logout()
    assert client.get(old_url).status_code == 404


def test_a_bad_new_file_is_refused_and_nothing_typed_is_lost(initiative, clerk, client):
    client.force_login(clerk)
    data = edit_data(initiative, title="Tên mới đã gõ", attachment=SimpleUploadedFile("x.pdf", b"<html></html>"))
    response = client.post(f"/don-vi/sang-kien/{initiative.pk}/sua/", data)
    assert response.status_code == 200
    page = text(response)
    assert "Chỉ nhận tệp PDF, Word (.docx) và hình ảnh (PNG, JPEG)." in page
    assert "Tên mới đã gõ" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Sổ theo dõi điện tử"


def test_withdrawing_keeps_the_initiative_shown_as_withdrawn_and_off_the_office_list(
    initiative, vp, clerk, client, django_user_model, django_capture_on_commit_callbacks
):
    from emulation.models import EmulationYear
    from emulation.selectors import missing_units

    emulation_year = EmulationYear.objects.get(year=COMING)
    emulation_year.participants.set([vp])
    assert vp not in missing_units(emulation_year, "initiative")
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/don-vi/sang-kien/{initiative.pk}/rut/", {"reason": "Trùng với sáng kiến năm trước."})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.result == Initiative.Result.WITHDRAWN
    assert Initiative.objects.filter(pk=initiative.pk).exists()  # kept
    page = text(client.get(f"/don-vi/sang-kien/{initiative.pk}/"))
    assert "Đã rút sáng kiến." in page
    assert "Đơn vị đã rút" in page
    assert "Trùng với sáng kiến năm trước." in page
    assert "Đơn vị đã rút sáng kiến này: sáng kiến được lưu làm hồ sơ và không thể sửa được nữa." in page
    assert f'href="/don-vi/sang-kien/{initiative.pk}/sua/"' not in page
    assert "Trùng với sáng kiến năm trước." in mail.outbox[-1].body
    # Not pending for the office any more: not in the council's list nor on the office's first screen.
    assert not Initiative.objects.filter(result=Initiative.Result.PENDING).exists()
    assert vp in missing_units(emulation_year, "initiative")
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.com", "pw")
    client.force_login(admin)
    home = client.get("/admin/").content.decode()
    assert initiative.code not in home
    # And it can no longer be changed.
    client.force_login(clerk)
    refused = client.post(f"/don-vi/sang-kien/{initiative.pk}/sua/", edit_data(initiative, title="Sửa sau khi rút"))
    assert refused.status_code == 200
    assert "không thể sửa được nữa" in text(refused)
    initiative.refresh_from_db()
    assert initiative.title == "Sổ theo dõi điện tử"


def test_after_the_deadline_the_initiative_is_read_only_with_the_reason(vp, clerk, client):
    late = b.initiative("SK-2020-VP-01", list(vp.people.all()[:1]), year=2020, result=Initiative.Result.PENDING)
    reason = (
        "Đã hết hạn đăng ký sáng kiến năm 2020 (28/08/2020): sáng kiến được giữ như đã đăng ký và không thể sửa "
        "tại đây nữa."
    )
    client.force_login(clerk)
    page = text(client.get(f"/don-vi/sang-kien/{late.pk}/"))
    assert reason in page
    assert "Rút sáng kiến" not in page
    opened = client.get(f"/don-vi/sang-kien/{late.pk}/sua/", follow=True)
    assert reason in text(opened)
    refused = client.post(f"/don-vi/sang-kien/{late.pk}/sua/", edit_data(late, title="Tên gõ sau hạn"))
    assert refused.status_code == 200
    assert reason in text(refused)
    assert "Tên gõ sau hạn" in refused.content.decode()  # nothing typed is lost
    withdrawn = client.post(f"/don-vi/sang-kien/{late.pk}/rut/", {"reason": "Thôi"})
    assert withdrawn.status_code == 200
    assert reason in text(withdrawn)
    late.refresh_from_db()
    assert (late.title, late.result) == ("Sáng kiến SK-2020-VP-01", Initiative.Result.PENDING)
    with pytest.raises(ValidationError, match="28/08/2020"):
        services.initiative_withdraw(initiative=late, unit=vp)


def test_once_scored_or_decided_the_initiative_is_read_only(initiative, vp, clerk, client):
    initiative.recorded_score = 85
    initiative.save(update_fields=["recorded_score"])
    client.force_login(clerk)
    assert "Hội đồng sáng kiến đã bắt đầu chấm điểm sáng kiến này" in text(
        client.get(f"/don-vi/sang-kien/{initiative.pk}/")
    )
    initiative.result = Initiative.Result.RECOGNISED
    initiative.save(update_fields=["result"])
    page = text(client.get(f"/don-vi/sang-kien/{initiative.pk}/"))
    assert "Văn phòng Sở đã ghi nhận kết quả của sáng kiến này: không thể sửa được nữa." in page
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative, unit=vp, title="x", authors=list(vp.people.all()[:1]), summary=""
        )


def test_the_office_recording_a_result_shows_in_the_history(initiative, clerk, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.com", "pw", first_name="Minh")
    client.force_login(admin)
    form = {
        "code": initiative.code,
        "year": initiative.year,
        "unit": initiative.unit_id,
        "registered_on": initiative.registered_on.strftime("%Y-%m-%d"),
        "title": initiative.title,
        "authors": [author.pk for author in initiative.authors.all()],
        "summary": initiative.summary,
        "scores-TOTAL_FORMS": "0",
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "result": "recognised",
        "scope": "1",
        "recorded_score": "",
    }
    response = client.post(f"/admin/emulation/initiative/edit/{initiative.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(clerk)
    page = text(client.get(f"/don-vi/sang-kien/{initiative.pk}/"))
    assert "Văn phòng Sở ghi nhận kết quả: được công nhận" in page
    assert "Minh" in page


def test_another_units_initiative_cannot_be_opened_or_changed(initiative, centre, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="ttkc"))
    for url in [f"/don-vi/sang-kien/{initiative.pk}/", f"/don-vi/sang-kien/{initiative.pk}/sua/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/don-vi/sang-kien/{initiative.pk}/rut/", {}).status_code == 404
    with pytest.raises(ValidationError, match="thuộc đơn vị khác"):
        services.initiative_withdraw(initiative=initiative, unit=centre)
    initiative.refresh_from_db()
    assert initiative.result == Initiative.Result.PENDING


# Authors from the unit's own people


def test_the_authors_offered_are_the_active_people_of_the_unit(vp, centre, clerk, client):
    client.force_login(clerk)
    page = client.get(f"/don-vi/sang-kien/dang-ky/{COMING}/").content.decode()
    for person in Person.objects.all():
        offered = f'value="{person.pk}"' in page
        assert offered == (person.unit_id == vp.pk and person.active), person.code


def test_an_author_of_another_unit_is_refused_next_to_the_field(initiative, centre, clerk, client):
    stranger = centre.people.first()
    client.force_login(clerk)
    data = edit_data(initiative, title="Tên đã gõ", authors=[stranger.pk])
    response = client.post(f"/don-vi/sang-kien/{initiative.pk}/sua/", data)
    assert response.status_code == 200
    html = response.content.decode()
    fieldset = html[html.index("<fieldset>") : html.index("</fieldset>")]
    assert "Hãy chọn tác giả trong số cán bộ đang công tác của đơn vị." in fieldset
    assert "Tên đã gõ" in html
    assert not initiative.authors.filter(pk=stranger.pk).exists()
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative, unit=initiative.unit, title="x", authors=[stranger], summary=""
        )


# The printable registration


@pytest.fixture
def registration(vp, clerk):
    people = list(vp.people.filter(active=True))
    registration = services.registration_save(
        unit=vp,
        year=COMING,
        user=clerk,
        collective_title=b.title("ttldxs"),
        pledge="Hoàn thành xuất sắc nhiệm vụ.\nKhông có cán bộ vi phạm kỷ luật.",
        entries=[(people[0], b.title("cstdcs")), (people[1], b.title("ldtt"))],
    )
    return services.registration_submit(registration=registration, user=clerk)


def test_the_printable_registration_is_laid_out_as_an_administrative_document(registration, vp, clerk, client):
    client.force_login(clerk)
    url = f"/don-vi/ban-dang-ky/{registration.pk}/in/"
    assert f'href="{url}"' in client.get(f"/don-vi/dang-ky/{COMING}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert "<script>" not in html and "style=" not in html  # print CSS from the stylesheet; no script needed
    header = page[: page.index("BẢN ĐĂNG KÝ THI ĐUA")]
    assert re.search(r"SỞ CÔNG THƯƠNG\s+VĂN PHÒNG SỞ", header)  # the superior body over the unit
    assert "<strong>VĂN PHÒNG SỞ</strong>" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    sent = timezone.localtime(registration.submitted_at)
    assert f"Gia Lai, ngày {sent:%d} tháng {sent:%m} năm {sent:%Y}" in header
    assert f"BẢN ĐĂNG KÝ THI ĐUA NĂM {COMING}" in page
    assert "Tập thể lao động xuất sắc" in page
    assert "Hoàn thành xuất sắc nhiệm vụ.<br>Không có cán bộ vi phạm kỷ luật." in html  # its line breaks kept
    people = list(vp.people.filter(active=True))
    assert re.search(rf"1 {people[0].full_name} +Chiến sĩ thi đua cơ sở", page)
    assert re.search(rf"2 {people[1].full_name} +Lao động tiên tiến", page)
    assert f"DK-{COMING}-VP" in page
    assert "Trạng thái: đã gửi" in page
    assert "THỦ TRƯỞNG ĐƠN VỊ" in page
    assert "(Ký, ghi rõ họ tên, đóng dấu)" in page


SEES = {"the unit", "the office", "the emulation council", "the initiative council", "an administrator"}


@pytest.fixture
def everyone(vp, centre, django_user_model):
    return {
        "the unit": django_user_model.objects.get(username="vanphong"),
        "another unit": django_user_model.objects.get(username="ttkc"),
        "an editor": user_in(django_user_model, "bientap", "Biên tập viên"),
        "the office": user_in(django_user_model, "chanhvp", "Văn phòng"),
        "the emulation council": user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"),
        "the initiative council": user_in(django_user_model, "hdsk", "Hội đồng sáng kiến"),
        "an administrator": user_in(django_user_model, "quantri", is_superuser=True, is_staff=True),
        "a signed-in account of no group": user_in(django_user_model, "khach"),
    }


def test_the_printable_registration_opens_for_the_unit_the_office_and_the_councils_only(registration, everyone, client):
    url = f"/don-vi/ban-dang-ky/{registration.pk}/in/"
    for who, user in everyone.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if who in SEES else 404), who
    client.logout()
    assert client.get(url).status_code == 404  # signed out: 404, as the private files answer
    client.force_login(everyone["the unit"])
    assert client.get(f"/don-vi/ban-dang-ky/{registration.pk + 1}/in/").status_code == 404


def test_the_office_finds_the_print_view_on_the_review_screen(registration, everyone, client):
    client.force_login(everyone["an administrator"])
    review = client.get(f"/admin/emulation/registration/{registration.pk}/review/").content.decode()
    assert f'href="/don-vi/ban-dang-ky/{registration.pk}/in/"' in review
    assert "Đơn vị chưa gửi bản có chữ ký." in review


# The signed scan


def send_scan(client, content=PDF, name="ban-ky.pdf"):
    return client.post(f"/don-vi/dang-ky/{COMING}/ban-ky/", {"scan": SimpleUploadedFile(name, content)})


def test_the_signed_scan_is_attached_replaced_and_shown_to_the_office(registration, everyone, client):
    client.force_login(everyone["the unit"])
    page = client.get(f"/don-vi/dang-ky/{COMING}/")
    assert f'href="/don-vi/dang-ky/{COMING}/ban-ky/"' in page.content.decode()
    assert client.get(f"/don-vi/dang-ky/{COMING}/ban-ky/").status_code == 200
    response = send_scan(client)
    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/dang-ky/{COMING}/"
    registration.refresh_from_db()
    first = registration.signed_scan.name
    assert registration.signed_scan_name == f"dk-{COMING}-vp-ban-ky.pdf"
    shown = client.get(response["Location"])
    assert "Đã gửi bản có chữ ký kèm bản đăng ký." in text(shown)
    assert f'href="/don-vi/ban-dang-ky/{registration.pk}/ban-ky/"' in shown.content.decode()
    assert "Đã gửi bản có chữ ký" in text(shown)  # in the history
    assert send_scan(client, png(), "anh.png").status_code == 302  # replaced before the deadline
    registration.refresh_from_db()
    assert registration.signed_scan_name == f"dk-{COMING}-vp-ban-ky.png"
    assert registration.signed_scan.storage.exists(first)  # the old scan is kept, named by a revision
    assert any(r.content.get("signed_scan") == first for r in registration.revisions.all())
    client.force_login(everyone["an administrator"])
    review = client.get(f"/admin/emulation/registration/{registration.pk}/review/").content.decode()
    assert f'href="/don-vi/ban-dang-ky/{registration.pk}/ban-ky/"' in review


def test_a_scan_of_the_wrong_type_is_refused_next_to_the_field(registration, everyone, client):
    from tests.emulation.test_unit_initiatives import docx

    client.force_login(everyone["the unit"])
    for content, name, message in [
        (docx(), "ban-ky.docx", "Bản có chữ ký chỉ nhận tệp PDF hoặc hình ảnh (PNG, JPEG)."),
        (b"MZ\x90\x00", "ban-ky.pdf", "Chỉ nhận tệp PDF, Word (.docx) và hình ảnh (PNG, JPEG)."),
    ]:
        response = send_scan(client, content, name)
        assert response.status_code == 200
        assert message in text(response)
    registration.refresh_from_db()
    assert not registration.signed_scan


def test_the_signed_scan_is_seen_by_the_unit_the_office_and_the_councils_only(registration, everyone, client):
    services.registration_attach_scan(
        registration=registration,
        unit=registration.unit,
        upload=SimpleUploadedFile("ban-ky.pdf", PDF),
        kind="pdf",
        user=everyone["the unit"],
    )
    url = f"/don-vi/ban-dang-ky/{registration.pk}/ban-ky/"
    for who, user in everyone.items():
        client.force_login(user)
        response = client.get(url)
        if who in SEES:
            assert response.status_code == 200, who
            assert b"".join(response.streaming_content) == PDF, who
            assert response["Content-Disposition"] == f'attachment; filename="dk-{COMING}-vp-ban-ky.pdf"', who
            assert response["Cache-Control"] == "private, no-store", who
        else:
            assert response.status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 404
    downloads = ModelLogEntry.objects.filter(action="emulation.download", object_id=str(registration.pk))
    assert downloads.count() == len(SEES)  # each download logged, no refusal


def test_after_the_deadline_the_scan_can_no_longer_be_sent(vp, clerk, client):
    old = b.register(vp, year=2020, status=RegistrationStatus.ACCEPTED)
    client.force_login(clerk)
    page = text(client.get("/don-vi/dang-ky/2020/ban-ky/"))
    assert "Đã hết hạn đăng ký: không thể gửi hoặc thay bản có chữ ký tại đây nữa." in page
    response = client.post("/don-vi/dang-ky/2020/ban-ky/", {"scan": SimpleUploadedFile("b.pdf", PDF)})
    assert response.status_code == 200
    assert "Đã hết hạn đăng ký thi đua năm 2020" in text(response)
    old.refresh_from_db()
    assert not old.signed_scan
    assert f'href="/don-vi/ban-dang-ky/{old.pk}/in/"' in client.get("/don-vi/dang-ky/2020/").content.decode()


# The receipt


def test_the_receipt_claims_an_e_mail_only_when_one_was_sent(
    vp, clerk, client, django_user_model, django_capture_on_commit_callbacks
):
    clerk.email = ""
    clerk.save(update_fields=["email"])
    client.force_login(clerk)
    registration = services.registration_save(unit=vp, year=COMING, user=clerk, collective_title=b.title("ttldxs"))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(registration=registration, user=clerk)
    assert mail.outbox == []
    receipt = text(client.get(f"/don-vi/dang-ky/{COMING}/bien-nhan/"))
    assert "Không có thư điện tử nào được gửi cho bản đăng ký này" in receipt
    assert "đã được gửi qua thư điện tử" not in receipt
    # Returned, then sent again by an account with an address: now the receipt names it.
    services.registration_review(registration=registration, accept=False, reason="Bổ sung")
    clerk.email = "lan@example.gov.vn"
    clerk.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(registration=registration, user=clerk)
    assert [message.to for message in mail.outbox] == [["lan@example.gov.vn"]]
    receipt = text(client.get(f"/don-vi/dang-ky/{COMING}/bien-nhan/"))
    assert "Bản sao biên nhận này đã được gửi qua thư điện tử tới lan@example.gov.vn." in receipt


# Queries


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_new_pages_make_a_fixed_number_of_queries(
    vp, clerk, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Each page's queries do not grow with the initiatives, their corrections or the registered people."""
    client.force_login(clerk)
    one = submit(vp, clerk, "Một")
    registration = services.registration_save(
        unit=vp, year=COMING, user=clerk, entries=[(vp.people.first(), b.title("ldtt"))]
    )
    services.registration_attach_scan(
        registration=registration, unit=vp, upload=SimpleUploadedFile("a.pdf", PDF), kind="pdf", user=clerk
    )
    urls = [
        f"/don-vi/sang-kien/{one.pk}/",
        f"/don-vi/sang-kien/{one.pk}/sua/",
        f"/don-vi/ban-dang-ky/{registration.pk}/in/",
        f"/don-vi/dang-ky/{COMING}/ban-ky/",
        "/don-vi/",
    ]

    def warm_up():  # the site's menus are cached until a record changes: count the requests after the first
        for url in urls:
            client.get(url)

    warm_up()
    small = {url: count_queries(client, url) for url in urls}
    more = b.members(vp, 12)
    for number in range(5):
        submit(vp, clerk, f"Sáng kiến thêm {number}")
        services.initiative_update(
            initiative=one,
            unit=vp,
            title=f"Một, sửa lần {number}",
            authors=more[number : number + 2],
            summary="",
            attachment=SimpleUploadedFile("b.pdf", PDF) if number % 2 else None,
            kind="pdf",
            user=clerk,
        )
    services.registration_save(unit=vp, year=COMING, user=clerk, entries=[(person, b.title("ldtt")) for person in more])
    registration.refresh_from_db()
    assert registration.entries.count() == 12
    warm_up()
    for url in urls:
        assert count_queries(client, url) == small[url], url
        with django_assert_max_num_queries(16):
            client.get(url)
