from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from emulation import rules
from emulation.models import EmulationYear, ReminderLog
from emulation.selectors import missing_units

KINDS = {"registration": "registration_deadline", "initiative": "initiative_deadline"}
LABELS = {"registration": _lazy("emulation registration"), "initiative": _lazy("initiative registration")}


class Command(BaseCommand):
    help = (
        "E-mail the units that have not submitted before an open deadline. At most one reminder per unit, deadline "
        "and day; every reminder sent is logged. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list who would be reminded.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        sent = skipped = 0
        for emulation_year in EmulationYear.objects.order_by("year"):
            for kind, field in KINDS.items():
                deadline = getattr(emulation_year, field)
                if deadline is None or not rules.deadline_met(emulation_year, kind):
                    continue
                for unit in missing_units(emulation_year, kind):
                    emails = [
                        a.user.email for a in unit.accounts.select_related("user") if a.user.is_active and a.user.email
                    ]
                    line = f"{LABELS[kind]} {emulation_year.year} ({deadline:%d/%m/%Y}) – {unit.code} {unit.name}: {', '.join(emails) or '–'}"
                    if dry_run:
                        self.stdout.write(_("Would remind %(line)s") % {"line": line})
                        continue
                    if (
                        not emails
                        or ReminderLog.objects.filter(
                            unit=unit, year=emulation_year.year, kind=kind, sent_on=today
                        ).exists()
                    ):
                        skipped += 1
                        continue
                    try:
                        with transaction.atomic():
                            ReminderLog.objects.create(
                                unit=unit,
                                year=emulation_year.year,
                                kind=kind,
                                sent_on=today,
                                recipients=", ".join(emails),
                            )
                    except IntegrityError:  # another scheduler run got there first
                        skipped += 1
                        continue
                    context = {
                        "unit": unit,
                        "year": emulation_year.year,
                        "kind": kind,
                        "deadline": deadline,
                        "days_left": (deadline - today).days,
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
