from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from emulation.importers import ImportFailed, import_workbook


class Command(BaseCommand):
    help = "Import a records workbook (.xlsx) in the exchange format: all or nothing, safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        verbosity = options.get("verbosity", 1)

        def progress(done, total, sheet):
            if verbosity and (done == total or done % 50 == 0):
                progress_line = _("Importing %(done)s/%(total)s (%(sheet)s)") % {
                    "done": done,
                    "total": total,
                    "sheet": sheet,
                }
                self.stdout.write("\r" + progress_line, ending="")

        try:
            result = import_workbook(file, progress=progress)
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(error)
            raise CommandError(
                _("Nothing was imported: %(count)s problem(s) to fix.") % {"count": len(failed.errors)}
            ) from failed
        except FileNotFoundError as missing:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from missing
        if verbosity:
            self.stdout.write("")
            for line in result.summary_lines():
                self.stdout.write(line)
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
            self.stdout.write(self.style.SUCCESS(_("Import finished.")))
