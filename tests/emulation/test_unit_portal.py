"""The unit portal, through the test client, as a unit's staff and the office use it."""

import re
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from emulation import services
from emulation.models import EmulationRegistration, Initiative, Person, Title, Unit

COMING = timezone.localdate().year + 1


def sign_in(client, username, password=None):
    return client.post("/tai-khoan/dang-nhap/", {"username": username, "password": password or settings.DEMO_PASSWORD})


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def registration_post(people, *, submit=False, pledge="<p>Phấn đấu hoàn thành xuất sắc nhiệm vụ.</p>", title="ttldxs"):
    data = {
        "collective_title": Title.objects.get(code=title).pk,
        "pledge": pledge,
        "entries-TOTAL_FORMS": str(len(people) + 1),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for index, (person, code) in enumerate(people):
        data[f"entries-{index}-person"] = person.pk
        data[f"entries-{index}-title"] = Title.objects.get(code=code).pk
    data[f"entries-{len(people)}-person"] = ""
    data[f"entries-{len(people)}-title"] = ""
    data["submit" if submit else "save"] = "1"
    return data


@pytest.fixture
def vp_people(demo):
    return list(Person.objects.filter(unit__code="VP").order_by("code")[:3])


def test_the_whole_journey(demo, client, vp_people, django_user_model, django_capture_on_commit_callbacks):
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(django_user_model.objects.create_superuser("office", "office@example.com", "pw"))
    response = sign_in(client, "vanphong")
    assert response.status_code == 302
    assert response["Location"] == "/don-vi/"
    dashboard = text(client.get("/don-vi/"))
    assert f"Thời hạn năm {COMING}" in dashboard
    assert "ngày" in dashboard
    assert f"Chưa gửi đăng ký thi đua năm {COMING}." in dashboard

    people = [(vp_people[0], "cstdcs"), (vp_people[1], "ldtt"), (vp_people[2], "ldtt")]
    draft = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people))
    assert draft.status_code == 302
    registration = EmulationRegistration.objects.get(unit__code="VP", year=COMING)
    assert registration.status == "draft"
    assert registration.entries.count() == 3
    assert "Đã lưu bản nháp" in text(client.get(f"/don-vi/dang-ky/{COMING}/"))

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people, submit=True))
    assert submitted["Location"] == f"/don-vi/dang-ky/{COMING}/bien-nhan/"
    receipt = text(client.get(submitted["Location"]))
    assert f"DK-{COMING}-VP" in receipt
    assert "Biên nhận" in receipt
    assert len(mail.outbox) == 1
    assert f"DK-{COMING}-VP" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["vanphong@demo.thidua.invalid"]

    panel = text(admin_client.get("/admin/"))
    assert "Văn phòng Sở – " + str(COMING) in panel
    with django_capture_on_commit_callbacks(execute=True):
        returned = admin_client.post(
            f"/admin/emulation/registration/{registration.pk}/review/",
            {"decision": "return", "reason": "Bổ sung danh sách cá nhân của phòng."},
        )
    assert returned.status_code == 302
    assert len(mail.outbox) == 2
    assert "Bổ sung danh sách cá nhân của phòng." in mail.outbox[1].body
    assert "Bổ sung danh sách cá nhân của phòng." in text(client.get("/don-vi/"))

    people.append((Person.objects.filter(unit__code="VP").order_by("code")[3], "ldtt"))
    again = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people, submit=True))
    assert again.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "submitted"
    assert registration.entries.count() == 4
    assert not registration.return_reason
    assert registration.revisions.count() >= 4  # every saved version is kept


def test_a_repeated_submit_makes_one_record_and_says_so(demo, client, vp_people):
    sign_in(client, "vanphong")
    data = registration_post([(vp_people[0], "ldtt")], submit=True)
    client.post(f"/don-vi/dang-ky/{COMING}/", data)
    second = client.post(f"/don-vi/dang-ky/{COMING}/", data, follow=True)
    assert EmulationRegistration.objects.filter(unit__code="VP", year=COMING).count() == 1
    assert "Bản đăng ký này không còn thay đổi được" in text(second)


