"""Build the default Word templates shipped in portal/document_templates/ (committed; run again after changing this).

The report template follows Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins 2 cm top and bottom, 3 cm left, 2 cm
right, Times New Roman; the header as a borderless two-column table (the superior body and the agency, a short rule
under the agency's name, the number; the national title, the motto with a rule its width under it, the place and
date); the page number centred in the page header from the second page; the title, the content, the recipients and
the signer. The office edits a copy in Word and uploads it (portal.documents).
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from portal.documents import DEFAULTS_DIR, set_cell_widths, set_table_borders

FONT = "Times New Roman"
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")


def set_font(style, size):
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def line(container, text="", *, size=14, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, before=0):
    """A paragraph of one run; `container` is the document or a table cell (its first, empty paragraph is used)."""
    paragraphs = container.paragraphs
    fresh = len(paragraphs) == 1 and paragraphs[0]._p.pPr is None and not paragraphs[0].runs  # a new cell's
    paragraph = paragraphs[0] if fresh else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic = bold or None, italic or None
    return paragraph


def rule(container, length, width):
    """A centred horizontal rule `length` long in a space `width` wide: the bottom border of an empty, tiny
    paragraph indented from both sides."""
    paragraph = line(container)
    margin = Emu((width - length) // 2)
    paragraph.paragraph_format.left_indent = margin
    paragraph.paragraph_format.right_indent = margin
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    properties.insert_element_before(borders, *PPR_AFTER_BORDER)
    mark = OxmlElement("w:rPr")  # the paragraph mark at 2 pt, so the rule sits just under the line above
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    properties.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return paragraph


def page_number(paragraph, size):
    """A PAGE field: Word and LibreOffice show the page's number."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def borderless_table(document, widths):
    table = document.add_table(rows=1, cols=len(widths))
    set_table_borders(table, None)
    set_cell_widths(table, widths)
    margins = OxmlElement("w:tblCellMar")  # no cell padding: the rules are measured from the column's edges
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    return table


def report_template():
    document = Document()
    document.core_properties.author = "Cổng thông tin Thi đua – Khen thưởng"
    document.core_properties.title = "Mẫu báo cáo"
    set_font(document.styles["Normal"], 14)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(0), 1.0

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance, section.footer_distance = Cm(1), Cm(1)
    section.different_first_page_header_footer = True  # no number on the first page
    section.first_page_header.is_linked_to_previous = False
    numbered = section.header.paragraphs[0]
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number(numbered, 14)

    left_width, right_width = Cm(6), Cm(10)
    header = borderless_table(document, [left_width, right_width])
    agency, nation = header.rows[0].cells
    line(agency, "{{ superior_body|upper }}", size=13)
    line(agency, "{{ agency_name|upper }}", size=13, bold=True)
    rule(agency, Cm(1.8), left_width)  # 1/3–1/2 of the agency's name
    line(agency, "Số: {{ number }}/BC-SCT", size=13, before=6)
    line(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    line(nation, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    rule(nation, Cm(5.7), right_width)  # the motto's width at 14 pt bold
    line(nation, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", italic=True, before=6)

    line(document, "BÁO CÁO", bold=True, before=24)
    line(document, "{{ title }}", bold=True)
    rule(document, Cm(4), Cm(16))
    intro = line(document, "{{ intro }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12)
    intro.paragraph_format.first_line_indent = Cm(1.27)
    line(document, "{{p content }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    line(document)

    footer = borderless_table(document, [Cm(8), Cm(8)])
    recipients, signer = footer.rows[0].cells
    line(recipients, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(recipients, "{%p for line in recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(recipients, "- {{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(recipients, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(signer, "{%p for line in signer_capacity_lines %}", bold=True)
    line(signer, "{{ line }}", bold=True)
    line(signer, "{%p endfor %}", bold=True)
    for _blank in range(4):  # the signature and the seal
        line(signer)
    line(signer, "{{ signer_name }}", bold=True)
    return document


TEMPLATES = {"report": report_template}


class Command(BaseCommand):
    help = "Build the default Word templates (portal/document_templates/<kind>.docx)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(DEFAULTS_DIR))

    def handle(self, *args, output_dir, **options):
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for kind, build in TEMPLATES.items():
            path = folder / f"{kind}.docx"
            build().save(path)
            self.stdout.write(f"{path}")
