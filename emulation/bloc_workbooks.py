"""The bloc's workbooks (see README, "Khối thi đua"): the self-score template sent to each member when the Sở heads the
bloc, read back all or nothing; the bloc head's results workbook; and the exports of a self-assessment and of the
summary table. The workbooks' words are Vietnamese whatever the site's language, as the records exchange's are.

Self-score workbook, sheet "Tự chấm điểm": B1 the bloc, B2 the year, B3 the member's code, B4 its name, B5 the period
(6 tháng / Cả năm); from row 7 the table "STT | Nhóm tiêu chí | Tiêu chí | Loại | Điểm tối đa | Điểm tự chấm | Minh
chứng", one row per criterion of the covenant, keyed by its number (STT). Blank "Điểm tự chấm": not scored.

Results workbook, sheet "Kết quả": from row 2 "Mã cơ quan | Tên cơ quan | Điểm Khối chấm | Ghi chú".
"""

import io
from decimal import InvalidOperation

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from emulation.models import BlocPeriod, CovenantCriterion
from portal.sanitize import clean_cell, xlsx_bytes
from portal.text import parse_decimal

SCORE_SHEET = "Tự chấm điểm"
SCORE_COLUMNS = ["STT", "Nhóm tiêu chí", "Tiêu chí", "Loại", "Điểm tối đa", "Điểm tự chấm", "Minh chứng"]
SCORE_HEADER_ROW = 7
RESULT_SHEET = "Kết quả"
RESULT_COLUMNS = ["Mã cơ quan", "Tên cơ quan", "Điểm Khối chấm", "Ghi chú"]
PERIOD_WORDS = {BlocPeriod.HALF_YEAR: "6 tháng", BlocPeriod.YEAR_END: "Cả năm"}
KIND_WORDS = {
    CovenantCriterion.Kind.CRITERION: "Tiêu chí",
    CovenantCriterion.Kind.BONUS: "Điểm thưởng",
    CovenantCriterion.Kind.PENALTY: "Điểm trừ",
}
MAX_UPLOAD = 5 * 1024 * 1024


