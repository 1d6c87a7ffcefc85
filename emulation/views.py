"""Admin screens that are not a model listing: eligibility, the records import and its template."""

import io

import openpyxl
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required

from emulation import rules
from emulation.forms import EligibilityForm, ImportForm, ReportDocumentForm, ReportForm
from emulation.importers import ImportFailed, import_workbook, template_workbook
from emulation.models import EmulationYear
from emulation.reports import build_report, docx_defaults, write_docx, write_xlsx
from portal.documents import VIEW_PERMISSION, DocumentTemplateError, template_in_use
from portal.models import AgencySettings, DocumentTemplate
from portal.pagination import paginate
from portal.sanitize import finish_table, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


ELIGIBILITY_PER_PAGE = 50


@permission_required("emulation.view_evaluation")
def eligibility_view(request):
    """Every person and unit, the titles they can receive and, for each one they cannot, why; filtered by unit,
    title and result, with the counts per title and the same rows as an XLSX file (`format=xlsx`). The counts,
    quotas and filters come from the year's summary (kept until a record changes); only the page's fifty candidates
    are judged again with their reasons."""
    from emulation.selectors import eligibility_table, narrow_candidates, open_emulation_year

    query = request.GET.copy()
    if not query.get("year"):
        opened = open_emulation_year()
        query["year"] = opened.year if opened else timezone.localdate().year
    form = EligibilityForm(query)
    context = {"form": form, "table": None, "error": None}
    if form.is_valid():
        year = form.cleaned_data["year"]
        filters = {
            "unit": form.cleaned_data["unit"],
            "title": form.cleaned_data["title"],
            "eligible": {"yes": True, "no": False}.get(form.cleaned_data["eligible"]),
        }
        context["year"] = year
        try:
            if request.GET.get("format") == "xlsx":  # every row: one run over everybody, with the reasons
                rows = narrow_candidates(rules.eligibility(year)["candidates"], **filters)
                return _download(_eligibility_xlsx(rows), XLSX, f"xet-dieu-kien-khen-thuong-{year}.xlsx")
            table = eligibility_table(year, **filters)
        except rules.RuleSetMissing as missing:
            context["error"] = str(missing)
        else:
            context["table"] = table
            # Fifty candidates a page: the whole list of a large department (tens of thousands of people) would be a
            # page of hundreds of megabytes; the counts above and the XLSX keep every row.
            page = paginate(request, table["keys"], per_page=ELIGIBILITY_PER_PAGE)
            if page.object_list:
                judged = rules.eligibility(year, keys=list(page.object_list))["candidates"]
                page.object_list = narrow_candidates(judged, **filters)
            context["candidates"] = page
            context["rule_set"] = table["rule_set"]
            context["unverified"] = [rule for rule in table["rule_set"].rules if not rule.verified]
            context["grade_warnings"] = rules.grade_warnings(year)
            export = query.copy()
            export["format"] = "xlsx"
            context["export_query"] = export.urlencode()
    return TemplateResponse(request, "emulation/eligibility.html", context)


