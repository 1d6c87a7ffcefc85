"""Write the proposal files (hồ sơ đề nghị) of a year, one ZIP per higher body and round, whatever their status:
`manage.py proposal_file --year 2026 --out DIR`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation import proposals
from portal.documents import DocumentTemplateError
from portal.models import AgencySettings


class Command(BaseCommand):
    help = "Write every proposal file of a year to a higher body as one ZIP per body and round."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, help="The folder to write into (made if missing).")

    def handle(self, *args, year, out, **options):
        found = list(proposals.proposals_of(year))
        if not found:
            raise CommandError(_("There is no proposal to a higher body for %(year)s.") % {"year": year})
        agency = AgencySettings.current()
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for proposal in found:
            try:
                made = proposals.write_zip(proposal, agency)
            except ValidationError as refused:
                raise CommandError(" ".join(refused.messages)) from refused
            except DocumentTemplateError as error:
                raise CommandError(str(error)) from error
            path = folder / made.name
            path.write_bytes(made.data)
            self.stdout.write(f"{path} ({proposal.get_status_display()})")
