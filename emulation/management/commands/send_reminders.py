import datetime

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import reminders, services
from emulation.models import ReminderLog


def day(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(_("Write the day as DD/MM/YYYY, e.g. 14/02/2027.")) from error


class Command(BaseCommand):
    help = (
        "E-mail the units that have not submitted for the year in progress, on the year's reminder days before each "
        "deadline: at most one e-mail per unit and day, listing every deadline due; each is logged. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only print one line per e-mail it would send.")
        parser.add_argument("--today", type=day, help="Act as on this day (DD/MM/YYYY), e.g. to check the schedule.")

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        emulation_year, due = reminders.due(today)
        sent = skipped = 0
        for unit, items in due.items():
            emails = services.unit_recipients(unit)
            listed = "; ".join(f"{reminders.LABELS[kind]} – {deadline:%d/%m/%Y}" for kind, deadline in items)
            line = f"{unit.code} {unit.name}: {listed} → {', '.join(emails) or '–'}"
            if dry_run:
                self.stdout.write(line)
                continue
            if not emails or ReminderLog.objects.filter(unit=unit, sent_on=today).exists():
                skipped += 1
                continue
            try:
                with transaction.atomic():
                    for kind, _deadline in items:
                        ReminderLog.objects.create(
                            unit=unit, year=emulation_year.year, kind=kind, sent_on=today, recipients=", ".join(emails)
                        )
            except IntegrityError:  # another scheduler run got there first
                skipped += 1
                continue
            context = {
                "portal_url": services.portal_url("unit_dashboard"),
                "unit": unit,
                "year": emulation_year.year,
                "items": [
                    {"kind": kind, "deadline": deadline, "days_left": (deadline - today).days}
                    for kind, deadline in items
                ],
            }
            send_mail(
                render_to_string("emulation/email/reminder_subject.txt", context).strip(),
                render_to_string("emulation/email/reminder_body.txt", context),
                None,
                emails,
            )
            sent += 1
            self.stdout.write(_("Reminded %(line)s") % {"line": line})
        if not dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Reminders sent: %(sent)s; skipped: %(skipped)s.") % {"sent": sent, "skipped": skipped}
                )
            )
