"""The unit portal, through the test client, as a unit's staff and the office use it."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from emulation import services
from emulation.models import (
    DeadlineExtension,
    EmulationRegistration,
    Initiative,
    RegistrationEntry,
    RegistrationStatus,
    Title,
    Unit,
)
from tests.emulation import builders as b

COMING = timezone.localdate().year + 1


def sign_in(client, username, password=b.PASSWORD):
    return client.post("/tai-khoan/dang-nhap/", {"username": username, "password": password})


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def registration_post(people, *, submit=False, pledge="Phấn đấu hoàn thành xuất sắc nhiệm vụ.", title="ttldxs"):
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
def year_2020(db):
    """A past year: its deadlines (28/02/2020 for registrations, 28/08/2020 for initiatives) are long gone."""
    return b.plan_year(2020)


@pytest.fixture
def coming(year_2020):
    """Next year, opened from 2020 as the office opens it: its deadlines are still ahead."""
    return b.open_year(COMING, source=year_2020.year)


@pytest.fixture
def vp(db):
    return b.unit("VP", name="Văn phòng Sở")


@pytest.fixture
def vp_people(vp):
    return b.members(vp, 4)


@pytest.fixture
def vanphong(vp):
    """The office's portal account."""
    return b.unit_account(vp, "vanphong")


@pytest.fixture
def centre(db):
    return b.unit("TTKC", name="Trung tâm Khuyến công và Xúc tiến thương mại")


@pytest.fixture
def ttkc(centre):
    """The centre's portal account."""
    return b.unit_account(centre, "ttkc")


def with_pledge(registration, pledge):
    registration.pledge = pledge
    registration.save(update_fields=["pledge"])
    return registration


def test_the_whole_journey(
    coming, vp, vp_people, vanphong, client, django_user_model, django_capture_on_commit_callbacks
):
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(django_user_model.objects.create_superuser("office", "office@example.com", "pw"))
    response = sign_in(client, "vanphong")
    assert response.status_code == 302
    assert response["Location"] == "/don-vi/"
    before = client.get("/don-vi/")
    assert before.status_code == 200
    dashboard = text(before)
    assert vp.name in dashboard
    assert f"Thời hạn năm {COMING}" in dashboard
    assert f"{coming.registration_deadline:%d/%m/%Y}" in dashboard
    assert "ngày" in dashboard
    assert f"Chưa gửi đăng ký thi đua năm {COMING}." in dashboard

    people = [(vp_people[0], "cstdcs"), (vp_people[1], "ldtt"), (vp_people[2], "ldtt")]
    draft = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people))
    assert draft.status_code == 302
    registration = EmulationRegistration.objects.get(unit=vp, year=COMING)
    assert registration.status == "draft"
    assert registration.entries.count() == 3
    assert "Đã lưu bản nháp" in text(client.get(f"/don-vi/dang-ky/{COMING}/"))

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people, submit=True))
    assert submitted.status_code == 302
    assert submitted["Location"] == f"/don-vi/dang-ky/{COMING}/bien-nhan/"
    shown = client.get(submitted["Location"])
    assert shown.status_code == 200
    receipt = text(shown)
    assert f"DK-{COMING}-VP" in receipt
    assert "Biên nhận" in receipt
    assert f"{vp_people[0].full_name} — Chiến sĩ thi đua cơ sở" in receipt
    assert len(mail.outbox) == 1
    assert f"DK-{COMING}-VP" in mail.outbox[0].subject
    assert mail.outbox[0].to == [vanphong.user.email]

    home = admin_client.get("/admin/")
    assert home.status_code == 200
    assert f"{vp.name} {COMING}" in text(home)  # its row on the Today panel: unit, year, when sent
    with django_capture_on_commit_callbacks(execute=True):
        returned = admin_client.post(
            f"/admin/emulation/registration/{registration.pk}/review/",
            {"decision": "return", "reason": "Bổ sung danh sách cá nhân của phòng."},
        )
    assert returned.status_code == 302
    assert len(mail.outbox) == 2
    assert "Bổ sung danh sách cá nhân của phòng." in mail.outbox[1].body
    assert "Bổ sung danh sách cá nhân của phòng." in text(client.get("/don-vi/"))

    people.append((vp_people[3], "ldtt"))
    again = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post(people, submit=True))
    assert again.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "submitted"
    assert registration.entries.count() == 4
    assert not registration.return_reason
    assert registration.revisions.count() >= 4  # every saved version is kept


