"""Write the documents of a closed council meeting (the minutes, the submissions, the draft decision, the achievement
reports) as Word files into a folder: `manage.py council_documents --meeting ID --out DIR`, or `--year 2020` for the
closed meeting of that year's Department council."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation import council_documents
from emulation.models import Council, CouncilMeeting
from portal.documents import DocumentTemplateError
from portal.models import AgencySettings


class Command(BaseCommand):
    help = "Write the Word documents of a closed council meeting into a folder."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--meeting", type=int, help="The meeting's id.")
        which.add_argument("--year", type=int, help="The closed meeting of that year's Department council.")
        parser.add_argument("--out", required=True, help="The folder to write into (made if missing).")

    def handle(self, *args, meeting=None, year=None, out, **options):
        meetings = CouncilMeeting.objects.select_related("council", "decision")
        if meeting is not None:
            found = meetings.filter(pk=meeting).first()
            if found is None:
                raise CommandError(_("There is no council meeting %(id)s.") % {"id": meeting})
        else:
            found = (
                meetings.filter(
                    council__year=year, council__kind=Council.Kind.DEPARTMENT, status=CouncilMeeting.Status.CLOSED
                )
                .order_by("-date", "-pk")
                .first()
            )
            if found is None:
                raise CommandError(
                    _("The Department's council has no meeting of %(year)s whose ballot is closed.") % {"year": year}
                )
        agency = AgencySettings.current()
        try:
            made = council_documents.write_all(found, agency)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        except DocumentTemplateError as error:
            raise CommandError(str(error)) from error
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for item in made:
            path = folder / item.name
            path.write_bytes(item.data)
            self.stdout.write(str(path))
