"""The exchange file of a proposal to a higher body: its list and the decision recorded on it, as JSON and as XLSX
with the same fields (README, "Exchange file of a proposal"), for the province's systems (the provincial integration
platform, LGSP, and the national commendation database). Stable: a field is only ever added, with a new version.

JSON: one object {"format", "version", the proposal's fields, "entries": [...]}, dates as yyyy-mm-dd, null when
absent. XLSX: sheet `Hồ sơ` (one row per proposal field: `Trường`, `Giá trị`) and sheet `Danh sách` (one row per
entry, the columns below), dates as dd/mm/yyyy; enumerations are the same codes in both."""

import datetime
import io
import json

from django.utils.translation import gettext as _

from emulation.models import Authority, Proposal, ProposalEntry

FORMAT = "thidua-khenthuong.de-nghi"
VERSION = 2  # 2: an entry may be an agency of the province's emulation bloc, with the bloc's score and rank
VERSIONS = (1, 2)
JSON_TYPE = "application/json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The proposal's fields: (key, XLSX label, kind).
HEADER_FIELDS = [
    ("format", "Định dạng", "text"),
    ("version", "Phiên bản", "int"),
    ("agency", "Cơ quan đề nghị", "text"),
    ("year", "Năm", "int"),
    ("body", "Cấp quyết định", "body"),
    ("round", "Đợt", "int"),
    ("number", "Số tờ trình", "text"),
    ("submitted_on", "Ngày tờ trình", "date"),
    ("sent_on", "Ngày gửi", "date"),
    ("status", "Trạng thái", "status"),
    ("decision_number", "Số quyết định", "text"),
    ("decision_date", "Ngày quyết định", "date"),
    ("decision_issuer", "Cơ quan ban hành", "text"),
    ("decision_signer", "Người ký", "text"),
]
# One entry's fields: (key, XLSX column, kind).
ENTRY_FIELDS = [
    ("no", "STT", "int"),
    ("kind", "Đối tượng", "kind"),
    ("code", "Mã", "text"),
    ("name", "Họ và tên / Tên tập thể", "text"),
    ("position", "Chức vụ", "text"),
    ("unit_code", "Mã đơn vị", "text"),
    ("unit", "Đơn vị", "text"),
    ("title_code", "Mã danh hiệu", "text"),
    ("title", "Danh hiệu / hình thức", "text"),
    ("votes_for", "Số phiếu đồng ý", "int"),
    ("council_size", "Tổng số thành viên hội đồng", "int"),
    ("outcome", "Kết quả", "outcome"),
    ("refusal_reason", "Lý do không khen thưởng", "text"),
    # version 2: an agency of the emulation bloc, its basis the bloc's score and rank
    ("bloc", "Khối thi đua", "text"),
    ("bloc_points", "Điểm Khối chấm", "number"),
    ("bloc_rank", "Xếp hạng trong Khối", "int"),
]
ADDED_IN_2 = {"bloc", "bloc_points", "bloc_rank"}
HEADER_SHEET, ENTRY_SHEET = "Hồ sơ", "Danh sách"
CHOICES = {
    "body": [value for value in Authority.values if value != Authority.DIRECTOR],
    "status": Proposal.Status.values,
    "kind": ["person", "unit", "agency"],
    "outcome": ProposalEntry.Outcome.values,
}
REQUIRED_HEADER = {"format", "version", "agency", "year", "body", "round", "status"}
REQUIRED_ENTRY = {"no", "kind", "code", "name", "title", "outcome"}


def _iso(day):
    return day.isoformat() if day else None


def export_data(proposal, agency_name):
    """The proposal as the exchange format's object (read in a bounded number of queries)."""
    decision = proposal.decision
    entries = proposal.entries.select_related("title", "person__unit", "unit", "agency", "candidate__meeting")
    bloc_name = proposal.bloc.name if proposal.bloc_id else ""
    rows = []
    for number, entry in enumerate(entries, start=1):
        person, unit = entry.person, entry.unit
        candidate = entry.candidate
        if entry.agency_id:
            rows.append(
                {
                    "no": number,
                    "kind": "agency",
                    "code": entry.agency.code,
                    "name": entry.agency.name,
                    "position": "",
                    "unit_code": "",
                    "unit": "",
                    "title_code": entry.title.code,
                    "title": entry.title.name,
                    "votes_for": None,
                    "council_size": None,
                    "outcome": entry.outcome,
                    "refusal_reason": entry.refusal_reason,
                    "bloc": bloc_name,
                    "bloc_points": float(entry.bloc_points) if entry.bloc_points is not None else None,
                    "bloc_rank": entry.bloc_rank,
                }
            )
            continue
        rows.append(
            {
                "no": number,
                "kind": "person" if person else "unit",
                "code": person.code if person else unit.code,
                "name": person.full_name if person else unit.name,
                "position": person.position if person else "",
                "unit_code": person.unit.code if person else unit.code,
                "unit": person.unit.name if person else unit.name,
                "title_code": entry.title.code,
                "title": entry.title.name,
                "votes_for": candidate.votes_for if candidate else None,
                "council_size": candidate.meeting.council_size if candidate else None,
                "outcome": entry.outcome,
                "refusal_reason": entry.refusal_reason,
                "bloc": "",
                "bloc_points": None,
                "bloc_rank": None,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "agency": agency_name,
        "year": proposal.year,
        "body": proposal.authority,
        "round": proposal.round,
        "number": proposal.number,
        "submitted_on": _iso(proposal.submitted_on),
        "sent_on": _iso(proposal.sent_on),
        "status": proposal.status,
        "decision_number": decision.number if decision else "",
        "decision_date": _iso(decision.date) if decision else None,
        "decision_issuer": decision.authority if decision else "",
        "decision_signer": decision.signer if decision else "",
        "entries": rows,
    }


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _cell(value, kind):
    if value is None:
        return ""
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)  # not a date: written as it is, for validate() to name
    return value


