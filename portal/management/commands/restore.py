"""`manage.py restore DIR [--yes]`: put back a folder written by `manage.py backup`.

The database is replaced by the backup's (PostgreSQL: `pg_restore --clean --if-exists --no-owner` in one
transaction; SQLite: sqlite3's backup API into Django's own connection). The media archive is extracted into
MEDIA_ROOT, the private one into PRIVATE_MEDIA_ROOT: their files are written over the ones there, files made since
the backup stay. Without --yes, asks first.
"""

import json
import sqlite3
import tarfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from emulation.rules import records_changed
from portal.cache import content_changed
from portal.management.commands.backup import (
    ARCHIVES,
    MANIFEST,
    POSTGRESQL_DUMP,
    SQLITE_COPY,
    live_sqlite_connection,
    postgresql_command,
    run,
)

DATABASE_FILES = {"postgresql": POSTGRESQL_DUMP, "sqlite": SQLITE_COPY}


def check_members(archive):
    """Refuse an archive with a member that would land outside MEDIA_ROOT."""
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts:
            raise CommandError(_("Unsafe path in the media archive: %(name)s") % {"name": member.name})


class Command(BaseCommand):
    help = "Restore the database and the media files from a folder written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder, e.g. backups/20260101-020000")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(
                _("%(folder)s is not a backup: it has no readable manifest.json.") % {"folder": folder}
            ) from error

        engine = manifest.get("engine")
        if engine != connection.vendor:
            raise CommandError(
                _("This backup is of a %(backup)s database; the configured database is %(configured)s.")
                % {"backup": engine, "configured": connection.vendor}
            )
        database_file = folder / DATABASE_FILES.get(engine, "")
        if engine not in DATABASE_FILES or not database_file.is_file():
            raise CommandError(_("%(folder)s is not a backup: the database file is missing.") % {"folder": folder})
        archives = [(folder / name, Path(getattr(settings, root))) for name, _alias, root in ARCHIVES]
        archives = [(path, root) for path, root in archives if path.is_file()]
        for path, _root in archives:
            with tarfile.open(path, "r:gz") as archive:
                check_members(archive)

        if not options["yes"]:
            question = _(
                "This replaces the database %(database)s and writes the backup's media files into %(media)s. "
                "Type 'yes' to continue: "
            ) % {"database": connection.settings_dict["NAME"], "media": settings.MEDIA_ROOT}
            try:
                answer = input(question)
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))

        if engine == "postgresql":
            connection.close()  # pg_restore drops the tables: this process must hold nothing on them
            args, env = postgresql_command("pg_restore", connection.settings_dict)
            args += ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
            args += ["--dbname", str(connection.settings_dict["NAME"]), str(database_file)]
            run(args, env)
        else:
            source = sqlite3.connect(database_file)
            try:
                source.backup(live_sqlite_connection())
            finally:
                source.close()
        ContentType.objects.clear_cache()

        for path, root in archives:
            root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(root, filter="data")

        content_changed()  # pages cached from the data before the restore are not served again
        records_changed()  # nor the eligibility worked out from the records before it
        self.stdout.write(_("Restored from %(folder)s") % {"folder": folder})