def test_a_repeated_submit_makes_one_record_and_says_so(coming, vp, vp_people, vanphong, client):
    sign_in(client, "vanphong")
    data = registration_post([(vp_people[0], "ldtt")], submit=True)
    first = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    assert first.status_code == 302
    second = client.post(f"/don-vi/dang-ky/{COMING}/", data, follow=True)
    assert second.status_code == 200
    assert EmulationRegistration.objects.filter(unit=vp, year=COMING).count() == 1
    assert "Bản đăng ký này không còn thay đổi được" in text(second)


def test_bad_input_keeps_what_was_typed(coming, vp, vp_people, vanphong, client):
    sign_in(client, "vanphong")
    data = registration_post([(vp_people[0], "ldtt")])
    data["entries-1-person"] = vp_people[1].pk  # a person without a title
    response = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    assert response.status_code == 200
    page = text(response)
    assert "Hãy chọn cả người và danh hiệu, hoặc để trống dòng này." in page
    assert "Phấn đấu hoàn thành xuất sắc nhiệm vụ." in response.content.decode()
    assert not EmulationRegistration.objects.filter(unit=vp, year=COMING).exists()


def test_the_pledge_is_plain_text_kept_as_typed_with_its_lines_everywhere(
    coming, vp, vp_people, vanphong, client, django_user_model, django_capture_on_commit_callbacks
):
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(django_user_model.objects.create_superuser("office", "office@example.com", "pw"))
    sign_in(client, "vanphong")
    typed = "Cam kết: a < b & c\r\nDòng hai <script>alert(1)</script>\r\n<b>đậm</b> =1+1"
    saved = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post([(vp_people[0], "ldtt")], pledge=typed))
    assert saved.status_code == 302
    registration = EmulationRegistration.objects.get(unit=vp, year=COMING)
    as_typed = "Cam kết: a < b & c\nDòng hai <script>alert(1)</script>\n<b>đậm</b> =1+1"
    assert registration.pledge == as_typed  # stored as typed, line breaks as LF
    form = client.get(f"/don-vi/dang-ky/{COMING}/").content.decode()
    assert "Cam kết: a &lt; b &amp; c\nDòng hai &lt;script&gt;alert(1)&lt;/script&gt;" in form  # back in the box
    assert "<script>alert(1)" not in form
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            f"/don-vi/dang-ky/{COMING}/", registration_post([(vp_people[0], "ldtt")], pledge=typed, submit=True)
        )
    assert submitted.status_code == 302
    shown = client.get(f"/don-vi/dang-ky/{COMING}/").content.decode()
    assert (
        "Cam kết: a &lt; b &amp; c<br>Dòng hai &lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b&gt;đậm&lt;/b&gt;" in shown
    )
    [receipt] = mail.outbox
    assert as_typed in receipt.body  # the e-mail carries it as typed, lines and all
    review = admin_client.get(f"/admin/emulation/registration/{registration.pk}/review/")
    assert review.status_code == 200
    assert "Cam kết: a &lt; b &amp; c<br>Dòng hai &lt;script&gt;" in review.content.decode()
    export = admin_client.get("/admin/snippets/emulation/emulationregistration/?export=xlsx")
    assert export.status_code == 200
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert as_typed in [cell.value for row in sheet.iter_rows() for cell in row]


