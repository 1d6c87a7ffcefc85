import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation.reports import PERIODS, build_report, write_docx, write_xlsx
from portal.documents import DocumentTemplateError
from portal.models import AgencySettings


def day_month_year(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(_("Enter the date as dd/mm/yyyy, e.g. 31/12/2020.")) from error


class Command(BaseCommand):
    help = (
        "Write the half-year or year-end report of a year as XLSX or DOCX (the same as the admin's Báo cáo). "
        "The Word report's number, date, place, recipients and signer default as on the admin's screen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", choices=PERIODS, required=True)
        parser.add_argument("--format", choices=("xlsx", "docx"), required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--number", default="", help="The report's number, e.g. 45 (for Số: 45/BC-SCT); blank gives …"
        )
        parser.add_argument(
            "--date",
            help="The date of issue, DD/MM/YYYY (default: today for the current year, the period's end for a past one).",
        )
        parser.add_argument("--place", help="The place in the dated line (default: the agency settings').")
        parser.add_argument(
            "--recipient",
            action="append",
            dest="recipients",
            help="A recipient (Nơi nhận), repeated for each; default: the agency settings' list.",
        )
        parser.add_argument("--signer", help="The signer's name (default: the agency settings').")
        parser.add_argument(
            "--signer-capacity", help="The signer's capacity, lines separated by | (default: the agency settings')."
        )

    def handle(self, *args, year, period, output, **options):
        issued_on = day_month_year(options["date"]) if options["date"] else None
        agency = AgencySettings.current()
        report = build_report(year, period)
        self.stdout.write(_("Computing %(title)s…") % {"title": report.title})
        if options["format"] == "xlsx":
            data = write_xlsx(report, agency)
        else:
            capacity = options["signer_capacity"]
            try:
                data = write_docx(
                    report,
                    agency,
                    number=options["number"],
                    place=options["place"],
                    issued_on=issued_on,
                    recipients=options["recipients"],
                    signer_capacity=capacity.replace("|", "\n") if capacity is not None else None,
                    signer_name=options["signer"],
                )
            except DocumentTemplateError as error:
                raise CommandError(str(error)) from error
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Written %(file)s: %(sections)s sections.") % {"file": output, "sections": len(report.sections)}
            )
        )
