"""Reminders to the units: which year is in progress, who is reminded of which deadlines on a day, and when.

Only the year in progress is reminded of (the year whose deadlines come next; never two years at once), on the days
of its rule set's `reminder_days` before each deadline (a unit's extension moves its own deadline), and a unit gets
at most one e-mail a day, listing every deadline due. `manage.py send_reminders` sends them; the office sees the
schedule on its dashboard.
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from emulation.models import EmulationYear
from emulation.rules import unit_deadline
from emulation.rules.ruleset import DEADLINE_FIELDS
from emulation.selectors import missing_units

KINDS = DEADLINE_FIELDS
LABELS = {"registration": _("emulation registration"), "initiative": _("initiative registration")}


def deadlines(emulation_year, unit=None):
    """{kind: date}: the year's deadlines, or the unit's own where the office extended one (rules.unit_deadline)."""
    dates = {kind: unit_deadline(emulation_year, kind, unit)[0] for kind in KINDS}
    return {kind: date for kind, date in dates.items() if date}


def year_in_progress(today):
    """The year whose next deadline (a unit's extension included) is the nearest on or after `today`, or None."""
    best = None
    for emulation_year in EmulationYear.objects.prefetch_related("extensions"):
        ahead = [date for date in deadlines(emulation_year).values() if date >= today]
        ahead += [extension.until for extension in emulation_year.extensions.all() if extension.until >= today]
        if ahead and (best is None or min(ahead) < best[0]):
            best = (min(ahead), emulation_year)
    return best[1] if best else None


def due(today):
    """(year, {unit: [(kind, deadline), …]}): the units to e-mail on `today`, each with every deadline it is
    reminded of; empty when no year is in progress."""
    emulation_year = year_in_progress(today)
    if emulation_year is None:
        return None, {}
    days = set(emulation_year.reminder_day_list())
    reminded = defaultdict(list)
    for kind in KINDS:
        for unit in missing_units(emulation_year, kind):
            deadline = deadlines(emulation_year, unit).get(kind)
            if deadline and (deadline - today).days in days:
                reminded[unit].append((kind, deadline))
    return emulation_year, dict(reminded)


def schedule(emulation_year):
    """[(kind label, deadline, [reminder dates])]: when the year's reminders go, for the office to see."""
    days = emulation_year.reminder_day_list()
    return [
        (LABELS[kind], deadline, [deadline - datetime.timedelta(days=day) for day in days])
        for kind, deadline in deadlines(emulation_year).items()
    ]