def to_xlsx(data):
    """The same object as a workbook; formula-like text is written as text (portal.sanitize.xlsx_bytes)."""
    import openpyxl

    from portal.sanitize import xlsx_bytes

    workbook = openpyxl.Workbook()
    header = workbook.active
    header.title = HEADER_SHEET
    header.append(["Trường", "Giá trị"])
    for key, label, kind in HEADER_FIELDS:
        header.append([label, _cell(data.get(key), kind)])
    sheet = workbook.create_sheet(ENTRY_SHEET)
    sheet.append([label for _key, label, _kind in ENTRY_FIELDS])
    for entry in data.get("entries", []):
        sheet.append([_cell(entry.get(key), kind) for key, _label, kind in ENTRY_FIELDS])
    widths = (6, 10, 10, 30, 24, 10, 34, 16, 40, 10, 10, 10, 40, 40, 10, 10)
    for column, width in zip("ABCDEFGHIJKLMNOP", widths, strict=True):
        sheet.column_dimensions[column].width = width
    header.column_dimensions["A"].width, header.column_dimensions["B"].width = 22, 48
    return xlsx_bytes(workbook)


class FormatError(Exception):
    """A file that cannot be read as the format at all (not JSON, not a workbook, a sheet missing)."""


def read_json(data):
    try:
        value = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(_("The file is not JSON: %(error)s") % {"error": error}) from error
    if not isinstance(value, dict):
        raise FormatError(_("The file must hold one JSON object."))
    return value


def _read_value(value, kind):
    """A cell read back into the JSON value: numbers as integers, dd/mm/yyyy (or an Excel date) as yyyy-mm-dd,
    blank as null (text as an empty string)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "" if kind in ("text",) else None
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        try:
            return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date().isoformat()
        except ValueError:
            return str(value)  # left for validate() to name
    if kind == "number":
        if isinstance(value, str):
            try:
                return float(value.strip().replace(",", "."))
            except ValueError:
                return value
        return value
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return value
    return str(value) if not isinstance(value, str) else value


def read_xlsx(data):
    """The workbook read back into the format's object (the cells' rows kept in `_rows` for the messages)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise FormatError(_("The file is not an Excel workbook (.xlsx).")) from error
    for name in (HEADER_SHEET, ENTRY_SHEET):
        if name not in workbook.sheetnames:
            raise FormatError(_("The sheet “%(sheet)s” is missing.") % {"sheet": name})
    labels = {label: (key, kind) for key, label, kind in HEADER_FIELDS}
    value = {}
    for row in list(workbook[HEADER_SHEET].iter_rows(values_only=True))[1:]:
        if row and row[0] in labels:
            key, kind = labels[row[0]]
            value[key] = _read_value(row[1] if len(row) > 1 else None, kind)
    rows = list(workbook[ENTRY_SHEET].iter_rows(values_only=True))
    columns = {label: (key, kind) for key, label, kind in ENTRY_FIELDS}
    header = [columns.get(cell) for cell in (rows[0] if rows else ())]
    missing = [
        label
        for key, label, _kind in ENTRY_FIELDS
        if key not in ADDED_IN_2 and label not in (rows[0] if rows else ())  # a version 1 file has none of those
    ]
    if missing:
        raise FormatError(
            _("Sheet “%(sheet)s”: the columns %(columns)s are missing.")
            % {"sheet": ENTRY_SHEET, "columns": ", ".join(f"“{label}”" for label in missing)}
        )
    entries = []
    for row in rows[1:]:
        if not any(cell not in (None, "") for cell in row):
            continue
        entry = {}
        for spec, cell in zip(header, row, strict=False):
            if spec:
                entry[spec[0]] = _read_value(cell, spec[1])
        entries.append(entry)
    value["entries"] = entries
    return value


