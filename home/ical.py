"""iCalendar (RFC 5545) for a plan's deadlines, written by hand: a few all-day events need no library."""

import datetime
import re

from django.utils import timezone

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def plan_calendar(plan, request):
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//So Cong Thuong//Thi dua khen thuong//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(plan.title)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for task in plan.tasks.exclude(deadline=None):
        lines += [
            "BEGIN:VEVENT",
            f"UID:plan-task-{task.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{task.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{task.deadline + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{task.number}. {task.text}')}",
            f"DESCRIPTION:{_escape(str(task.deadline_display))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
