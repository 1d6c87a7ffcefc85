"""iCalendar (RFC 5545) for a plan's deadlines, written by hand: a few all-day events need no library.

Each dated task is an all-day event: on its deadline, or, for "Trong tháng mm/yyyy", the whole month. It carries the
task's deadline as the plan writes it, its lead and co-operating units and other parties, the address of the task
on the plan page, and an alarm at 08:00 three days before the deadline."""

import datetime
import re
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ALARM_DAYS_BEFORE = 3
ALARM_TIME = datetime.time(8, 0)


def _escape(text):
    """TEXT as RFC 5545 (3.3.11) writes it: backslash, semicolon and comma escaped, every line break (CRLF, CR or
    LF) as \\n, other control characters dropped."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line):
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1), never splitting a character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_dates(task):
    """(first day, day after the last) of the task's event: the deadline's day, or its whole month."""
    from home.models import PlanTask

    if task.deadline_kind == PlanTask.DeadlineKind.MONTH:
        return task.deadline.replace(day=1), task.deadline + datetime.timedelta(days=1)
    return task.deadline, task.deadline + datetime.timedelta(days=1)


def _description(task, plan_url):
    lines = [_("Deadline: %(deadline)s") % {"deadline": task.deadline_display}]
    if task.bloc_event:
        lines.append(
            _("A task of the emulation bloc (Khối thi đua): %(event)s") % {"event": task.get_bloc_event_display()}
        )
    if task.lead_unit:
        lines.append(_("Lead unit: %(unit)s") % {"unit": task.lead_unit.name})
    co_units = [unit.name for unit in task.co_units.all() if unit != task.lead_unit]
    if co_units:
        lines.append(_("Co-operating units: %(units)s") % {"units": ", ".join(co_units)})
    if task.other_parties:
        lines.append(_("Other parties: %(parties)s") % {"parties": task.other_parties})
    lines.append(plan_url)
    return "\n".join(lines)


def plan_calendar(plan, request, unit=None):
    """The plan's dated tasks as a calendar; with `unit`, only the tasks it leads or takes part in."""
    host = request.get_host().split(":")[0] or "localhost"
    stamp = _utc(timezone.now())
    plan_url = request.build_absolute_uri(plan.get_url(request))
    name = f"{plan.title} – {unit.name}" if unit else plan.title
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//So Cong Thuong//Thi dua khen thuong//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for task in plan.ordered_tasks(unit):
        if not task.deadline:
            continue
        start, end = event_dates(task)
        task_url = f"{plan_url}#task-{task.number}"
        alarm = datetime.datetime.combine(task.deadline - datetime.timedelta(days=ALARM_DAYS_BEFORE), ALARM_TIME, LOCAL)
        summary = f"{task.number}. {task.text}"
        if task.bloc_event:
            summary = f"[{task.bloc_label}] {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:plan-task-{task.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(_description(task, task_url))}",
            f"URL:{task_url}",
            *([f"CATEGORIES:{_escape(str(task.bloc_label))}"] if task.bloc_event else []),
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER;VALUE=DATE-TIME:{_utc(alarm)}",
            f"DESCRIPTION:{_escape(summary)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
