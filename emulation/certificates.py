"""Certificates (giấy khen, bằng khen, giấy chứng nhận danh hiệu) as printable PDF, and their public verification.

Each award with a decision has a verification code (Award.verification_code: 12 characters from an alphabet without
look-alikes, drawn by `secrets`, unrelated to any database id), given by services.award_save. Its certificate prints
a QR code of the verification page's full address (/xac-thuc/<code>/, home.views.verification), and that address as
text under it.

The page: A4 landscape, drawn by ReportLab in Liberation Serif (Times New Roman's metrics, every Vietnamese letter;
the fonts ship in portal/fonts with their licence, so no system font is needed). Its text comes from a layout the
office edits (Cài đặt → Mẫu giấy khen, bằng khen: CertificateLayout), else the default (models.CERTIFICATE_*): three
blocks of lines (the main text centred; bottom left, above the QR code; bottom right, the place, date and signer),
each a sandboxed Jinja template filled in with CERTIFICATE_NAMES. A line's first mark sets its style (LINE_STYLES).
Behind the text: the layout's page image (a printed border) or a plain double border, and its emblem at the top.

One PDF per decision holds a page per award of it (`decision_pdf`), as the admin's decision screens and
`manage.py certificates` give it; `award_pdf` gives one award's page.
"""

import datetime
import io
import secrets
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed without mistakes
CODE_LENGTH = 12  # 60 bits
FONT = "CertificateSerif"
FONT_DIR = settings.BASE_DIR / "portal" / "fonts"
PDF = "application/pdf"

# Line marks of a layout: (mark, font face, size in points).
LINE_STYLES = [
    ("!! ", "Bold", 30),
    ("## ", "BoldItalic", 22),
    ("! ", "Bold", 20),
    ("* ", "Bold", 14),
    ("_ ", "Italic", 14),
]
PLAIN = ("", "Regular", 14)
LINE_BREAK = "\x1e"  # between the lines of a value of several lines (signer_capacity)

# The names a layout may use, each with what it holds (the admin's help and the README list them).
CERTIFICATE_NAMES = {
    "superior_body": "UBND tỉnh Gia Lai",
    "agency_name": "Sở Công Thương",
    "issuer": "Giám đốc Sở Công Thương tỉnh Gia Lai",
    "authority": "Sở Công Thương tỉnh Gia Lai",
    "verb": "TẶNG / CÔNG NHẬN",
    "is_title": "True for an emulation title, False for a form of commendation",
    "title": "Giấy khen của Giám đốc Sở",
    "year": "2020",
    "holder": "Ông Nguyễn Văn A / Văn phòng Sở",
    "name": "Nguyễn Văn A",
    "salutation": "Ông / Bà / (blank for a collective)",
    "position": "Chuyên viên",
    "unit": "Văn phòng Sở",
    "holder_details": "Chuyên viên, Văn phòng Sở",
    "achievement": "the award's achievement line (blank if none)",
    "decision_number": "123/QĐ-SCT",
    "decision_date": "18/12/2020",
    "place": "Gia Lai",
    "day": "18",
    "month": "12",
    "date_year": "2020",
    "signer_capacity": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, one line each",
    "signer_capacity_lines": "['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']",
    "signer_name": "Nguyễn Văn B",
    "code": "7KQ2M9XH4TRB",
    "verification_url": "https://…/xac-thuc/7KQ2M9XH4TRB/",
}


class CertificateError(Exception):
    """A layout that cannot be filled in; the message is for the office, `field` the layout's field at fault."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def new_verification_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code):
    """A typed code as stored: capitals, without spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()


def verification_path(code):
    return reverse("award_verification", args=[code])


