from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from emulation.fund import fund_ledger, write_xlsx


class Command(BaseCommand):
    help = (
        "Write the ledger of a year's reward fund (sổ quỹ thi đua, khen thưởng) as XLSX: the same as the admin's "
        "Báo cáo › Sổ quỹ thi đua, khen thưởng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True)

    def handle(self, *args, year, output, **options):
        ledger = fund_ledger(year)
        Path(output).write_bytes(write_xlsx(ledger))
        self.stdout.write(
            _("Fund ledger %(year)s: income %(income)s, expense %(expense)s, closing balance %(closing)s.")
            % {
                "year": year,
                "income": f"{ledger.total_income:,}".replace(",", "."),
                "expense": f"{ledger.total_expense:,}".replace(",", "."),
                "closing": f"{ledger.closing:,}".replace(",", "."),
            }
        )
        for note in ledger.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(self.style.SUCCESS(_("Written to %(path)s.") % {"path": output}))
