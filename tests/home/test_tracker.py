"""The plan tracker: each task's progress, overdue at the edge of the deadline day, the iCalendar feed."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from home.models import PlanPage, PlanTask

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN_URL = "/ke-hoach-thi-dua-khen-thuong-2020/"


def task(**fields):
    return PlanTask(number="1.1", text="Việc", deadline=datetime.date(2020, 2, 28), **fields)


@pytest.mark.parametrize(
    ("fields", "now", "state"),
    [
        ({}, datetime.datetime(2020, 2, 28, 23, 59, 59, tzinfo=HCM), "not-started"),
        ({}, datetime.datetime(2020, 2, 29, 0, 0, tzinfo=HCM), "overdue"),
        ({}, datetime.datetime(2020, 2, 28, 17, 0, tzinfo=datetime.UTC), "overdue"),  # midnight in Vietnam
        ({"status": "in-progress"}, datetime.datetime(2020, 2, 1, tzinfo=HCM), "in-progress"),
        ({"status": "done", "done_on": datetime.date(2020, 2, 28)}, datetime.datetime(2021, 1, 1, tzinfo=HCM), "done"),
        (
            {"status": "done", "done_on": datetime.date(2020, 2, 29)},
            datetime.datetime(2021, 1, 1, tzinfo=HCM),
            "done-late",
        ),
    ],
)
def test_task_state_at_the_edges_of_the_deadline_day(fields, now, state):
    assert task(**fields).state(now) == state


def test_a_done_task_needs_its_date(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        task(status="done").clean()
    assert error.value.message_dict["done_on"] == ["Hãy nhập ngày hoàn thành nhiệm vụ."]


def test_the_plan_page_shows_each_tasks_progress(demo, client):
    html = client.get(PLAN_URL).content.decode()
    assert html.count("Hoàn thành trễ hạn") == 3  # 2.1, 3.2 and 4.3 of the demo were late
    assert html.count("Hoàn thành đúng hạn") == 9
    assert "Hoàn thành trễ hạn (19/06/2020)" in html
    assert '<link rel="alternate" type="text/calendar"' in html
    assert f'href="{PLAN_URL}lich/"' in html
    assert f'href="{PLAN_URL}lich/"' in client.get("/").content.decode()


def test_the_ics_feed_lists_every_dated_task(demo, client):
    response = client.get(PLAN_URL + "lich/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    plan = PlanPage.objects.get(year=2020)
    dated = plan.tasks.exclude(deadline=None)
    assert unfolded.count("BEGIN:VEVENT") == dated.count() == 9
    for item in dated:
        assert f"DTSTART;VALUE=DATE:{item.deadline:%Y%m%d}" in unfolded
        assert f"UID:plan-task-{item.pk}@" in unfolded
    assert "SUMMARY:3.2. Họp Hội đồng sáng kiến để bình xét\\, chấm điểm các sáng kiến kinh nghiệm." in unfolded


def test_the_office_dashboard_lists_due_tasks_and_missing_units(demo, admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Theo dõi, đôn đốc" in html
    assert "đơn vị chưa gửi đăng ký thi đua năm" in html
    assert "Văn phòng Sở" in html
    assert "Nhiệm vụ của kế hoạch năm 2020 hoàn thành trễ hạn" in html
    assert "ngày hoàn thành 19/06/2020" in html
