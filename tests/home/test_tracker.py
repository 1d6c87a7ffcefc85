"""The plan tracker: each task's progress, overdue at the edge of the deadline day, the iCalendar feed."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from home.models import PlanTask
from tests.emulation.builders import unit
from tests.factories import date, make_done_task, make_plan, make_task

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN_URL = "/ke-hoach-2020/"
LONG_TASK = "Họp Hội đồng sáng kiến để bình xét, chấm điểm các sáng kiến kinh nghiệm."


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


@pytest.fixture
def plan(home_page):
    """A past year's plan: two tasks done on time (one with only a deadline note), two done late, one never done."""
    office = unit("VP", name="Văn phòng Sở")
    tasks = [
        make_done_task("1.1", deadline=date("28/02/2020"), done_on=date("25/02/2020"), lead=office),
        make_done_task("2.1", deadline=date("15/06/2020"), done_on=date("19/06/2020"), lead=office),
        make_done_task("2.2", deadline=None, done_on=date("30/11/2020"), period="q2"),
        make_done_task(
            "3.2", deadline=date("30/10/2020"), done_on=date("02/11/2020"), text=LONG_TASK, lead=office, period="q3"
        ),
        make_task("4.1", deadline=date("31/12/2020"), lead=office, period="q4"),
    ]
    return make_plan(home_page, year=2020, slug="ke-hoach-2020", tasks=tasks)


def test_the_plan_page_shows_each_tasks_progress(plan, client):
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Hoàn thành trễ hạn") == 2  # 2.1 and 3.2 were done after their deadline
    assert html.count("Hoàn thành đúng hạn") == 2  # 1.1, and 2.2 that has no date
    assert html.count("Quá hạn") == 1  # 4.1, never done
    assert "Hoàn thành trễ hạn (19/06/2020)" in html
    assert '<link rel="alternate" type="text/calendar"' in html
    assert f'href="{PLAN_URL}lich/"' in html
    home = client.get("/")
    assert home.status_code == 200
    assert f'href="{PLAN_URL}lich/"' in home.content.decode()


def test_the_ics_feed_lists_every_dated_task(plan, client):
    response = client.get(PLAN_URL + "lich/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\r\n " in body  # the long summary was folded, not cut
    dated = plan.tasks.exclude(deadline=None)
    assert dated.count() == 4  # 2.2 has only a note
    assert unfolded.count("BEGIN:VEVENT") == dated.count()
    for item in dated:
        assert f"DTSTART;VALUE=DATE:{item.deadline:%Y%m%d}" in unfolded
        assert f"UID:plan-task-{item.pk}@" in unfolded
    assert "SUMMARY:3.2. Họp Hội đồng sáng kiến để bình xét\\, chấm điểm các sáng kiến kinh nghiệm." in unfolded


def test_the_office_dashboard_lists_due_and_late_tasks(plan, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theo dõi, đôn đốc" in html
    # the units that have not submitted are on the Today panel (tests/emulation/test_today.py)
    assert "Nhiệm vụ của kế hoạch năm 2020 hoàn thành trễ hạn" in html
    assert "ngày hoàn thành 19/06/2020" in html
    assert "ngày hoàn thành 02/11/2020" in html
    assert "ngày hoàn thành 25/02/2020" not in html  # done on time