def test_another_units_records_are_out_of_reach(year_2020, coming, vp, vp_people, centre, ttkc, client):
    centre_people = b.members(centre, 1)
    vp_initiative = b.initiative("SK-2020-VP-01", [vp_people[0]])
    own = b.initiative("SK-2020-TTKC-01", centre_people)
    with_pledge(b.register(vp, 2020, entries=[(vp_people[0], "ldtt")]), "<p>Cam kết riêng của Văn phòng.</p>")
    with_pledge(b.register(centre, 2020, entries=[(centre_people[0], "ldtt")]), "<p>Cam kết của Trung tâm.</p>")
    sign_in(client, "ttkc")
    assert client.get(f"/don-vi/sang-kien/{vp_initiative.pk}/").status_code == 404
    mine = client.get(f"/don-vi/sang-kien/{own.pk}/")
    assert mine.status_code == 200
    assert own.title in text(mine)
    response = client.post(f"/don-vi/dang-ky/{COMING}/", registration_post([(vp_people[0], "ldtt")]))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert not EmulationRegistration.objects.filter(unit=centre, year=COMING).exists()
    history = client.get("/don-vi/dang-ky/2020/")
    assert history.status_code == 200
    page = text(history)
    assert centre.name in page
    assert "Cam kết của Trung tâm." in page
    assert centre_people[0].full_name in page
    assert "Cam kết riêng của Văn phòng." not in page
    assert vp_people[0].full_name not in page


def test_2020_is_history_and_read_only(year_2020, vp, vp_people, vanphong, client):
    registration = b.register(vp, 2020, entries=[(vp_people[0], "ldtt")], status=RegistrationStatus.ACCEPTED)
    with_pledge(registration, "<p>Cam kết năm 2020.</p>")
    sign_in(client, "vanphong")
    response = client.get("/don-vi/dang-ky/2020/")
    assert response.status_code == 200
    page = text(response)
    assert "Hạn đăng ký đã qua" in page
    assert "Trạng thái: đã chấp nhận" in page
    assert "Cam kết năm 2020." in page
    assert f"{vp_people[0].full_name} — Lao động tiên tiến" in page
    refused = client.post("/don-vi/dang-ky/2020/", {"pledge": "Sửa"}, follow=True)
    assert refused.status_code == 200
    assert "Bản đăng ký này không còn thay đổi được" in text(refused)
    registration.refresh_from_db()
    assert registration.pledge == "<p>Cam kết năm 2020.</p>"


def test_login_is_throttled_after_repeated_failures(vanphong, client):
    for attempt in range(4):
        refused = sign_in(client, "vanphong", "sai-mat-khau")
        assert refused.status_code == 200, attempt
        assert "Vui lòng nhập đúng tên đăng nhập và mật khẩu." in text(refused), attempt
    fifth = sign_in(client, "vanphong", "sai-mat-khau")
    assert fifth.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in text(fifth)
    blocked = sign_in(client, "vanphong")  # the right password, too late
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in text(blocked)
    assert "_auth_user_id" not in client.session


def test_an_account_without_a_unit_is_told_where_to_go(db, client, django_user_model):
    django_user_model.objects.create_user("bientap", password="pw")
    client.post("/tai-khoan/dang-nhap/", {"username": "bientap", "password": "pw"})
    response = client.get("/don-vi/")
    assert response.status_code == 403
    assert "Tài khoản này không thuộc đơn vị nào" in text(response)


