"""How much of the admin the active Vietnamese translation covers, per source catalogue.

A message counts as translated when the active translation gives it a non-empty msgstr: the project's
catalogues (settings.LOCALE_PATHS, first path first) merged over the package's own Vietnamese catalogue,
the way Django merges them at run time. The English catalogue of each package lists its messages.
"""

import importlib.util
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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


# -- Screens: the admin as rendered, searched for English -------------------------------------------------------

SKIP_SCREENS = re.compile(r"/(logout|delete|unpublish|lock|unlock|revisions/\d+/revert|workflow/action|preview)(/|$)")
PYTHON_LITERALS = {"None", "True", "False"}
LABEL_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    """The text a user reads on a screen: text nodes and labelling attributes, without scripts, styles, templates
    and elements marked hidden."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._open = [], []  # the open elements: (tag, hides its content)

    def _hidden(self):
        return any(hides for _, hides in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hides = tag in ("script", "style", "template") or "hidden" in attributes
        if not hides and not self._hidden():
            self.texts.extend(attributes[name] for name in LABEL_ATTRIBUTES if attributes.get(name))
        if tag not in VOID_TAGS:
            self._open.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        if not self._hidden():
            attributes = dict(attrs)
            self.texts.extend(attributes[name] for name in LABEL_ATTRIBUTES if attributes.get(name))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden():
            self.texts.append(data)


def screen_texts(html):
    parser = _Texts()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts]


PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdif]|\{[^}]*\}")


def _literal(message):
    """A message without its placeholders (%(name)s, %s, {name})."""
    return PLACEHOLDER.sub(" ", message)


def _ascii_words(text):
    return set(re.findall(r"\b[A-Za-z]{3,}\b", text))


class EnglishFinder:
    """Finds the admin's English messages in a screen's texts: a text that is a source message of the admin's
    catalogues or the project's (whole, any case; with its placeholders filled for messages that have some) where
    the active translation says something else, and Python's None/True/False printed as they are."""

    def __init__(self, language=LANGUAGE):
        domain_layers = project_catalogues(language, "django")
        active = translations(domain_layers)
        vietnamese_words = {word.lower() for text in active.values() for word in _ascii_words(_literal(text))}
        sources = [polib.pofile(str(package_catalogue(module, "en", domain))) for module, domain in SOURCES]
        sources += [polib.pofile(str(path)) for path in domain_layers]
        self.phrases, patterns = set(), []
        for catalogue in sources:
            for entry in catalogue:
                for message in filter(None, (entry.msgid, entry.msgid_plural)):
                    message = " ".join(message.split())
                    literal = _literal(message)
                    english = {w for w in _ascii_words(literal) if w.lower() not in vietnamese_words}
                    if not english or active.get(key(entry)) == entry.msgid:
                        continue
                    if literal == message:
                        self.phrases.add(message.lower())
                    else:
                        parts = PLACEHOLDER.split(message)
                        patterns.append(".+?".join(re.escape(part) for part in parts))
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None

    def english(self, texts):
        # Each language the account page offers is named in itself ("English"), as everywhere.
        own_names = {str(name) for _, name in getattr(settings, "WAGTAILADMIN_PERMITTED_LANGUAGES", [])}
        found = []
        for text in texts:
            if text in own_names:
                continue
            if text in PYTHON_LITERALS or text.lower() in self.phrases:
                found.append(text)
            elif self.pattern and _ascii_words(text) and self.pattern.fullmatch(text):
                found.append(text)
        return found


def _links(html):
    urls = set(re.findall(r'href="(/admin/[^"#?]*)', html))
    urls |= set(re.findall(r'"url": ?"(/admin/[^"#?]*)"', html))  # the sidebar menu, drawn from JSON
    return urls


def screen_shape(url):
    """Screens of one kind share a shape: a record's number does not matter, nor, for the history, usage and copy
    screens (one template for every model), the model."""
    shape = re.sub(r"/\d+/", "/N/", url)
    return re.sub(r"^/admin/snippets/[^/]+/[^/]+/(history|usage|copy)/", r"/admin/snippets/\1/", shape)


def scan_screens(client, start="/admin/", limit=150):
    """Walk the admin from `start` as `client`'s user, following its links (one screen per address shape, nothing
    that changes data), and return {url: [English texts]} for the screens that show some, and the count walked."""
    finder = EnglishFinder()
    queue, seen, shapes, findings = [start], set(), set(), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        shape = screen_shape(url)
        if url in seen or shape in shapes or SKIP_SCREENS.search(url):
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        english = finder.english(screen_texts(html))
        if english:
            findings[url] = sorted(set(english))
        queue.extend(sorted(_links(html) - seen))
    return findings, len(seen)


class Command(BaseCommand):
    help = (
        "Print, per admin catalogue, how many messages the active Vietnamese translation covers; with --screens, "
        "walk the admin's screens as a superuser and print the English left on them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--screens", action="store_true", help="Render the admin's screens and search them.")
        parser.add_argument("--user", help="The superuser to walk the admin as (default: the first one).")
        parser.add_argument("--limit", type=int, default=150, help="At most this many screens.")

    def handle(self, *args, **options):
        if options["screens"]:
            return self.walk(options["user"], options["limit"])
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

    def walk(self, username, limit):
        from django.contrib.auth import get_user_model
        from django.test import Client

        users = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk")
        user = users.filter(username=username).first() if username else users.first()
        if not user:
            raise CommandError("No active superuser to walk the admin as.")
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        findings, walked = scan_screens(client, limit=limit)
        for url, texts in findings.items():
            self.stdout.write(f"{url}: " + " | ".join(texts))
        self.stdout.write(f"Screens walked: {walked}; with English: {len(findings)}")
