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
from wagtail.models import Site

from emulation import rules
from emulation.forms import ImportForm, ReportForm, YearForm
from emulation.importers import ImportFailed, import_workbook, template_workbook
from emulation.models import EmulationYear
from emulation.reports import build_report, write_docx, write_xlsx
from portal.models import AgencySettings
from portal.sanitize import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("emulation.view_evaluation")
def eligibility_view(request):
    """Every person and unit, the titles they can receive and, for each one they cannot, why."""
    years = list(EmulationYear.objects.values_list("year", flat=True))
    default_year = years[-1] if years else timezone.localdate().year
    form = YearForm(request.GET or {"year": 2020 if 2020 in years else default_year})
    context = {"form": form, "years": years, "result": None, "error": None}
    if form.is_valid():
        year = form.cleaned_data["year"]
        context["year"] = year
        try:
            result = rules.eligibility(year)
        except rules.RuleSetMissing as missing:
            context["error"] = str(missing)
        else:
            titles = {}
            for candidate in result["candidates"]:
                for item in candidate["titles"]:
                    titles[item["title"].pk] = item["title"]
            context["result"] = result
            context["rule_set"] = result["rule_set"]
            context["unverified"] = [rule for rule in result["rule_set"].rules if not rule.verified]
    return TemplateResponse(request, "emulation/eligibility.html", context)


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
    """The office's reports: the figures on screen, with charts, and the XLSX and DOCX downloads."""
    years = list(EmulationYear.objects.values_list("year", flat=True).order_by("year"))
    form = ReportForm(
        request.GET or {"year": 2020 if 2020 in years else timezone.localdate().year, "period": "year-end"}
    )
    context = {"form": form, "report": None}
    if form.is_valid():
        report = build_report(form.cleaned_data["year"], form.cleaned_data["period"])
        agency = AgencySettings.for_site(Site.find_for_request(request) or Site.objects.get(is_default_site=True))
        kind = request.GET.get("format")
        if kind in ("xlsx", "docx"):
            data = write_xlsx(report, agency) if kind == "xlsx" else write_docx(report, agency)
            types = {
                "xlsx": XLSX,
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            }
            response = HttpResponse(data, content_type=types[kind])
            response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.period}-{report.year}.{kind}"'
            return response
        for section in report.sections:
            top = max([value for _label, value in section.chart] or [0]) or 1
            section.bars = [(label, value, round(100 * value / top)) for label, value in section.chart]
        context["report"] = report
        context["query"] = f"year={report.year}&period={report.period}"
    return TemplateResponse(request, "emulation/reports.html", context)


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
