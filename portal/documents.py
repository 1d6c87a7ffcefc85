"""The Word documents the portal writes, filled in from templates the office can edit.

A template is a .docx holding Jinja tags ({{ number }}, {%p for line in recipients %} …), filled in by docxtpl.
Each kind of document (DocumentTemplate.Kind) has a default template shipped in portal/document_templates/<kind>.docx
and made by `manage.py build_document_templates`. The office downloads it (Cài đặt → Mẫu văn bản), edits it in Word
and uploads it back; the template in use of the kind is filled in, else the default. An upload is checked by filling
it in with the sample data of its kind (SAMPLES), so a broken tag is refused with a message, never met later.

The uploaded files are private (settings.STORAGES["private"]): only those who may see the templates (the office and
administrators: portal.view_documenttemplate) download them, through `template_file`.

A new kind of document (minutes, decisions, certificates …) takes: a choice in DocumentTemplate.Kind, a builder of its
default in `build_document_templates` (TEMPLATES), its sample data here (SAMPLES), and a writer that calls
`render_document(kind, build_context)` with the same names as its sample.
"""

import datetime
import io
import logging
from pathlib import Path
from types import SimpleNamespace

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from portal.models import DocumentTemplate
from portal.text import ascii_slug

logger = logging.getLogger(__name__)

DEFAULTS_DIR = Path(__file__).resolve().parent / "document_templates"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_SIZE = 5 * 1024 * 1024
VIEW_PERMISSION = "portal.view_documenttemplate"


class DocumentTemplateError(Exception):
    """A template that cannot be filled in; the message is for the office."""


def default_template_path(kind):
    return DEFAULTS_DIR / f"{kind}.docx"


def template_in_use(kind):
    return DocumentTemplate.objects.filter(kind=kind, active=True).first()


def template_source(kind):
    """The bytes of the template to fill in for `kind`: the one in use, else the default."""
    template = template_in_use(kind)
    if template is None:
        return default_template_path(kind).read_bytes()
    try:
        with template.file.open("rb") as file:
            return file.read()
    except FileNotFoundError as missing:
        raise DocumentTemplateError(
            _('The file of the document template "%(name)s" is missing: upload it again, or mark it not in use.')
            % {"name": template.name}
        ) from missing


def jinja_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: a template is the office's upload, and must not reach Python's internals. Values are escaped for
    # XML; a name the portal does not fill in is an error, not a silent blank.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render(source, build_context):
    """Fill in the template `source` (bytes of a .docx) with the context `build_context(template)` returns (it gets
    the template to build subdocuments); the filled-in .docx as bytes."""
    from docx import Document
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError

    template = DocxTemplate(io.BytesIO(source))
    try:
        template.init_docx()
    except Exception as error:  # a zip that is not a Word document, or no zip at all
        raise DocumentTemplateError(_("The file is not a Word document (.docx).")) from error
    context = build_context(template)
    try:
        template.render(context, jinja_env=jinja_env())
        output = io.BytesIO()
        template.save(output)
        Document(io.BytesIO(output.getvalue()))  # Word must be able to open what was written
    except TemplateSyntaxError as error:
        raise DocumentTemplateError(
            _(
                'The template has a broken tag: %(error)s, near "%(near)s". Fix the text between {{ }} or {%% %%} in '
                "Word and upload it again."
            )
            % {"error": error.message, "near": _near(error)}
        ) from error
    except UndefinedError as error:
        raise DocumentTemplateError(
            _("The template uses a name the portal does not fill in (%(error)s). The names are: %(names)s.")
            % {"error": error.message, "names": ", ".join(sorted(context))}
        ) from error
    except Exception as error:
        logger.warning("document template failed", exc_info=True)
        raise DocumentTemplateError(
            _("The template cannot be filled in (%(error)s). Check its tags between {{ }} and {%% %%}.")
            % {"error": error}
        ) from error
    return output.getvalue()


def _near(error):
    """The template's text around a syntax error, as docxtpl gives it (the XML tags taken out)."""
    lines = [line.strip() for line in getattr(error, "docx_context", None) or [] if line.strip()]
    return " ".join(" … ".join(lines).split())[:160]


def render_document(kind, build_context):
    """The document of `kind` filled in from the template in use (or the default)."""
    return render(template_source(kind), build_context)


def check_template(data, kind):
    """Raise DocumentTemplateError when the .docx `data` cannot be filled in with the sample data of `kind`."""
    render(data, SAMPLES[kind])


# -- dates and layout ---------------------------------------------------------------------------------------------


