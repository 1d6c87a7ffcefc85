"""Build the default Word templates shipped in portal/document_templates/ (committed; run again after changing this).

The report template follows Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins 2 cm top and bottom, 3 cm left, 2 cm
right, Times New Roman; the header as a borderless two-column table (the superior body and the agency, a short rule
under the agency's name, the number; the national title, the motto with a rule its width under it, the place and
date); the page number centred in the page header from the second page; the title, the content, the recipients and
the signer. The council's documents (the minutes, the submission, the draft decision with its annex, the
achievement report: emulation.council_documents) share that layout, their tables as rows repeated by docxtpl
({%tr for %}), and carry at the foot of every page the hash of their data and when they were made. The office edits a
copy in Word and uploads it (portal.documents).
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


def new_document(title):
    """An A4 document in the layout of Nghị định 30/2020/NĐ-CP: Times New Roman 14, margins 2/2/3/2 cm, the page
    number centred in the page header from the second page."""
    document = Document()
    document.core_properties.author = "Cổng thông tin Thi đua – Khen thưởng"
    document.core_properties.title = title
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
    return document


def document_header(document, upper, agency, number):
    """The header as a borderless two-column table: the body above and the issuing body with a short rule under it
    and the number; the national title, the motto with its rule, the place and date."""
    left_width, right_width = Cm(6), Cm(10)
    header = borderless_table(document, [left_width, right_width])
    left, nation = header.rows[0].cells
    line(left, upper, size=13)
    line(left, agency, size=13, bold=True)
    rule(left, Cm(1.8), left_width)  # 1/3–1/2 of the agency's name
    if number:
        line(left, number, size=13, before=6)
    line(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    line(nation, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    rule(nation, Cm(5.7), right_width)  # the motto's width at 14 pt bold
    line(nation, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", italic=True, before=6)
    return header


def recipients_and_signer(document, *, recipients=True):
    footer = borderless_table(document, [Cm(8), Cm(8)])
    left, signer = footer.rows[0].cells
    if recipients:
        line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        line(left, "{%p for line in recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        line(left, "- {{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        line(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(signer, "{%p for line in signer_capacity_lines %}", bold=True)
    line(signer, "{{ line }}", bold=True)
    line(signer, "{%p endfor %}", bold=True)
    for _blank in range(4):  # the signature and the seal
        line(signer)
    line(signer, "{{ signer_name }}", bold=True)
    return footer


def report_template():
    document = new_document("Mẫu báo cáo")
    document_header(document, "{{ superior_body|upper }}", "{{ agency_name|upper }}", "Số: {{ number }}/BC-SCT")
    line(document, "BÁO CÁO", bold=True, before=24)
    line(document, "{{ title }}", bold=True)
    rule(document, Cm(4), Cm(16))
    intro = line(document, "{{ intro }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=12)
    intro.paragraph_format.first_line_indent = Cm(1.27)
    line(document, "{{p content }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    line(document)
    recipients_and_signer(document)
    return document


# -- the council's documents (emulation.council_documents) ---------------------------------------------------------


def data_footer(document):
    """The line that makes a generated document reproducible, at the foot of every page: the hash of its data and
    when it was made."""
    section = document.sections[0]
    section.first_page_footer.is_linked_to_previous = False
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run("Mã dữ liệu: {{ data_hash }} · lập lúc {{ generated_at }}")
        run.font.size = Pt(9)
        run.italic = True


def text(document, value, *, bold=False, italic=False, before=6, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph = line(document, value, bold=bold, italic=italic, align=align, before=before)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    return paragraph


def items(document, loop, value, *, size=14, italic=False):
    """A paragraph repeated for each item (docxtpl's {%p for %})."""
    line(document, f"{{%p for {loop} %}}", align=WD_ALIGN_PARAGRAPH.LEFT)
    text(document, value, italic=italic, before=3)
    line(document, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)


def loop_table(document, columns, loop, *, total=None):
    """A table with borders: a bold header row, one row per item (docxtpl's {%tr for %}) and an optional total row.
    `columns` are (heading, field, width in cm); each field is read on the loop's variable."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    variable = loop.split()[0]
    table = document.add_table(rows=4 + (1 if total else 0), cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, size=4)
    set_cell_widths(table, [Cm(width) for _heading, _field, width in columns])
    heading, opening, body, closing = table.rows[:4]
    for cell, (name, _field, _width) in zip(heading.cells, columns, strict=True):
        line(cell, name, size=12, bold=True)
    line(opening.cells[0], f"{{%tr for {loop} %}}", size=12)
    for position, (cell, (_name, field, _width)) in enumerate(zip(body.cells, columns, strict=True)):
        align = WD_ALIGN_PARAGRAPH.LEFT if position in (1, 2, 3) and len(columns) > 4 else WD_ALIGN_PARAGRAPH.CENTER
        line(cell, f"{{{{ {variable}.{field} }}}}", size=12, align=align)
    line(closing.cells[0], "{%tr endfor %}", size=12)
    if total:
        label, value = total
        cells = table.rows[4].cells
        merged = cells[0].merge(cells[-2])
        line(merged, label, size=12, bold=True)
        line(cells[-1], value, size=12, bold=True)
    return table


def minutes_template():
    document = new_document("Mẫu biên bản họp hội đồng")
    document_header(document, "{{ agency_name|upper }}", "{{ issuer_name|upper }}", "Số: {{ number }}")
    line(document, "BIÊN BẢN", bold=True, before=24)
    line(document, "Họp {{ council_name }} xét thi đua, khen thưởng năm {{ emulation_year }}", bold=True)
    rule(document, Cm(4), Cm(16))
    text(document, "Thời gian: ngày {{ meeting_date }}.", before=12)
    text(document, "Địa điểm: {{ meeting_place }}.")
    text(document, "I. THÀNH PHẦN THAM DỰ", bold=True, before=12)
    text(
        document,
        "Tổng số thành viên Hội đồng: {{ council_size }}; có mặt: {{ present_count }}; vắng mặt có phiếu bằng văn "
        "bản: {{ written_count }}; vắng mặt: {{ absent_count }}.",
    )
    loop_table(
        document,
        [
            ("STT", "no", 1.2),
            ("Họ và tên", "name", 4.6),
            ("Chức vụ", "position", 4.2),
            ("Nhiệm vụ", "role", 3),
            ("Tham dự", "presence", 3),
        ],
        "row in attendance",
    )
    text(document, "Chủ trì: {{ chair_name }}. Thư ký: {{ secretary_name }}.", before=6)
    text(document, "II. NỘI DUNG", bold=True, before=12)
    text(document, "{{ intro }}")
    text(document, "III. KẾT QUẢ BỎ PHIẾU", bold=True, before=12)
    loop_table(
        document,
        [
            ("STT", "no", 1),
            ("Tập thể, cá nhân", "name", 3.4),
            ("Đơn vị", "unit", 2.6),
            ("Danh hiệu, hình thức", "title", 2.8),
            ("Đồng ý", "votes", 1.6),
            ("Tỷ lệ / tổng số TV", "share", 1.6),
            ("Ngưỡng", "threshold", 1.5),
            ("Kết quả", "result", 1.5),
        ],
        "row in tally",
    )
    items(document, "note in notes", "- {{ note }}", italic=True)
    text(document, "{{ closing }}", before=12)
    signatures = borderless_table(document, [Cm(8), Cm(8)])
    secretary, chair = signatures.rows[0].cells
    line(secretary, "THƯ KÝ", bold=True, before=12)
    line(chair, "CHỦ TỊCH HỘI ĐỒNG", bold=True, before=12)
    for cell in (secretary, chair):
        for _blank in range(4):
            line(cell)
    line(secretary, "{{ secretary_name }}", bold=True)
    line(chair, "{{ chair_name }}", bold=True)
    data_footer(document)
    return document


def submission_template():
    document = new_document("Mẫu tờ trình đề nghị khen thưởng")
    document_header(document, "{{ superior_body|upper }}", "{{ agency_name|upper }}", "Số: {{ number }}")
    line(document, "TỜ TRÌNH", bold=True, before=24)
    line(document, "Về việc đề nghị khen thưởng năm {{ emulation_year }}", bold=True)
    rule(document, Cm(4), Cm(16))
    line(document, "Kính gửi: {{ addressee }}.", before=12)
    items(document, "basis in bases", "Căn cứ {{ basis }};", italic=True)
    text(document, "{{ intro }}")
    loop_table(
        document,
        [
            ("STT", "no", 1),
            ("Tập thể, cá nhân", "name", 3.6),
            ("Chức vụ", "position", 2.6),
            ("Đơn vị", "unit", 2.6),
            ("Danh hiệu, hình thức", "title", 3),
            ("Phiếu đồng ý", "votes", 1.6),
            ("Cấp quyết định", "decided_by", 1.6),
        ],
        "row in rows",
    )
    text(document, "(Có hồ sơ, báo cáo thành tích của các tập thể, cá nhân kèm theo.)", italic=True)
    text(document, "Kính trình {{ addressee }} xem xét, quyết định./.")
    line(document)
    recipients_and_signer(document)
    data_footer(document)
    return document


def decision_template():
    from docx.enum.text import WD_BREAK

    document = new_document("Mẫu quyết định khen thưởng")
    document_header(document, "{{ superior_body|upper }}", "{{ agency_name|upper }}", "Số: {{ number }}")
    line(document, "QUYẾT ĐỊNH", bold=True, before=24)
    line(document, "Về việc tặng danh hiệu thi đua, hình thức khen thưởng năm {{ emulation_year }}", bold=True)
    rule(document, Cm(4), Cm(16))
    line(document, "{{ decider_title|upper }}", bold=True, before=12)
    items(document, "basis in bases", "Căn cứ {{ basis }};", italic=True)
    text(document, "Theo đề nghị của {{ proposer }}.", italic=True)
    line(document, "QUYẾT ĐỊNH:", bold=True, before=12)
    text(
        document,
        "Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng cho {{ count }} tập thể, cá nhân có thành tích trong "
        "năm {{ emulation_year }} (có danh sách kèm theo).",
    )
    text(document, "Điều 2. {{ money_article }}")
    text(
        document,
        "Điều 3. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu "
        "trách nhiệm thi hành Quyết định này./.",
    )
    line(document)
    recipients_and_signer(document)
    breaker = line(document)
    breaker.add_run().add_break(WD_BREAK.PAGE)
    line(document, "DANH SÁCH", bold=True)
    line(
        document,
        "Tập thể, cá nhân được tặng danh hiệu thi đua, hình thức khen thưởng năm {{ emulation_year }}",
        bold=True,
    )
    line(
        document,
        "(Kèm theo Quyết định số {{ number }} ngày {{ day }}/{{ month }}/{{ year }} của {{ decider_title }})",
        italic=True,
    )
    rule(document, Cm(4), Cm(16))
    line(document)
    loop_table(
        document,
        [
            ("STT", "no", 1),
            ("Họ và tên, tập thể", "name", 3.6),
            ("Chức vụ", "position", 2.6),
            ("Đơn vị", "unit", 2.8),
            ("Danh hiệu, hình thức", "title", 3),
            ("Số tiền", "amount", 3),
        ],
        "row in annex",
        total=("Tổng cộng", "{{ total_amount }}"),
    )
    items(document, "note in money_notes", "{{ note }}", italic=True)
    data_footer(document)
    return document


def achievement_template():
    document = new_document("Mẫu báo cáo thành tích")
    document_header(document, "{{ agency_name|upper }}", "{{ unit_name|upper }}", "")
    line(document, "BÁO CÁO THÀNH TÍCH", bold=True, before=24)
    line(document, "Đề nghị tặng {{ title }} năm {{ emulation_year }}", bold=True)
    rule(document, Cm(4), Cm(16))
    text(document, "I. {{ profile_heading }}", bold=True, before=12)
    items(document, "line in profile", "{{ line }}")
    text(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC ({{ period }})", bold=True, before=12)
    text(document, "{{ achievement }}")
    text(document, "1. Kết quả đánh giá, xếp loại", bold=True)
    loop_table(document, [("Năm", "year", 3), ("Xếp loại", "grade", 13)], "row in grades")
    text(document, "2. Sáng kiến được công nhận", bold=True)
    loop_table(
        document,
        [("Năm", "year", 2), ("Mã", "code", 2.5), ("Tên sáng kiến", "name", 8.5), ("Phạm vi", "scope", 3)],
        "row in initiatives",
    )
    text(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, before=12)
    loop_table(
        document,
        [("Năm", "year", 2), ("Danh hiệu, hình thức", "title", 7), ("Quyết định", "decision", 7)],
        "row in awards",
    )
    line(document)
    signatures = borderless_table(document, [Cm(8), Cm(8)])
    left, right = signatures.rows[0].cells
    line(left, "{{ left_signer }}", bold=True, before=12)
    line(right, "{{ right_signer }}", bold=True, before=12)
    for cell in (left, right):
        for _blank in range(4):
            line(cell)
    line(right, "{{ reporter_name }}", bold=True)
    data_footer(document)
    return document


TEMPLATES = {
    "report": report_template,
    "minutes": minutes_template,
    "submission": submission_template,
    "decision": decision_template,
    "achievement": achievement_template,
}


class Command(BaseCommand):
    help = "Build the default Word templates (portal/document_templates/<kind>.docx)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(DEFAULTS_DIR))
        parser.add_argument("--kind", action="append", choices=sorted(TEMPLATES), help="Only these kinds (repeatable).")

    def handle(self, *args, output_dir, kind=None, **options):
        kinds = kind or []
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for kind, build in TEMPLATES.items():
            if kinds and kind not in kinds:
                continue
            path = folder / f"{kind}.docx"
            build().save(path)
            self.stdout.write(f"{path}")