def test_bad_input_keeps_what_was_typed(demo, client, vp_people):
    sign_in(client, "vanphong")
    data = registration_post([(vp_people[0], "ldtt")])
    data["entries-1-person"] = vp_people[1].pk  # a person without a title
    response = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    assert response.status_code == 200
    page = text(response)
    assert "Hãy chọn cả người và danh hiệu, hoặc để trống dòng này." in page
    assert "Phấn đấu hoàn thành xuất sắc nhiệm vụ." in response.content.decode()
    assert not EmulationRegistration.objects.filter(unit__code="VP", year=COMING).exists()


def test_hostile_pledge_is_stored_clean_and_never_runs(demo, client, vp_people):
    sign_in(client, "vanphong")
    hostile = (
        '<p onclick="alert(1)">Cam kết</p><script>alert("x")</script><img src=x onerror=alert(2)>'
        '<a href="javascript:alert(3)">xem</a><b>đậm'
    )
    client.post(f"/don-vi/dang-ky/{COMING}/", registration_post([(vp_people[0], "ldtt")], pledge=hostile))
    stored = EmulationRegistration.objects.get(unit__code="VP", year=COMING).pledge
    for bad in ("onclick", "<script", "onerror", "javascript:", "<img"):
        assert bad not in stored
    assert "Cam kết" in stored
    assert "<b>đậm</b>" in stored
    page = client.get(f"/don-vi/dang-ky/{COMING}/").content.decode()
    assert "<script>alert" not in page
    assert "onerror=" not in page


def test_another_units_records_are_out_of_reach(demo, client):
    vp_initiative = Initiative.objects.filter(unit__code="VP").first()
    sign_in(client, "ttkc")
    assert client.get(f"/don-vi/sang-kien/{vp_initiative.pk}/").status_code == 404
    own = Initiative.objects.filter(unit__code="TTKC").first()
    assert client.get(f"/don-vi/sang-kien/{own.pk}/").status_code == 200
    stranger = Person.objects.filter(unit__code="VP").first()
    response = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post([(stranger, "ldtt")]))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert not EmulationRegistration.objects.filter(unit__code="TTKC", year=COMING).exists()
    page = text(client.get("/don-vi/dang-ky/2020/"))
    assert "Trung tâm Khuyến công" in page
    assert "Văn phòng Sở –" not in page


def test_2020_is_history_and_read_only(demo, client):
    sign_in(client, "vanphong")
    page = text(client.get("/don-vi/dang-ky/2020/"))
    assert "Hạn đăng ký đã qua" in page
    assert "Trạng thái: đã chấp nhận" in page
    before = EmulationRegistration.objects.get(unit__code="VP", year=2020).pledge
    response = client.post("/don-vi/dang-ky/2020/", {"pledge": "Sửa"}, follow=True)
    assert "Bản đăng ký này không còn thay đổi được" in text(response)
    assert EmulationRegistration.objects.get(unit__code="VP", year=2020).pledge == before


def test_login_is_throttled_after_repeated_failures(demo, client):
    for attempt in range(5):
        refused = sign_in(client, "vanphong", "sai-mat-khau")
        assert refused.status_code == 200, attempt
        assert "Vui lòng nhập đúng tên đăng nhập và mật khẩu." in text(refused), attempt
    blocked = sign_in(client, "vanphong")
    assert blocked.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in text(blocked)


def test_an_account_without_a_unit_is_told_where_to_go(db, client, django_user_model):
    django_user_model.objects.create_user("bientap", password="pw")
    client.post("/tai-khoan/dang-nhap/", {"username": "bientap", "password": "pw"})
    response = client.get("/don-vi/")
    assert response.status_code == 403
    assert "Tài khoản này không thuộc đơn vị nào" in text(response)


