from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from emulation.reports import PERIODS, build_report, write_docx, write_xlsx
from portal.models import AgencySettings


class Command(BaseCommand):
    help = "Write the half-year or year-end report of a year as XLSX or DOCX (the same as the admin's Báo cáo)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", choices=PERIODS, required=True)
        parser.add_argument("--format", choices=("xlsx", "docx"), required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--number", default="", help="The report's number, e.g. 45 (for Số: 45/BC-SCT).")

    def handle(self, *args, year, period, output, number="", **options):
        agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
        report = build_report(year, period)
        self.stdout.write(_("Computing %(title)s…") % {"title": report.title})
        data = write_xlsx(report, agency) if options["format"] == "xlsx" else write_docx(report, agency, number)
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Written %(file)s: %(sections)s sections.") % {"file": output, "sections": len(report.sections)}
            )
        )