def _bold_row(sheet, row):
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def member_template(covenant, member, period=BlocPeriod.YEAR_END, table=None):
    """The self-score workbook of `member` (blank scores, or those of `table` when given: the export of a
    self-assessment in the bloc's format)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SCORE_SHEET
    bloc = covenant.bloc
    for label, value in (
        ("Khối thi đua", bloc.name),
        ("Năm", bloc.year),
        ("Mã cơ quan", member.agency.code),
        ("Tên cơ quan", member.agency.name),
        ("Kỳ chấm điểm", PERIOD_WORDS[period]),
    ):
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    sheet.append(SCORE_COLUMNS)
    _bold_row(sheet, SCORE_HEADER_ROW)
    rows = {row.criterion.pk: row for row in table.rows} if table else {}
    criteria = [row.criterion for row in table.rows] if table else list(covenant.criteria.all())
    for criterion in criteria:
        row = rows.get(criterion.pk)
        evidence = ""
        if row is not None:
            parts = [row.evidence] if row.evidence else []
            if row.figure is not None and row.figure.text:
                parts.append(f"{row.figure.text} ({row.figure.source})" if row.figure.source else row.figure.text)
            evidence = "\n".join(parts)
        sheet.append(
            [
                criterion.code,
                criterion.group,
                criterion.name,
                KIND_WORDS[criterion.kind],
                float(criterion.max_points),
                float(row.points) if row is not None and row.points is not None else None,
                evidence,
            ]
        )
    if table is not None:
        sheet.append([])
        sheet.append(["", "", "Tổng điểm", "", float(table.max_points), float(table.total), ""])
        _bold_row(sheet, sheet.max_row)
    validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    validation.error = "Nhập số điểm (không âm)."
    sheet.add_data_validation(validation)
    validation.add(f"F{SCORE_HEADER_ROW + 1}:F{SCORE_HEADER_ROW + max(1, len(criteria))}")
    for letter, width in zip("ABCDEFG", (8, 36, 60, 12, 12, 14, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=SCORE_HEADER_ROW + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return xlsx_bytes(workbook)


def _open(upload, name):
    """The workbook in `upload` (a path, bytes or a file), or (None, error)."""
    try:
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_UPLOAD:
            return None, _("%(file)s: the file is larger than 5 MB.") % {"file": name}
        if isinstance(upload, bytes):
            upload = io.BytesIO(upload)
        return openpyxl.load_workbook(upload, data_only=True, read_only=True), None
    except Exception:  # noqa: BLE001 - any unreadable upload is the same message
        return None, _("%(file)s: not an Excel workbook (.xlsx) the portal can read.") % {"file": name}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_cell(str(value)).strip()


def read_member_workbook(upload, name, covenant, members, criteria):
    """(member, [(criterion, points, evidence)], [errors]) for one member's self-score workbook. Each error names the
    file, the sheet and the row."""
    from emulation.services_bloc import _points

    workbook, problem = _open(upload, name)
    if problem:
        return None, [], [problem]
    if SCORE_SHEET not in workbook.sheetnames:
        return None, [], [_("%(file)s: no sheet “%(sheet)s”.") % {"file": name, "sheet": SCORE_SHEET}]
    sheet = workbook[SCORE_SHEET]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    errors = []

    def error(row, message):
        errors.append(
            _("%(file)s, sheet “%(sheet)s”, row %(row)s: %(message)s")
            % {"file": name, "sheet": SCORE_SHEET, "row": row, "message": message}
        )

    def cell(row, column):
        return cells[row - 1][column - 1] if row <= len(cells) and column <= len(cells[row - 1]) else None

    code = _text(cell(3, 2)).upper()
    member = members.get(code)
    if member is None:
        error(3, _("“%(code)s” is not the code of a member of the bloc.") % {"code": code})
    year = _text(cell(2, 2))
    if year != str(covenant.bloc.year):
        error(
            2,
            _("the workbook is for %(year)s, not %(bloc_year)s.")
            % {"year": year or "…", "bloc_year": covenant.bloc.year},
        )
    header = [_text(value) for value in (cells[SCORE_HEADER_ROW - 1] if len(cells) >= SCORE_HEADER_ROW else [])]
    if header[: len(SCORE_COLUMNS)] != SCORE_COLUMNS:
        error(SCORE_HEADER_ROW, _("the columns must be %(columns)s.") % {"columns": ", ".join(SCORE_COLUMNS)})
        return member, [], errors
    by_code = {criterion.code.strip(): criterion for criterion in criteria}
    rows, seen = [], set()
    for number, values in enumerate(cells[SCORE_HEADER_ROW:], start=SCORE_HEADER_ROW + 1):
        values = list(values) + [None] * 7
        criterion_code = _text(values[0])
        if not criterion_code:
            if any(_text(value) for value in values[:7]) and _text(values[2]) != "Tổng điểm":
                error(number, _("give the criterion's number (STT)."))
            continue
        criterion = by_code.get(criterion_code)
        if criterion is None:
            error(number, _("“%(code)s” is not a criterion of the covenant.") % {"code": criterion_code})
            continue
        if criterion_code in seen:
            error(number, _("criterion %(code)s is scored twice.") % {"code": criterion_code})
            continue
        seen.add(criterion_code)
        try:
            points = _points(values[5], criterion)
        except Exception as refused:  # noqa: BLE001 - a ValidationError with the message to show
            error(number, " ".join(getattr(refused, "messages", [str(refused)])))
            continue
        evidence = _text(values[6])
        if points is not None or evidence:
            rows.append((criterion, points, evidence))
    workbook.close()
    return member, rows, errors


def read_results(upload, name, members):
    """({member pk: (points, note)}, [errors]) from the bloc head's results workbook."""
    workbook, problem = _open(upload, name)
    if problem:
        return {}, [problem]
    if RESULT_SHEET not in workbook.sheetnames:
        return {}, [_("%(file)s: no sheet “%(sheet)s”.") % {"file": name, "sheet": RESULT_SHEET}]
    sheet = workbook[RESULT_SHEET]
    values, errors = {}, []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = list(row) + [None] * 4
        if number == 1:
            if [_text(value) for value in row[:4]] != RESULT_COLUMNS:
                errors.append(
                    _("%(file)s, sheet “%(sheet)s”, row 1: the columns must be %(columns)s.")
                    % {"file": name, "sheet": RESULT_SHEET, "columns": ", ".join(RESULT_COLUMNS)}
                )
                break
            continue
        code = _text(row[0]).upper()
        if not code:
            continue
        member = members.get(code)
        if member is None:
            errors.append(
                _("%(file)s, sheet “%(sheet)s”, row %(row)s: “%(code)s” is not the code of a member of the bloc.")
                % {"file": name, "sheet": RESULT_SHEET, "row": number, "code": code}
            )
            continue
        raw = _text(row[2])
        try:
            parse_decimal(raw)
        except InvalidOperation:
            errors.append(
                _("%(file)s, sheet “%(sheet)s”, row %(row)s: %(value)s is not a score.")
                % {"file": name, "sheet": RESULT_SHEET, "row": number, "value": raw}
            )
            continue
        values[member.pk] = (raw, _text(row[3]))
    workbook.close()
    return values, errors


def results_template(bloc, lines=None):
    """The results workbook: the members, with the scores recorded so far."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = RESULT_SHEET
    sheet.append(RESULT_COLUMNS)
    _bold_row(sheet, 1)
    for member in bloc.members.select_related("agency"):
        points = float(member.result_points) if member.result_points is not None else None
        sheet.append([member.agency.code, member.agency.name, points, member.result_note])
    for letter, width in zip("ABCD", (14, 50, 16, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    return xlsx_bytes(workbook)


def summary_workbook(covenant, groups, lines, period):
    """The bloc's summary table of the members' self-scores (when the Sở heads the bloc)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    sheet.append([f"BẢNG TỔNG HỢP ĐIỂM TỰ CHẤM – {covenant.bloc.name.upper()} NĂM {covenant.bloc.year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Kỳ chấm điểm: {PERIOD_WORDS[period]}"])
    sheet.append([])
    sheet.append(["Hạng", "Mã cơ quan", "Tên cơ quan", *groups, "Tổng điểm", "Số tiêu chí đã chấm"])
    _bold_row(sheet, 4)
    for line in lines:
        sheet.append(
            [
                line.rank,
                line.member.agency.code,
                line.member.agency.name,
                *[float(points) for points in line.group_points],
                float(line.total),
                line.scored,
            ]
        )
    sheet.column_dimensions["C"].width = 44
    return xlsx_bytes(workbook)