def validate(value, *, xlsx=False):
    """Every way `value` departs from the format, as Vietnamese messages naming the field (and the row: the entry's
    position in the JSON list, or its row in the sheet `Danh sách`). Empty when it conforms."""
    errors = []
    header_labels = {key: label for key, label, _kind in HEADER_FIELDS}
    entry_labels = {key: label for key, label, _kind in ENTRY_FIELDS}

    def where(key, row=None):
        if row is None:
            name = f"{HEADER_SHEET} – {header_labels[key]}" if xlsx else key
            return _("field “%(field)s”") % {"field": name}
        name = entry_labels[key] if xlsx else key
        if xlsx:
            return _("sheet “%(sheet)s”, row %(row)s, column “%(field)s”") % {
                "sheet": ENTRY_SHEET,
                "row": row + 2,
                "field": name,
            }
        return _("entry %(row)s, field “%(field)s”") % {"row": row + 1, "field": name}

    def check(value, key, kind, required, row=None):
        present = value is not None and value != ""
        if not present:
            if required:
                errors.append(_("%(where)s: required.") % {"where": where(key, row)})
            return
        if kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors.append(
                _("%(where)s: a whole number is expected, not “%(value)s”.")
                % {"where": where(key, row), "value": value}
            )
        elif kind == "number" and (not isinstance(value, int | float) or isinstance(value, bool) or value < 0):
            errors.append(
                _("%(where)s: a number is expected, not “%(value)s”.") % {"where": where(key, row), "value": value}
            )
        elif kind == "date":
            try:
                if not isinstance(value, str):
                    raise ValueError(value)
                datetime.date.fromisoformat(value)
            except ValueError:
                errors.append(
                    _("%(where)s: a date is expected (%(pattern)s), not “%(value)s”.")
                    % {"where": where(key, row), "pattern": "dd/mm/yyyy" if xlsx else "yyyy-mm-dd", "value": value}
                )
        elif kind in CHOICES and value not in CHOICES[kind]:
            errors.append(
                _("%(where)s: “%(value)s” is not one of %(choices)s.")
                % {"where": where(key, row), "value": value, "choices": ", ".join(CHOICES[kind])}
            )
        elif kind == "text" and not isinstance(value, str):
            errors.append(_("%(where)s: text is expected.") % {"where": where(key, row)})

    if not isinstance(value, dict):
        return [_("The file must hold one JSON object.")]
    for key, _label, kind in HEADER_FIELDS:
        check(value.get(key), key, kind, key in REQUIRED_HEADER)
    if value.get("format") not in (None, "", FORMAT):
        errors.append(_("%(where)s: must be “%(format)s”.") % {"where": where("format"), "format": FORMAT})
    if isinstance(value.get("version"), int) and value.get("version") not in VERSIONS:
        errors.append(
            _("%(where)s: version %(version)s is not known.") % {"where": where("version"), "version": value["version"]}
        )
    if value.get("status") == "decided" and not value.get("decision_number"):
        errors.append(_("%(where)s: required for a decided proposal.") % {"where": where("decision_number")})
    entries = value.get("entries")
    if not isinstance(entries, list) or not entries:
        errors.append(_("The list of candidates (“entries”) is missing or empty."))
        return errors
    for row, entry in enumerate(entries):
        if not isinstance(entry, dict):
            errors.append(_("entry %(row)s: an object is expected.") % {"row": row + 1})
            continue
        for key, _label, kind in ENTRY_FIELDS:
            check(entry.get(key), key, kind, key in REQUIRED_ENTRY, row)
        if entry.get("outcome") == "refused" and not entry.get("refusal_reason"):
            errors.append(_("%(where)s: required for a refused candidate.") % {"where": where("refusal_reason", row)})
        if entry.get("kind") == "agency" and value.get("version") == 1:
            errors.append(
                _("%(where)s: an agency of the bloc needs version 2 of the format.") % {"where": where("kind", row)}
            )
        votes, size = entry.get("votes_for"), entry.get("council_size")
        if isinstance(votes, int) and isinstance(size, int) and votes > size:
            errors.append(
                _("%(where)s: more votes than the council's members (%(size)s).")
                % {"where": where("votes_for", row), "size": size}
            )
    return errors


def read(name, data):
    """(value, is_xlsx) of a file by its name's extension."""
    if name.lower().endswith(".xlsx"):
        return read_xlsx(data), True
    return read_json(data), False


def compare(value, proposal, agency_name):
    """The differences between a file and the proposal as the portal records it: [(field, in the file, recorded)]."""
    recorded = export_data(proposal, agency_name)
    differences = [
        (key, value.get(key), recorded[key])
        for key, _label, _kind in HEADER_FIELDS
        if key != "agency" and value.get(key) != recorded[key]
    ]
    theirs, ours = value.get("entries") or [], recorded["entries"]
    for row, (a, b) in enumerate(zip(theirs, ours, strict=False), start=1):
        differences += [(f"entries[{row}].{key}", a.get(key), b[key]) for key in b if a.get(key) != b[key]]
    if len(theirs) != len(ours):
        differences.append(("entries", len(theirs), len(ours)))
    return differences
