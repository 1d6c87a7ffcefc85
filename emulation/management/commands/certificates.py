"""Write the certificates of a year's decisions as PDF files into a folder, one file per decision with a page per
award: `manage.py certificates --year 2020 --out DIR`, or `--decision 1198/QĐ-SCT` for one of them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation import certificates
from emulation.models import Decision
from portal.models import AgencySettings


class Command(BaseCommand):
    help = "Write the certificates of a year's decisions (one PDF per decision) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The year of the awards.")
        parser.add_argument("--decision", help="Only the decision with this number (e.g. 1198/QĐ-SCT).")
        parser.add_argument("--out", required=True, help="The folder to write into (made if missing).")

    def handle(self, *args, year, decision=None, out, **options):
        decisions = Decision.objects.filter(awards__year=year).distinct().order_by("date", "number")
        if decision:
            decisions = decisions.filter(number__iexact=decision.strip())
        decisions = list(decisions)
        if not decisions:
            raise CommandError(
                _("No decision of %(year)s has the number %(number)s.") % {"year": year, "number": decision}
                if decision
                else _("No decision has awards of %(year)s.") % {"year": year}
            )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        agency = AgencySettings.current()
        for item in decisions:
            try:
                data = certificates.decision_pdf(item, agency)
            except certificates.CertificateError as error:
                raise CommandError(str(error)) from error
            if data is None:
                self.stdout.write(_("%(decision)s: no certificate to print.") % {"decision": item})
                continue
            path = folder / certificates.file_name(item)
            path.write_bytes(data)
            self.stdout.write(str(path))
