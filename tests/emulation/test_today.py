"""The office's first screen says what needs it today: registrations to review (accepted from the row, or opened to
return), deadlines overdue or near with the units that have not submitted, initiatives not scored; Wagtail's site
summary comes after."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from emulation.models import EmulationRegistration, EmulationYear
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_year(db):
    """This year, its registration due in 5 days and its initiatives 3 days overdue; three units."""
    today = timezone.localdate()
    office, centre, trade = (
        b.unit("VP", name="Văn phòng Sở"),
        b.unit("TTKC", name="Trung tâm Khuyến công"),
        b.unit("QLTM", name="Phòng Quản lý Thương mại"),
    )
    b.unit_account(office, "vanphong")
    year = EmulationYear.objects.create(
        year=today.year,
        registration_deadline=today + datetime.timedelta(days=5),
        initiative_deadline=today - datetime.timedelta(days=3),
    )
    year.participants.set([office, centre, trade])
    year.save()  # a ParentalManyToManyField is written when its instance is saved
    registration = b.register(office, year=today.year, collective=None, status="submitted")
    registration.submitted_at = timezone.now()
    registration.save()
    b.initiative(f"SK-{today.year}-TTKC-01", [b.person("C1", centre, grade=None)], year=today.year, result="pending")
    return year, registration


def test_the_dashboard_opens_on_what_to_do_today(today_year, admin_client):
    html = admin_client.get("/admin/").content.decode()
    today = html.index("Hôm nay")
    assert today < html.index("Theo dõi, đôn đốc")  # before the plan's follow-up …
    assert today < html.index('role="search"')  # … and before Wagtail's summary and page search
    section = html[today : html.index("Theo dõi, đôn đốc")]
    assert "1 bản đăng ký đang chờ xem xét" in section
    assert "Văn phòng Sở" in section
    assert "Chấp nhận" in section
    assert "Trả lại" in section
    rows = section.split("<tr>")
    registration_row = next(row for row in rows if "Đăng ký thi đua" in row)
    assert "Trung tâm Khuyến công" in registration_row  # has not registered
    assert "Văn phòng Sở" not in registration_row  # has (it is waiting for review)
    initiative_row = next(row for row in rows if "Đăng ký sáng kiến" in row)
    assert "Quá hạn 3 ngày" in initiative_row
    assert "Trung tâm Khuyến công" not in initiative_row  # registered one
    assert "1 sáng kiến chưa chấm điểm" in section


def test_a_registration_is_accepted_from_its_row(today_year, admin_client, django_capture_on_commit_callbacks):
    _year, registration = today_year
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/emulation/registration/{registration.pk}/review/", {"decision": "accept", "next": "/admin/"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert EmulationRegistration.objects.get(pk=registration.pk).status == "accepted"
    assert mail.outbox[0].to == ["vanphong@example.gov.vn"]
    assert "0 bản đăng ký đang chờ xem xét" in admin_client.get("/admin/").content.decode()


def test_return_opens_the_review_with_return_chosen(today_year, admin_client):
    _year, registration = today_year
    html = admin_client.get(f"/admin/emulation/registration/{registration.pk}/review/?decision=return").content.decode()
    [choice] = re.findall(r'<input[^>]*value="return"[^>]*>', html)
    assert "checked" in choice
    [other] = re.findall(r'<input[^>]*value="accept"[^>]*>', html)
    assert "checked" not in other


def test_the_today_panel_keeps_its_query_count(today_year, admin_client, django_assert_max_num_queries):
    assert admin_client.get("/admin/").status_code == 200
    with django_assert_max_num_queries(60) as captured:
        assert admin_client.get("/admin/").status_code == 200
    for number in range(30):
        unit = b.unit(f"U{number}")
        today_year[0].participants.add(unit)
        today_year[0].save()
        b.register(unit, year=today_year[0].year, collective=None, status="submitted")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert admin_client.get("/admin/").status_code == 200