def _eligibility_xlsx(candidates):
    """The rows the eligibility screen shows, one per candidate and title, as the office's exports are written: a
    named sheet, a bold frozen header, sized columns, Có/Không, one reason per line with its sources."""
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(_("Eligibility"))[:31]
    headings = [_("Code"), _("Name"), _("Individual or collective"), _("Unit"), _("Title or form"), _("Eligible")]
    headings += [_("Decided by"), _("Reasons"), _("Sources")]
    sheet.append([str(heading) for heading in headings])
    widths = [len(str(heading)) for heading in headings]
    row_number = 1
    for candidate in candidates:
        kind = _("individual") if candidate["kind"] == "person" else _("collective")
        for item in candidate["titles"]:
            row = [
                candidate["code"],
                candidate["name"],
                str(kind),
                candidate["unit_name"],
                item["title"].name,
                "Có" if item["eligible"] else "Không",
                str(item["decided_by"]) + (f" ({_('proposal')})" if item["proposal"] else ""),
                "\n".join(reason.message for reason in item["reasons"]),
                "\n".join(reason.source for reason in item["reasons"]),
            ]
            sheet.append(row)
            for index, value in enumerate(row):
                longest = max((len(line) for line in str(value).splitlines()), default=0)
                widths[index] = max(widths[index], longest)
            row_number += 1  # counted: sheet.max_row reads every cell, and once a row would be quadratic
            for column in (8, 9):
                sheet.cell(row=row_number, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    finish_table(sheet, widths)
    return xlsx_bytes(workbook)


@permission_required("emulation.add_person")
def import_view(request):
    """The same import as `manage.py import_records`, from the admin."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "result": None}
    if request.method == "POST" and form.is_valid():
        try:
            result = import_workbook(io.BytesIO(form.cleaned_data["workbook"].read()), user=request.user)
        except ImportFailed as failed:
            context["errors"] = failed.errors
            messages.error(request, _("Nothing was imported: fix the problems listed below and upload again."))
        else:
            context["result"] = result
            messages.success(request, _("Import finished."))
    return TemplateResponse(request, "emulation/import.html", context)


@permission_required("emulation.add_person")
def import_template_view(request):
    response = HttpResponse(xlsx_bytes(template_workbook()), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-du-lieu-thi-dua.xlsx"'
    return response


@permission_required("emulation.view_award")
def reports_view(request):
    """The office's reports: the figures on screen, with charts, and the XLSX and DOCX downloads. The Word report's
    number, place, date, recipients and signer are chosen in a form on the same screen (`format=docx` sends it)."""
    years = list(EmulationYear.objects.values_list("year", flat=True).order_by("year"))
    form = ReportForm(
        request.GET or {"year": 2020 if 2020 in years else timezone.localdate().year, "period": "year-end"}
    )
    context = {"form": form, "report": None}
    if form.is_valid():
        year, period = form.cleaned_data["year"], form.cleaned_data["period"]
        agency = AgencySettings.current(request)
        defaults = docx_defaults(year, period, agency)
        kind = request.GET.get("format")
        document_form = (
            ReportDocumentForm.for_request(request.GET, defaults)
            if kind == "docx"
            else ReportDocumentForm.unbound(defaults)
        )
        report = build_report(year, period)
        if kind == "xlsx":
            return _download(write_xlsx(report, agency), XLSX, f"bao-cao-{report.period}-{report.year}.xlsx")
        if kind == "docx" and document_form.is_valid():
            try:
                data = write_docx(report, agency, **document_form.cleaned_data)
            except DocumentTemplateError as error:
                messages.error(request, str(error))
            else:
                return _download(data, DOCX, f"bao-cao-{report.period}-{report.year}.docx")
        elif kind == "docx":
            messages.error(request, _("The Word report was not made: correct the fields marked below."))
        for section in report.sections:
            top = max([value for _label, value in section.chart] or [0]) or 1
            section.bars = [(label, value, round(100 * value / top)) for label, value in section.chart]
        context["report"] = report
        context["document_form"] = document_form
        context["template_in_use"] = template_in_use(DocumentTemplate.Kind.REPORT)
        context["may_see_templates"] = request.user.has_perm(VIEW_PERMISSION)
        context["query"] = f"year={report.year}&period={report.period}"
    return TemplateResponse(request, "emulation/reports.html", context)


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


HISTORY_KINDS = {
    "registration": gettext_lazy("Registration"),
    "initiative": gettext_lazy("Initiative"),
    "evaluation": gettext_lazy("Evaluation"),
    "award": gettext_lazy("Award"),
}


@permission_required("emulation.view_evaluation")
def history_view(request, kind, pk):
    """A person's or a unit's commendation history on one page, exportable to Excel."""
    from emulation.models import Person, Unit
    from emulation.selectors import commendation_history

    subject = get_object_or_404(Person.objects.select_related("unit") if kind == "person" else Unit, pk=pk)
    rows = [(year, HISTORY_KINDS[what], detail, status) for year, what, detail, status in commendation_history(subject)]
    if request.GET.get("format") == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append([str(subject)])
        sheet.append([_("Year"), _("Record"), _("Detail"), _("Status or decision")])
        for year, what, detail, status in rows:
            sheet.append([year, str(what), str(detail), str(status)])
        response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="lich-su-khen-thuong-{kind}-{pk}.xlsx"'
        return response
    return TemplateResponse(request, "emulation/history.html", {"subject": subject, "kind": kind, "rows": rows})


@permission_required("emulation.view_rewardfund")
def fund_ledger_view(request):
    """The ledger of a year's reward fund (opening balance, income, the decisions' money, balances), on screen and as
    XLSX (`format=xlsx`). Only the office (and the administrators) hold the permission."""
    from emulation import fund
    from emulation.models import Decision, RewardFund

    years = set(RewardFund.objects.values_list("year", flat=True))
    years |= {day.year for day in Decision.objects.dates("date", "year")}
    try:
        year = int(request.GET.get("year") or max(years, default=timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if not 1900 < year < 3000:
        year = timezone.localdate().year
    ledger = fund.fund_ledger(year)
    if request.GET.get("format") == "xlsx":
        return _download(fund.write_xlsx(ledger), XLSX, fund.filename(year))
    context = {
        "ledger": ledger,
        "columns": fund.columns(),
        "rows": fund.screen_rows(ledger),
        "years": sorted(years | {year}, reverse=True),
        "may_edit": request.user.has_perm("emulation.change_rewardfund"),
    }
    return TemplateResponse(request, "emulation/fund_ledger.html", context)