def test_every_public_page_links_to_the_unit_login(home_page, client):
    from tests.factories import make_plan

    plan = make_plan(home_page, year=2020)
    for url in ("/", plan.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'href="/tai-khoan/dang-nhap/"' in response.content.decode(), url
        assert "Đăng nhập" in text(response), url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI's second run)")
def test_two_staff_submitting_at_once_get_one_clean_result():
    from tests.factories import at_once, refresh_content_types

    refresh_content_types()  # ids from before the last flush or restore are stale
    unit = Unit.objects.create(code="U1", name="Phòng thử")
    from tests.emulation import builders as b

    b.plan_year(COMING, registration=False, strict_initiative=False)
    registration = EmulationRegistration.objects.create(unit=unit, year=COMING)

    def submit():
        services.registration_submit(registration=registration)
        return "ok"

    outcomes = at_once(submit)
    assert sorted(o if o == "ok" else o.messages[0] for o in outcomes) == ["Bản đăng ký này đã được gửi.", "ok"]


def test_rows_can_be_filled_from_the_units_workbook(coming, vp, vp_people, vanphong, client):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    b.members(vp, 1, active=False)  # someone who left: not in the workbook
    b.members(b.unit("TTKC"), 1)  # another unit's: not in the workbook
    sign_in(client, "vanphong")
    template = client.get(f"/don-vi/dang-ky/{COMING}/mau.xlsx")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã cá nhân", "Họ và tên", "Danh hiệu")
    assert rows[1:] == [(person.code, person.full_name, None) for person in vp_people]  # the unit's active people
    sheet["C2"] = "chien sy thi dua co so"
    sheet["C3"] = "Lao động tiên tiến"
    buffer = io.BytesIO()
    book.save(buffer)
    data = registration_post([])
    data.pop("save")
    data["import"] = "1"
    data["entries_file"] = SimpleUploadedFile("ds.xlsx", buffer.getvalue())
    page = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã đọc 2 dòng từ tệp Excel" in html
    assert not EmulationRegistration.objects.filter(unit=vp, year=COMING).exists()  # nothing saved yet
    assert f'<option value="{vp_people[0].pk}" selected>' in html
    assert f'<option value="{vp_people[1].pk}" selected>' in html

    sheet["A4"] = "P999"
    sheet["C4"] = "Danh hiệu lạ"
    buffer = io.BytesIO()
    book.save(buffer)
    data["entries_file"] = SimpleUploadedFile("ds.xlsx", buffer.getvalue())
    refused = client.post(f"/don-vi/dang-ky/{COMING}/", data)
    assert refused.status_code == 200
    errors = text(refused)
    assert "dòng 4, cột “Mã cá nhân”: không có cá nhân nào của đơn vị mã “P999”." in errors
    assert "dòng 4, cột “Danh hiệu”: danh hiệu không có trong danh mục: “Danh hiệu lạ”." in errors


def test_an_extension_reopens_a_closed_year_for_that_unit_only(year_2020, vp, vanphong, centre, ttkc, client):
    b.register(vp, 2020, status=RegistrationStatus.RETURNED)
    b.register(centre, 2020, status=RegistrationStatus.RETURNED)
    sign_in(client, "vanphong")
    closed = client.get("/don-vi/dang-ky/2020/")
    assert closed.status_code == 200
    assert "Hạn đăng ký đã qua" in text(closed)
    assert "Gửi Văn phòng Sở" not in text(closed)
    DeadlineExtension.objects.create(
        emulation_year=year_2020,
        unit=vp,
        kind="registration",
        until=timezone.localdate() + datetime.timedelta(days=3),
        reason="Bổ sung hồ sơ",
    )
    reopened = client.get("/don-vi/dang-ky/2020/")
    assert reopened.status_code == 200
    assert "Gửi Văn phòng Sở" in text(reopened)
    client.post("/tai-khoan/dang-xuat/")
    sign_in(client, "ttkc")
    other = client.get("/don-vi/dang-ky/2020/")
    assert other.status_code == 200
    assert "Hạn đăng ký đã qua" in text(other)
    assert "Gửi Văn phòng Sở" not in text(other)


def test_unit_pages_keep_their_query_count_as_records_grow(
    year_2020, coming, centre, ttkc, client, django_assert_num_queries
):
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from portal.models import AgencySettings

    AgencySettings.for_site(Site.objects.get(is_default_site=True))  # the site's details (made on the first visit)
    people = b.members(centre, 3)
    b.register(centre, 2020, entries=[(person, "ldtt") for person in people])
    b.initiative("SK-2020-TTKC-01", people[:1])
    sign_in(client, "ttkc")
    urls = ["/don-vi/", f"/don-vi/dang-ky/{COMING}/"]
    counts = {}
    for url in urls:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)

    years = range(2010, 2020)  # ten more years of records, added in bulk
    registrations = EmulationRegistration.objects.bulk_create(
        EmulationRegistration(unit=centre, year=year, status="accepted", collective_title=b.title("ttldtt"))
        for year in years
    )
    RegistrationEntry.objects.bulk_create(
        RegistrationEntry(registration=registration, person=person, title=b.title("ldtt"))
        for registration in registrations
        for person in people
    )
    initiatives = Initiative.objects.bulk_create(
        Initiative(code=f"X{year}-{index}", year=year, title=f"Sáng kiến cũ {year}-{index}", unit=centre)
        for year in years
        for index in range(3)
    )
    authorship = Initiative._meta.get_field("authors").remote_field.through
    authorship.objects.bulk_create(authorship(initiative=item, person=people[0]) for item in initiatives)

    pages = {}
    for url, count in counts.items():
        with django_assert_num_queries(count):
            pages[url] = client.get(url)
        assert pages[url].status_code == 200, url
    dashboard = pages["/don-vi/"].content.decode()
    assert 'href="/don-vi/dang-ky/2010/"' in dashboard  # the new records are on the page
    assert "Sáng kiến cũ 2010-0" in dashboard