def verification_url(code):
    """The page's full address, on the site's address (WAGTAILADMIN_BASE_URL), as the e-mails give theirs."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + verification_path(code)


# -- what a certificate says ----------------------------------------------------------------------------------------


def issuer_name(decision, agency):
    """Who gives the award, as its certificate says: the head of the decision's authority ("Giám đốc Sở Công Thương
    tỉnh Gia Lai", "Chủ tịch UBND tỉnh Gia Lai")."""
    from emulation.models import Authority

    authority = decision.authority or agency.agency_name
    head = {Authority.DIRECTOR: "Giám đốc", Authority.PROVINCE: "Chủ tịch"}.get(decision.level, "")
    if not head or authority.lower().startswith(head.lower()):
        return authority
    return f"{head} {authority}"


def signer_capacity(decision, agency):
    from emulation.models import Authority

    if decision.level == Authority.DIRECTOR:
        from portal.documents import document_lines

        return document_lines(agency.signer_capacity or "GIÁM ĐỐC", dashes=False)
    capacity = {
        Authority.PROVINCE: "CHỦ TỊCH",
        Authority.PRIME_MINISTER: "THỦ TƯỚNG",
        Authority.PRESIDENT: "CHỦ TỊCH NƯỚC",
    }
    return [capacity[decision.level]] if decision.level in capacity else []


def award_context(award, agency):
    """The names a layout is filled in with, for `award` (its person or unit, title and decision loaded)."""
    from emulation.models import Person, Title
    from portal.documents import date_parts

    decision = award.decision
    person = award.person
    if person is not None:
        salutation = {Person.Gender.FEMALE: "Bà", Person.Gender.MALE: "Ông"}.get(person.gender, "Ông/Bà")
        name, position, unit = person.full_name, person.position, person.unit.name
    else:
        salutation, name, position, unit = "", award.unit.name, "", ""
    is_title = award.title.category == Title.Category.TITLE
    parts = date_parts(decision.date)
    return {
        "superior_body": agency.superior_body,
        "agency_name": agency.agency_name,
        "issuer": issuer_name(decision, agency),
        "authority": decision.authority,
        "verb": "CÔNG NHẬN" if is_title else "TẶNG",
        "is_title": is_title,
        "title": award.title.name,
        "year": str(award.year),
        "holder": f"{salutation} {name}".strip(),
        "name": name,
        "salutation": salutation,
        "position": position,
        "unit": unit,
        "holder_details": ", ".join(part for part in (position, unit) if part),
        "achievement": award.achievement.strip(),
        "decision_number": decision.number,
        "decision_date": decision.date.strftime("%d/%m/%Y"),
        "place": agency.place_name,
        "day": parts["day"],
        "month": parts["month"],
        "date_year": parts["year"],
        "signer_capacity": LINE_BREAK.join(signer_capacity(decision, agency)),
        "signer_capacity_lines": signer_capacity(decision, agency),
        "signer_name": decision.signer,
        "code": award.verification_code,
        "verification_url": verification_url(award.verification_code),
    }


