"""Check a proposal's exchange file (JSON or XLSX) against the format: `manage.py exchange_validate FILE`. Prints
each problem in Vietnamese with its row and field and exits with status 1, or says the file conforms."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation import exchange


class Command(BaseCommand):
    help = "Validate a proposal exchange file (.json or .xlsx) against the exchange format."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(name)s.") % {"name": file})
        try:
            value, xlsx = exchange.read(path.name, path.read_bytes())
        except exchange.FormatError as error:
            raise CommandError(str(error)) from error
        errors = exchange.validate(value, xlsx=xlsx)
        if errors:
            for message in errors:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)s problems: the file does not conform to the format.") % {"count": len(errors)}
            )
        self.stdout.write(
            _("The file conforms to the format %(format)s, version %(version)s: %(count)s candidates.")
            % {"format": exchange.FORMAT, "version": value.get("version"), "count": len(value["entries"])}
        )
