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
    assert dated == ["15/06/2020", "28/02/2020", "28/08/2020", "30/10/2020", "31/12/2020"]


def test_demo_opens_the_coming_year_with_its_plan_published(demo):
    coming = timezone.localdate().year + 1
    plan = PlanPage.objects.get(year=coming)
    assert plan.live
    assert str(coming) in plan.title
    deadlines = {task.number: task.deadline for task in plan.tasks.all()}
    assert deadlines["1.1"] == datetime.date(coming, 2, 28)
    assert deadlines["3.1"] == datetime.date(coming, 8, 28)
    assert plan.tasks.get(number="1.1").co_units.count() == 7
    emulation_year = EmulationYear.objects.get(year=coming)
    assert emulation_year.registration_deadline == datetime.date(coming, 2, 28)
    assert emulation_year.rules.count() == 2
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