def sample_context():
    from types import SimpleNamespace

    from emulation.models import Authority, Person, Title

    agency = SimpleNamespace(
        superior_body="UBND tỉnh Gia Lai",
        agency_name="Sở Công Thương",
        place_name="Gia Lai",
        signer_capacity="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    )
    decision = SimpleNamespace(
        number="123/QĐ-SCT",
        date=datetime.date(2020, 12, 18),
        authority="Sở Công Thương tỉnh Gia Lai",
        level=Authority.DIRECTOR,
        signer="Nguyễn Văn B",
    )
    unit = SimpleNamespace(name="Văn phòng Sở")
    person = SimpleNamespace(full_name="Nguyễn Văn A", position="Chuyên viên", unit=unit, gender=Person.Gender.MALE)
    contexts = []
    for category, title in ((Title.Category.FORM, "Giấy khen"), (Title.Category.TITLE, "Chiến sĩ thi đua cơ sở")):
        award = SimpleNamespace(
            person=person,
            unit=None,
            title=SimpleNamespace(category=category, name=title),
            year=2020,
            achievement="",
            decision=decision,
            verification_code="7KQ2M9XH4TRB",
        )
        contexts.append(award_context(award, agency))
    return contexts


# -- layouts --------------------------------------------------------------------------------------------------------


@dataclass
class Layout:
    heading: str
    left: str
    right: str
    background: object = None  # a Wagtail image, or None
    emblem: object = None


def default_layout():
    from emulation import models

    return Layout(models.CERTIFICATE_HEADING, models.CERTIFICATE_LEFT, models.CERTIFICATE_RIGHT)


def layouts_by_title():
    """{title id: the office's layout for it}, and the office's general layout (None when there is none). Two
    queries, whatever the number of awards."""
    from emulation.models import CertificateLayout

    by_title, general = {}, None
    for layout in CertificateLayout.objects.select_related("background", "emblem").prefetch_related("titles"):
        titles = list(layout.titles.all())
        for title in titles:
            by_title.setdefault(title.pk, layout)
        if not titles and general is None:
            general = layout
    return by_title, general


def jinja_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed (the office's text must not reach Python's internals); plain text out, escaped line by line when
    # it becomes a paragraph; lines made of {% %} tags alone vanish.
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def fill_lines(text, context, field):
    """The lines of one block of a layout, filled in: [(style, text)], blank lines left out."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

    try:
        rendered = jinja_env().from_string(text).render(context)
    except TemplateSyntaxError as error:
        raise CertificateError(
            _("The layout has a broken tag on line %(line)s: %(error)s.") % {"line": error.lineno, "error": error},
            field,
        ) from error
    except UndefinedError as error:
        raise CertificateError(
            _("The layout uses a name the portal does not fill in (%(error)s). The names are: %(names)s.")
            % {"error": error.message, "names": ", ".join(CERTIFICATE_NAMES)},
            field,
        ) from error
    except (TemplateError, TypeError, ValueError) as error:
        raise CertificateError(_("The layout cannot be filled in (%(error)s).") % {"error": error}, field) from error
    lines = []
    for raw in rendered.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "~":
            lines.append((PLAIN, ""))
            continue
        if any(line == mark.strip() for mark, _face, _size in LINE_STYLES):
            continue  # a mark before a blank value (no signer's name yet): nothing to print
        style = next((s for s in LINE_STYLES if line.startswith(s[0])), PLAIN)
        for part in line[len(style[0]) :].split(LINE_BREAK):  # a value of several lines: each in the line's style
            if part.strip():
                lines.append((style, part.strip()))
    return lines


def check_layout(layout):
    """Raise CertificateError when a layout (a CertificateLayout, saved or not) cannot be filled in and drawn."""
    for context in sample_context():
        for field in ("heading", "left", "right"):
            fill_lines(getattr(layout, field) or "", context, field)


# -- drawing --------------------------------------------------------------------------------------------------------


def register_fonts():
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if f"{FONT}-Regular" in pdfmetrics.getRegisteredFontNames():  # once per process
        return
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"{FONT}-{face}", str(FONT_DIR / f"LiberationSerif-{face}.ttf")))
    for bold, italic, face in ((0, 0, "Regular"), (1, 0, "Bold"), (0, 1, "Italic"), (1, 1, "BoldItalic")):
        addMapping(FONT, bold, italic, f"{FONT}-{face}")


def paragraphs(lines, alignment):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    story = []
    for (_mark, face, size), text in lines:
        if not text:
            story.append(Spacer(1, size * 0.9))
            continue
        style = ParagraphStyle(
            f"{face}{size}", fontName=f"{FONT}-{face}", fontSize=size, leading=size * 1.3, alignment=alignment
        )
        story.append(Paragraph(escape(text), style))
    return story


def draw_block(canvas, lines, x, y, width, height, alignment, valign="TOP"):
    """Lines in a box whose lower left corner is (x, y), shrunk to fit when they are too many."""
    from reportlab.platypus import Frame, KeepInFrame

    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    block = KeepInFrame(width, height, paragraphs(lines, alignment), mode="shrink", vAlign=valign)
    frame.addFromList([block], canvas)


def draw_image(canvas, image, x, y, width, height):
    from reportlab.lib.utils import ImageReader

    try:
        with image.file.open("rb") as file:
            reader = ImageReader(io.BytesIO(file.read()))
    except (OSError, ValueError):  # a missing or unreadable file: the page prints without it
        return
    canvas.drawImage(reader, x, y, width, height, preserveAspectRatio=True, anchor="c", mask="auto")


def draw_qr(canvas, url, x, y, size):
    """The QR code of `url` as vector squares, its lower left corner at (x, y), `size` points wide (quiet zone
    included)."""
    import segno

    rows = list(segno.make(url, error="m", micro=False).matrix_iter(border=4))
    module = size / len(rows)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(rows):
        top = y + size - (row_index + 1) * module
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + column_index * module, top, module, module, stroke=0, fill=1)


def draw_page(canvas, layout, context):
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm

    width, height = landscape(A4)
    blocks = {field: fill_lines(getattr(layout, field), context, field) for field in ("heading", "left", "right")}
    if layout.background is not None:
        draw_image(canvas, layout.background, 0, 0, width, height)
    else:
        canvas.setLineWidth(2.2)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.7)
        canvas.rect(12.5 * mm, 12.5 * mm, width - 25 * mm, height - 25 * mm)
    if layout.emblem is not None:
        draw_image(canvas, layout.emblem, width / 2 - 13 * mm, height - 42 * mm, 26 * mm, 26 * mm)
    margin = 25 * mm
    draw_block(canvas, blocks["heading"], margin, 78 * mm, width - 2 * margin, height - 122 * mm, TA_CENTER)
    half = width / 2
    draw_block(canvas, blocks["right"], half, 18 * mm, half - margin, 60 * mm, TA_CENTER)
    qr_size = 30 * mm
    left_width = half - margin - 10 * mm
    draw_block(canvas, blocks["left"], margin, 26 * mm + qr_size, left_width, 22 * mm, TA_LEFT, "BOTTOM")
    draw_qr(canvas, context["verification_url"], margin - 3 * mm, 24 * mm, qr_size)  # its quiet zone at the margin
    canvas.setFont(f"{FONT}-Regular", 9)
    canvas.drawString(margin, 20 * mm, context["verification_url"])


def awards_pdf(awards, agency, title=""):
    """One page per award (each with its decision and verification code), as PDF bytes."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    by_title, general = layouts_by_title()
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=landscape(A4), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(agency.agency_name)
    canvas.setSubject(_("Certificates"))
    for award in awards:
        layout = by_title.get(award.title_id) or general or default_layout()
        draw_page(canvas, layout, award_context(award, agency))
        canvas.showPage()
    canvas.save()
    return output.getvalue()


def certificate_awards(decision):
    """The awards of a decision that get a certificate: all of it, withdrawn ones aside, in the decision's order."""
    return (
        decision.awards.filter(withdrawn_on=None)
        .exclude(verification_code=None)
        .select_related("person__unit", "unit", "title", "decision")
        .order_by("title__sort_order", "unit__sort_order", "person__unit__sort_order", "person__full_name", "pk")
    )


def decision_pdf(decision, agency):
    """The certificates of every award of `decision`, one page each; None when it has none."""
    awards = list(certificate_awards(decision))
    if not awards:
        return None
    return awards_pdf(awards, agency, title=_("Certificates – %(decision)s") % {"decision": decision})


def award_pdf(award, agency):
    return awards_pdf([award], agency, title=str(award))


def file_name(decision):
    from portal.text import ascii_slug

    return f"giay-khen-{ascii_slug(decision.number, 60) or 'qd'}-{decision.date:%Y%m%d}.pdf"
