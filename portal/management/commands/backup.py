"""`manage.py backup [--output DIR]`: the database and the media files, in one timestamped folder.

The folder (default backups/<YYYYmmdd-HHMMSS>/) holds:
  database.dump   PostgreSQL, `pg_dump --format=custom --no-owner` of the configured database, or
  database.sqlite3  SQLite, a consistent copy made with sqlite3's backup API through Django's own connection
  media.tar.gz    MEDIA_ROOT (left out when it is missing or empty, or when media are in object storage: S3_BUCKET)
  private.tar.gz  PRIVATE_MEDIA_ROOT, the units' private files (the same conditions)
  manifest.json   engine, database name, time, Django and Wagtail versions, media storage, the files and their sizes

`manage.py restore DIR` puts it back.
"""

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
POSTGRESQL_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
# The file archives: (archive name, storage alias, the settings name of its folder).
ARCHIVES = [(MEDIA_ARCHIVE, "default", "MEDIA_ROOT"), ("private.tar.gz", "private", "PRIVATE_MEDIA_ROOT")]
FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


def postgresql_command(program, settings_dict):
    """The arguments and environment to run a PostgreSQL client program against the configured database."""
    args = [program]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def run(args, env):
    """Run a client program; its error output becomes the CommandError's message."""
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise CommandError(
            _("%(program)s was not found: install the PostgreSQL client.") % {"program": args[0]}
        ) from error
    if result.returncode != 0:
        raise CommandError(f"{args[0]}: {result.stderr.strip()}")


def live_sqlite_connection():
    """The sqlite3 connection under Django's: it also reaches an in-memory database (the test suite's)."""
    connection.ensure_connection()
    return connection.connection


class Command(BaseCommand):
    help = "Back up the database and the media files into a timestamped folder (default backups/<YYYYmmdd-HHMMSS>/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="Folder in which the timestamped backup folder is made (default: backups/).",
        )

    def handle(self, *args, **options):
        created_at = timezone.localtime()
        folder = Path(options["output"]) / created_at.strftime("%Y%m%d-%H%M%S")
        try:
            folder.mkdir(parents=True)
        except FileExistsError as error:
            raise CommandError(_("%(folder)s already exists.") % {"folder": folder}) from error

        files = [self.dump_database(folder)]
        for archive, alias, root in ARCHIVES:
            made = self.archive_files(folder, archive, alias, Path(getattr(settings, root)))
            if made:
                files.append(made)

        manifest = {
            "engine": connection.vendor,
            "database": str(connection.settings_dict["NAME"]),
            "created_at": created_at.isoformat(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "media_storage": settings.STORAGES["default"]["BACKEND"],
            "files": [{"name": name, "size": (folder / name).stat().st_size} for name in files],
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(_("Backup written to %(folder)s") % {"folder": folder})

    def dump_database(self, folder):
        if connection.vendor == "postgresql":
            args, env = postgresql_command("pg_dump", connection.settings_dict)
            args += ["--format=custom", "--no-owner", "--file", str(folder / POSTGRESQL_DUMP)]
            args.append(str(connection.settings_dict["NAME"]))
            run(args, env)
            return POSTGRESQL_DUMP
        if connection.vendor == "sqlite":
            target = sqlite3.connect(folder / SQLITE_COPY)
            try:
                live_sqlite_connection().backup(target)
            finally:
                target.close()
            return SQLITE_COPY
        raise CommandError(_("Backups support PostgreSQL and SQLite, not %(engine)s.") % {"engine": connection.vendor})

    def archive_files(self, folder, name, alias, root):
        backend = settings.STORAGES[alias]["BACKEND"]
        if backend != FILE_SYSTEM_STORAGE:
            self.stdout.write(
                _("Media files are in %(backend)s, not under MEDIA_ROOT: back them up with the storage's own tools.")
                % {"backend": backend}
            )
            return None
        if not root.is_dir() or not any(root.iterdir()):
            return None
        with tarfile.open(folder / name, "w:gz") as archive:
            for path in sorted(root.iterdir()):
                archive.add(path, arcname=path.name)
        return name
