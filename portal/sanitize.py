"""The one sanitizer for everything users send: HTML, plain text cells, links, and cells going out to spreadsheets.

One allow-list. Nothing else in the project builds HTML from user input.
"""

import re

import bleach

ALLOWED_TAGS = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_html(value):
    """Rich text a user typed, reduced to the allow-list; scripts, event handlers and javascript: links removed."""
    return bleach.clean(
        _CONTROL.sub("", value or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def clean_text(value):
    """Plain text: every tag removed (its text kept), control characters dropped."""
    return bleach.clean(_CONTROL.sub("", value or ""), tags=[], strip=True, strip_comments=True).replace("&amp;", "&")


def clean_cell(value):
    """A cell read from an imported workbook."""
    return clean_text(value).replace("&lt;", "<").replace("&gt;", ">")


def export_cell(value):
    """A cell written to a spreadsheet: text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
