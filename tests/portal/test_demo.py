import datetime
import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from emulation.models import Award, EmulationYear, Person, Unit
from home.models import PlanLegalBasis, PlanPage, PlanTask
from portal.models import AgencySettings


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Unit,
            PlanPage,
            PlanTask,
            PlanLegalBasis,
            Revision,
            AgencySettings,
            Person,
            Award,
            EmulationYear,
        )
    }


def test_demo_loads_the_whole_plan(demo):
    plan = PlanPage.objects.get(year=2020)
    assert plan.live
    assert plan.tasks.count() == 12
    assert plan.legal_bases.count() == 3
    assert len(plan.recipients) == 7
    assert plan.signer_name == "Đào Thị Thu Nguyệt"
    assert Unit.objects.count() == 11
    assert list(Unit.objects.values_list("code", flat=True)) == [
        "VP",
        "TTRA",
        "KHTC",
        "QLCN",
        "QLTM",
        "QLNL",
        "KTAT",
        "TTKC",
        "CD",
        "CDTN",
        "HDTDKT",
    ]
    dated = sorted({task.deadline.strftime("%d/%m/%Y") for task in plan.tasks.exclude(deadline=None)})
    # with the bloc's dates its tasks follow (emulation.demo.bloc): conferences 10/07/2020 and 15/01/2021, movements
    assert dated == [
        "10/07/2020",
        "15/01/2021",
        "15/06/2020",
        "28/02/2020",
        "28/08/2020",
        "30/10/2020",
        "30/11/2020",
        "31/12/2020",
    ]


def test_demo_opens_the_coming_year_under_todays_law_with_its_plan_a_draft(demo):
    from emulation.services import working_day_on_or_before

    coming = timezone.localdate().year + 1
    plan = PlanPage.objects.get(year=coming)
    assert not plan.live  # an editor reviews it and publishes it
    draft = plan.get_latest_revision_as_object()
    assert str(coming) in draft.title
    deadlines = {task.number: task.deadline for task in draft.tasks.all()}
    assert deadlines["1.1"] == working_day_on_or_before(datetime.date(coming, 2, 28))
    assert deadlines["3.1"] == working_day_on_or_before(datetime.date(coming, 8, 28))
    assert all(day is None or day.weekday() < 5 for day in deadlines.values())
    assert draft.tasks.get(number="1.1").co_units.count() == 7
    # Its legal bases are the law in force, not 2020's directives.
    cited = [basis.number for basis in draft.legal_bases.all()]
    assert cited[:3] == ["06/2022/QH15", "152/2025/NĐ-CP", "15/2025/TT-BNV"]
    assert "01/CT-UBND" not in cited
    emulation_year = EmulationYear.objects.get(year=coming)
    assert emulation_year.registration_deadline == working_day_on_or_before(datetime.date(coming, 2, 28))
    assert [rule.rule for rule in emulation_year.rules.all()] == ["registration-required"]
    assert emulation_year.participants.count() == 10


def test_loading_the_demo_twice_adds_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert counts() == before


def test_demo_keeps_what_editors_changed(demo):
    unit = Unit.objects.get(code="VP")
    unit.name = "Văn phòng Sở Công Thương"
    unit.save()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert Unit.objects.get(code="VP").name == "Văn phòng Sở Công Thương"


def test_admin_account_is_made_without_a_prompt(db, capsys, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    password = first.split("mật khẩu: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)

    call_command("ensure_admin")
    assert password not in capsys.readouterr().out  # printed once only

    monkeypatch.setenv("ADMIN_PASSWORD", "mat-khau-moi-2026")
    call_command("ensure_admin")
    admin.refresh_from_db()
    assert admin.check_password("mat-khau-moi-2026")


def test_the_demo_office_clerk_works_in_the_admin(demo, client):
    """`thidua` is the office's account (the Văn phòng group), not a unit's: the admin opens on the office's first
    screen and its records; `vanphong`, the Văn phòng unit's account, stays out of the admin."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    client.force_login(User.objects.get(username="thidua"))
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Hôm nay" in dashboard.content.decode()
    assert "In giấy khen, bằng khen" in client.get("/admin/snippets/emulation/decision/").content.decode()
    client.force_login(User.objects.get(username="vanphong"))
    assert client.get("/admin/").status_code == 302
