"""How much of the admin the active Vietnamese translation covers, per source catalogue.

A message counts as translated when the active translation gives it a non-empty msgstr: the project's
catalogues (settings.LOCALE_PATHS, first path first) merged over the package's own Vietnamese catalogue,
the way Django merges them at run time. The English catalogue of each package lists its messages.
"""

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

LANGUAGE = "vi"

# (module whose locale/ directory holds the catalogue, gettext domain): the catalogues the admin shows.
SOURCES = [
    ("wagtail.admin", "django"),
    ("wagtail", "django"),
    ("wagtail.snippets", "django"),
    ("wagtail.images", "django"),
    ("wagtail.documents", "django"),
    ("wagtail.users", "django"),
    ("wagtail.admin", "djangojs"),
    ("wagtail.search", "django"),
    ("wagtail.contrib.forms", "django"),
    ("wagtail.contrib.redirects", "django"),
    ("wagtail.contrib.settings", "django"),
    ("wagtail.embeds", "django"),
    ("wagtail.sites", "django"),
    ("wagtail.locales", "django"),
    ("wagtail_modeladmin", "django"),
    ("django.conf", "django"),
    ("django.contrib.auth", "django"),
    ("django.contrib.contenttypes", "django"),
]


@dataclass
class Coverage:
    module: str
    domain: str
    total: int = 0
    translated: int = 0
    missing: list = field(default_factory=list)

    @property
    def label(self):
        return f"{self.module} ({self.domain})"

    @property
    def percent(self):
        return 100.0 * self.translated / self.total if self.total else 100.0


def package_catalogue(module, language, domain):
    """The .po file of `module` for `language` and `domain` (it may not exist)."""
    package_dir = Path(importlib.util.find_spec(module).submodule_search_locations[0])
    return package_dir / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def project_catalogues(language, domain):
    """The project's .po files for `language` and `domain`, highest precedence first."""
    paths = [Path(p) / language / "LC_MESSAGES" / f"{domain}.po" for p in settings.LOCALE_PATHS]
    return [p for p in paths if p.exists()]


def key(entry):
    return (entry.msgctxt, entry.msgid)


def msgstr(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return ""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def translations(paths):
    """Merge the catalogues at `paths` (highest precedence first) into {(msgctxt, msgid): msgstr}."""
    merged = {}
    for path in reversed(paths):
        for entry in polib.pofile(str(path)):
            text = msgstr(entry)
            if text:
                merged[key(entry)] = text
    return merged


def coverage(module, domain, language=LANGUAGE):
    """Count the messages of one source catalogue that the active translation covers."""
    source = polib.pofile(str(package_catalogue(module, "en", domain)))
    own = package_catalogue(module, language, domain)
    layers = project_catalogues(language, domain) + ([own] if own.exists() else [])
    active = translations(layers)
    result = Coverage(module, domain)
    for entry in source:
        if entry.obsolete:
            continue
        result.total += 1
        if active.get(key(entry)):
            result.translated += 1
        else:
            result.missing.append(entry)
    return result


def all_coverage(language=LANGUAGE):
    return [coverage(module, domain, language) for module, domain in SOURCES]


def overridden(language=LANGUAGE, domain="django"):
    """Admin messages that a catalogue placed before locale/admin in LOCALE_PATHS translates differently:
    [(msgctxt, msgid, the winning msgstr, the admin catalogue's msgstr)]. The admin then shows the former."""
    admin_dir = Path(settings.BASE_DIR) / "locale" / "admin"
    paths = [Path(p) for p in settings.LOCALE_PATHS]
    if admin_dir not in paths:
        return []
    before = [p / language / "LC_MESSAGES" / f"{domain}.po" for p in paths[: paths.index(admin_dir)]]
    winning = translations([p for p in before if p.exists()])
    ours = translations([admin_dir / language / "LC_MESSAGES" / f"{domain}.po"])
    return [(*k, winning[k], text) for k, text in ours.items() if winning.get(k, text) != text]


class Command(BaseCommand):
    help = "Print, per admin catalogue, how many messages the active Vietnamese translation covers."

    def handle(self, *args, **options):
        total = translated = 0
        for result in all_coverage():
            total += result.total
            translated += result.translated
            self.stdout.write(f"{result.label}: {result.translated}/{result.total} ({result.percent:.1f} %)")
            for entry in result.missing:
                context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
                self.stdout.write(f"    untranslated: {context}{entry.msgid}")
        percent = 100.0 * translated / total if total else 100.0
        self.stdout.write(f"All catalogues: {translated}/{total} ({percent:.1f} %)")
        for domain in ["django", "djangojs"]:
            for context, msgid, shown, admin in overridden(domain=domain):
                context = f"[{context}] " if context else ""
                self.stdout.write(
                    f"Overridden by the project's catalogue: {context}{msgid!r} shows {shown!r}, not {admin!r}"
                )
