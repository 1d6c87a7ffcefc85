"""The one sanitizer for what users send and what goes out to spreadsheets.

Users send plain text only (titles, pledges, reasons, names, workbook cells): it is stored as typed (`clean_text`)
and escaped by the templates on output; nothing builds HTML from it. Rich text is written in Wagtail's editor, whose
own whitelist applies. Spreadsheets: `xlsx_bytes` saves every workbook the portal writes, `csv_cell` writes every
CSV cell (Wagtail's exports included), so no cell runs as a formula.
"""

import re

import bleach

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value):
    """Plain text, stored as typed: line breaks as LF, other control characters dropped. Nothing is escaped or
    removed here; templates escape it on the way out (and `linebreaksbr` keeps its lines)."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))


def html_to_text(value):
    """What rich text said, as plain text: paragraphs, line breaks and list items become lines; no markup left."""
    import html

    value = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h[1-6]>|</blockquote>", "\n", value or "")
    value = bleach.clean(value, tags=[], strip=True, strip_comments=True)
    value = html.unescape(value)
    return re.sub(r"\n{3,}", "\n\n", clean_text(value)).strip()


def clean_cell(value):
    """A cell read from an imported workbook, as written there (markup-looking text stays text, entities are not
    decoded). The apostrophe an export put before formula-like text is dropped."""
    value = clean_text(value)
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]
    return value


def formula_like(value):
    """Text that a spreadsheet would run as a formula if it were typed into a cell."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value):
    """A cell written to a CSV file: formula-like text gets a leading apostrophe (the importer strips it again)."""
    return "'" + value if formula_like(value) else value


def text_cells(workbook):
    """Every cell of the workbook that openpyxl would write as a formula written as a string cell instead: nothing
    in it runs when opened, and each value reads back exactly as it was written. Returns the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook


def xlsx_bytes(workbook):
    """The workbook as .xlsx bytes, through `text_cells`: every XLSX the portal writes is saved by this."""
    import io

    output = io.BytesIO()
    text_cells(workbook).save(output)
    return output.getvalue()


def finish_table(sheet, widths):
    """The office's listing sheets: the heading row bold and frozen, each column as wide as its longest value
    (`widths`, in characters), between 8 and 60."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)


def protect_spreadsheet_exports():
    """Wagtail's own exports (snippet and report listings, form submissions, wagtail-modeladmin) share one mixin:
    its XLSX rows already write formula-like text as string cells; its CSV rows get `csv_cell` here."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_portal_protected", False):
        return
    write_csv_row = SpreadsheetExportMixin.write_csv_row

    def protected_csv_row(self, writer, row_dict):
        return write_csv_row(self, _CsvCells(writer), row_dict)

    SpreadsheetExportMixin.write_csv_row = protected_csv_row
    SpreadsheetExportMixin._portal_protected = True


class _CsvCells:
    """A csv writer that passes every cell through `csv_cell` on its way out."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row):
        if isinstance(row, dict):
            return self.writer.writerow({key: csv_cell(value) for key, value in row.items()})
        return self.writer.writerow([csv_cell(value) for value in row])
