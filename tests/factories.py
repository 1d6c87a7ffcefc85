"""Small builders for test data, going through the models as editors do."""

import datetime

from emulation.models import Unit
from home.models import PlanPage, PlanTask, StandardPage


def make_unit(code, name=None, **extra):
    return Unit.objects.create(code=code, name=name or f"Đơn vị {code}", **extra)


def make_plan(parent, *, year=2020, slug=None, tasks=(), title=None):
    plan = PlanPage(title=title or f"Kế hoạch thi đua năm {year}", slug=slug or f"ke-hoach-{year}", year=year)
    plan.tasks = list(tasks)
    parent.add_child(instance=plan)
    plan.save_revision().publish()
    return plan


def make_task(number, *, lead=None, co=(), deadline=None, kind=PlanTask.DeadlineKind.BEFORE, note="", period="q1"):
    return PlanTask(
        period=period,
        number=number,
        text=f"Nhiệm vụ số {number}",
        deadline=deadline,
        deadline_kind=kind,
        deadline_note=note,
        lead_unit=lead,
        co_units=list(co),
    )


def make_standard_page(parent, slug, title="Trang", **extra):
    page = StandardPage(title=title, slug=slug, **extra)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def date(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()
