"""The plan tasks' part of the office's reports (emulation.reports asks its registered providers)."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from emulation.reports import Section
from home.models import TASK_STATES, PlanPage, PlanTask


def plan_tasks_section(year, end):
    plan = PlanPage.objects.live().filter(year=year).order_by("-last_published_at").first()
    if plan is None:
        return None
    tasks = [task for task in PlanTask.objects.filter(plan=plan) if task.deadline is None or task.deadline <= end]
    states = Counter(task.state() for task in tasks)
    rows = [
        [
            task.number,
            task.text,
            str(task.deadline_display),
            task.state_label,
            task.done_on.strftime("%d/%m/%Y") if task.done_on else "",
        ]
        for task in tasks
    ]
    note = ", ".join(f"{TASK_STATES[state]}: {count}" for state, count in states.items())
    return Section(
        _("Plan tasks done on time or late"),
        [pgettext("table column", "No."), pgettext("plan task", "Task"), _("Deadline"), _("Progress"), _("Done on")],
        rows,
        [(str(TASK_STATES[state]), count) for state, count in states.items()],
        note,
    )