def test_every_public_page_links_to_the_unit_login(demo, client):
    assert 'href="/tai-khoan/dang-nhap/"' in client.get("/").content.decode()
    assert "Đăng nhập" in text(client.get("/ke-hoach-thi-dua-khen-thuong-2020/"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI's second run)")
def test_two_staff_submitting_at_once_get_one_clean_result():
    from tests.factories import refresh_content_types

    refresh_content_types()  # ids from before the last flush or restore are stale
    unit = Unit.objects.create(code="U1", name="Phòng thử")
    from tests.emulation import builders as b

    b.plan_year(COMING, registration=False, strict_initiative=False)
    registration = EmulationRegistration.objects.create(unit=unit, year=COMING)
    outcomes, barrier = [], threading.Barrier(2)

    def submit():
        barrier.wait()
        try:
            services.registration_submit(registration=registration)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Bản đăng ký này đã được gửi.", "ok"]


def test_rows_can_be_filled_from_the_units_workbook(demo, client, vp_people):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, "vanphong")
    template = client.get(f"/don-vi/dang-ky/{COMING}/mau.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã cá nhân", "Họ và tên", "Danh hiệu")
    assert len(rows) == 6  # VP's five people
    sheet["C2"] = "chien sy thi dua co so"
    sheet["C3"] = "Lao động tiên tiến"
    buffer = io.BytesIO()
    book.save(buffer)
    data = registration_post([])
    data.pop("save")
    data["import"] = "1"
    data["entries_file"] = SimpleUploadedFile("ds.xlsx", buffer.getvalue())
    page = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    html = page.content.decode()
    assert "Đã đọc 2 dòng từ sổ tính" in html
    assert not EmulationRegistration.objects.filter(unit__code="VP", year=COMING).exists()  # nothing saved yet
    assert f'<option value="{vp_people[0].pk}" selected>' in html

    sheet["A4"] = "P999"
    sheet["C4"] = "Danh hiệu lạ"
    buffer = io.BytesIO()
    book.save(buffer)
    data["entries_file"] = SimpleUploadedFile("ds.xlsx", buffer.getvalue())
    errors = text(client.post(f"/don-vi/dang-ky/{COMING}/", data))
    assert "dòng 4, cột “Mã cá nhân”: không có cá nhân nào của đơn vị mã “P999”." in errors
    assert "dòng 4, cột “Danh hiệu”: danh hiệu không có trong danh mục: “Danh hiệu lạ”." in errors


def test_an_extension_reopens_a_closed_year_for_that_unit_only(demo, client, vp_people):
    import datetime

    from emulation.models import DeadlineExtension, EmulationYear

    EmulationRegistration.objects.filter(unit__code="VP", year=2020).update(status="returned")
    sign_in(client, "vanphong")
    assert "Hạn đăng ký đã qua" in text(client.get("/don-vi/dang-ky/2020/"))
    DeadlineExtension.objects.create(
        emulation_year=EmulationYear.objects.get(year=2020),
        unit=Unit.objects.get(code="VP"),
        kind="registration",
        until=timezone.localdate() + datetime.timedelta(days=3),
        reason="Bổ sung hồ sơ",
    )
    assert "Gửi Văn phòng Sở" in text(client.get("/don-vi/dang-ky/2020/"))
    client.post("/tai-khoan/dang-xuat/")
    sign_in(client, "ttkc")
    assert "Gửi Văn phòng Sở" not in text(client.get("/don-vi/dang-ky/2020/"))


def test_unit_pages_keep_their_query_count_as_records_grow(demo, client, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    from emulation.models import Title

    sign_in(client, "ttkc")
    urls = ["/don-vi/", f"/don-vi/dang-ky/{COMING}/"]
    counts = {}
    for url in urls:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    unit = Unit.objects.get(code="TTKC")
    people = list(Person.objects.filter(unit=unit))
    for year in range(2010, 2020):
        registration = EmulationRegistration.objects.create(
            unit=unit, year=year, status="accepted", collective_title=Title.objects.get(code="ttldtt")
        )
        for person in people:
            registration.entries.model.objects.create(
                registration=registration, person=person, title=Title.objects.get(code="ldtt")
            )
        for index in range(3):
            item = Initiative(code=f"X{year}-{index}", year=year, title="Sáng kiến cũ", unit=unit)
            item.authors = people[:1]
            item.save()
    for url, count in counts.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