def date_parts(day):
    """Day, month and year as written in a dated line (Nghị định 30/2020/NĐ-CP, Phụ lục I: a zero before days below
    10 and before months 1 and 2): "ngày 05 tháng 02 năm 2021", "ngày 15 tháng 6 năm 2020"."""
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": str(day.year),
    }


def document_lines(value, *, dashes=True):
    """The lines of a text typed one item a line (or a list), blank ones left out; with `dashes`, a list dash typed
    at a line's start is taken off, since the template prints its own ("- Lưu: VT.")."""
    lines = value.splitlines() if isinstance(value, str) else list(value)
    lines = [line.strip() for line in lines]
    if dashes:
        lines = [line[1:].strip() if line[:1] in ("-", "–", "+") else line for line in lines]
    return [line for line in lines if line]


def set_cell_widths(table, widths):
    """Fixed column widths (python-docx lengths) in the grid, in every cell and as the table's width, as Word and
    LibreOffice read them."""
    from docx.oxml.ns import qn

    table.autofit = False  # a fixed layout
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))


TBL_PR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_table_borders(table, size=None):
    """Single borders of `size` eighths of a point around and inside every cell; None for no borders at all."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if size else "nil")
        if size:
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *TBL_PR_AFTER_BORDERS)


def sections_subdoc(template, sections):
    """The content of a report as a subdocument of `template`: for each section (title, columns, rows, note) its
    numbered heading, a table with borders and its note. The subdocument uses the template's own styles."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Emu, Pt

    subdoc = template.new_subdoc()
    width = Cm(16)
    for index, section in enumerate(sections, start=1):
        heading = subdoc.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.keep_with_next = True
        heading.add_run(f"{index}. {section.title}").bold = True
        columns = [str(column) for column in section.columns]
        table = subdoc.add_table(rows=1, cols=len(columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, size=4)
        first = Cm(6) if len(columns) > 2 else Cm(10)
        rest = Emu((width - first) // max(len(columns) - 1, 1))
        set_cell_widths(table, [first] + [rest] * (len(columns) - 1))
        rows = [(columns, True)] + [(row, False) for row in section.rows]
        for number, (values, bold) in enumerate(rows):
            cells = table.rows[0].cells if number == 0 else table.add_row().cells
            for position, (cell, value) in enumerate(zip(cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                if bold or position > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(str(value))
                run.bold = bold
                run.font.size = Pt(12)
        if getattr(section, "note", ""):
            note = subdoc.add_paragraph()
            note.add_run(str(section.note)).italic = True
    return subdoc


# -- the sample data each kind is checked against ----------------------------------------------------------------


def report_sample(template):
    section = SimpleNamespace(
        title="Đăng ký thi đua theo đơn vị",
        columns=["Đơn vị", "Trạng thái"],
        rows=[["Văn phòng Sở", "đã chấp nhận"]],
        note="",
    )
    issued_on = datetime.date(2020, 12, 31)
    return {
        "superior_body": "UBND tỉnh Gia Lai",
        "agency_name": "Sở Công Thương",
        "number": "…",
        "place": "Gia Lai",
        "issued_on": issued_on,
        **date_parts(issued_on),
        "title": "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2020",
        "intro": "Số liệu đến ngày 31/12/2020.",
        "content": sections_subdoc(template, [section]),
        "recipients": ["Ban TĐKT tỉnh (b/c);", "Lưu: VT, VP."],
        "signer_capacity_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "signer_name": "Nguyễn Văn A",
    }


def _sample_header(issued_on):
    return {
        "superior_body": "UBND tỉnh Gia Lai",
        "agency_name": "Sở Công Thương",
        "place": "Gia Lai",
        **date_parts(issued_on),
        "emulation_year": "2020",
        "data_hash": "0123456789ab",
        "generated_at": "15/12/2020 10:00",
    }


def minutes_sample(template):
    return {
        **_sample_header(datetime.date(2020, 12, 15)),
        "issuer_name": "Hội đồng Thi đua – Khen thưởng Sở",
        "number": "…/BB-HĐTĐKT",
        "council_name": "Hội đồng Thi đua – Khen thưởng Sở",
        "meeting_date": "15/12/2020",
        "meeting_place": "Phòng họp Sở",
        "council_size": 5,
        "present_count": 3,
        "written_count": 1,
        "absent_count": 1,
        "attendance": [
            {"no": 1, "name": "Nguyễn Văn A", "position": "Giám đốc Sở", "role": "Chủ tịch", "presence": "có mặt"}
        ],
        "chair_name": "Nguyễn Văn A",
        "secretary_name": "Trần Thị B",
        "intro": "Hội đồng bỏ phiếu kín; số phiếu đồng ý tính trên tổng số thành viên.",
        "tally": [
            {
                "no": 1,
                "name": "Lê Văn C",
                "unit": "Văn phòng Sở",
                "title": "Chiến sĩ thi đua cơ sở",
                "votes": "5/5",
                "share": "100 %",
                "threshold": "≥ 80 %",
                "result": "đạt",
            }
        ],
        "notes": ["Chiến sĩ thi đua cơ sở: tối đa 4 (15 % của 30 Lao động tiên tiến)."],
        "closing": "Biên bản được thông qua trước Hội đồng.",
    }


def submission_sample(template):
    return {
        **_sample_header(datetime.date(2020, 12, 16)),
        "number": "…/TTr-SCT",
        "addressee": "Chủ tịch UBND tỉnh Gia Lai",
        "bases": ["Luật Thi đua, khen thưởng"],
        "intro": "Sở Công Thương kính trình danh sách sau:",
        "rows": [
            {
                "no": 1,
                "name": "Lê Văn C",
                "position": "Chuyên viên",
                "unit": "Văn phòng Sở",
                "title": "Chiến sĩ thi đua cấp tỉnh",
                "votes": "5/5",
                "decided_by": "Chủ tịch UBND tỉnh",
            }
        ],
        "recipients": ["Như trên;", "Lưu: VT, VP."],
        "signer_capacity_lines": ["GIÁM ĐỐC"],
        "signer_name": "Nguyễn Văn A",
    }


def decision_sample(template):
    return {
        **_sample_header(datetime.date(2020, 12, 18)),
        "number": "…/QĐ-SCT",
        "decider_title": "Giám đốc Sở Công Thương",
        "bases": ["Luật Thi đua, khen thưởng"],
        "proposer": "Hội đồng Thi đua – Khen thưởng Sở",
        "count": 1,
        "money_article": "Mỗi cá nhân được thưởng theo mức ghi tại danh sách kèm theo.",
        "annex": [
            {
                "no": 1,
                "name": "Lê Văn C",
                "position": "Chuyên viên",
                "unit": "Văn phòng Sở",
                "title": "Lao động tiên tiến",
                "amount": "702.000 đồng",
            }
        ],
        "total_amount": "702.000 đồng",
        "money_notes": ["0,3 lần mức lương cơ sở 2.340.000 đồng."],
        "recipients": ["Như Điều 3;", "Lưu: VT, VP."],
        "signer_capacity_lines": ["GIÁM ĐỐC"],
        "signer_name": "Nguyễn Văn A",
    }


def achievement_sample(template):
    return {
        **_sample_header(datetime.date(2020, 12, 10)),
        "unit_name": "Văn phòng Sở",
        "title": "Chiến sĩ thi đua cơ sở",
        "profile_heading": "SƠ LƯỢC LÝ LỊCH",
        "profile": ["Họ và tên: Lê Văn C", "Chức vụ: Chuyên viên"],
        "period": "năm 2020",
        "achievement": "[Tóm tắt thành tích.]",
        "grades": [{"year": 2020, "grade": "hoàn thành xuất sắc nhiệm vụ"}],
        "initiatives": [{"year": 2020, "code": "SK-1", "name": "Sáng kiến", "scope": "cơ sở"}],
        "awards": [{"year": 2019, "title": "Lao động tiên tiến", "decision": "Quyết định số 1/QĐ-SCT"}],
        "left_signer": "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
        "right_signer": "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "reporter_name": "Lê Văn C",
    }


SAMPLES = {
    DocumentTemplate.Kind.REPORT: report_sample,
    DocumentTemplate.Kind.MINUTES: minutes_sample,
    DocumentTemplate.Kind.SUBMISSION: submission_sample,
    DocumentTemplate.Kind.DECISION: decision_sample,
    DocumentTemplate.Kind.ACHIEVEMENT: achievement_sample,
}


# -- downloads ------------------------------------------------------------------------------------------------------


def _docx_response(data, name):
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def template_file(request, pk):
    """An uploaded template, to the office and administrators only; 404 to anyone else."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise Http404
    template = get_object_or_404(DocumentTemplate, pk=pk)
    try:
        with template.file.open("rb") as file:
            data = file.read()
    except FileNotFoundError as missing:
        raise Http404 from missing
    return _docx_response(data, f"{ascii_slug(template.name, 80) or 'mau'}.docx")


def default_template_file(request, kind):
    """The default template of a kind, for the office to edit."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise Http404
    if kind not in DocumentTemplate.Kind.values:
        raise Http404
    return _docx_response(default_template_path(kind).read_bytes(), f"mau-mac-dinh-{kind}.docx")