def test_each_form_says_its_deadline_and_the_emails_name_and_link(
    coming, vp, vp_people, vanphong, client, django_capture_on_commit_callbacks
):
    import datetime

    from emulation.models import DeadlineExtension

    sign_in(client, "vanphong")
    deadline = coming.registration_deadline  # 28/02, or the Friday before when it falls on a weekend
    days = (deadline - timezone.localdate()).days
    assert f"Hạn gửi: {deadline:%d/%m/%Y} (còn {days} ngày)." in text(client.get(f"/don-vi/dang-ky/{COMING}/"))
    initiative_days = (coming.initiative_deadline - timezone.localdate()).days
    page = text(client.get(f"/don-vi/sang-kien/dang-ky/{COMING}/"))
    assert f"Hạn gửi: {coming.initiative_deadline:%d/%m/%Y} (còn {initiative_days} ngày)." in page
    DeadlineExtension.objects.create(
        emulation_year=coming, unit=vp, kind="registration", until=datetime.date(COMING, 3, 10), reason="Bổ sung"
    )
    assert f"Hạn gửi: 10/03/{COMING}" in text(client.get(f"/don-vi/dang-ky/{COMING}/"))  # the unit's own date

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/don-vi/dang-ky/{COMING}/", registration_post([(vp_people[0], "ldtt")], submit=True))
    [receipt_mail] = mail.outbox
    assert f"- {vp_people[0].full_name} – Lao động tiên tiến" in receipt_mail.body
    assert f"http://127.0.0.1:8000/don-vi/dang-ky/{COMING}/" in receipt_mail.body
    receipt = text(client.get(f"/don-vi/dang-ky/{COMING}/bien-nhan/"))
    # It says only what happened: the e-mail went, to that address (test_unit_corrections: when none went).
    assert "Bản sao biên nhận này đã được gửi qua thư điện tử tới vanphong@example.gov.vn." in receipt
    assert "Văn phòng Sở sẽ xem xét bản đăng ký" in receipt


def test_the_unit_sees_the_history_of_its_registration(coming, vp, vp_people, vanphong, client, django_user_model):
    from django.test import Client

    office = Client()
    office.force_login(django_user_model.objects.create_superuser("chanhvp", "cvp@example.com", "pw", first_name="Hà"))
    sign_in(client, "vanphong")
    url = f"/don-vi/dang-ky/{COMING}/"
    client.post(url, registration_post([(vp_people[0], "ldtt")], submit=True))
    registration = EmulationRegistration.objects.get(unit=vp, year=COMING)
    office.post(
        f"/admin/emulation/registration/{registration.pk}/review/",
        {"decision": "return", "reason": "Thiếu cá nhân của phòng."},
    )
    client.post(url, registration_post([(vp_people[0], "ldtt"), (vp_people[1], "ldtt")], submit=True))
    office.post(f"/admin/emulation/registration/{registration.pk}/review/", {"decision": "accept"})
    page = client.get(url).content.decode()
    table = re.search(r'<table class="history">(.*?)</table>', page, re.S).group(1)
    rows = [
        [re.sub(r"<[^>]+>", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        if "<td>" in row
    ]
    assert [row[1] for row in rows] == ["Bản nháp", "Đã gửi", "Trả lại", "Đã gửi", "Đã chấp nhận"]
    assert rows[1][2] == "vanphong"
    assert rows[2][2] == "Hà"  # the office member who returned it
    assert rows[2][3] == "Thiếu cá nhân của phòng."  # the office's reason stays after the unit sent it again
    assert rows[3][3] == ""
    assert rows[4][2] == "Hà"
