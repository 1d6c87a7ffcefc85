"""Admin screens that are not a model listing: eligibility, the records import and its template."""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_required

from emulation import rules
from emulation.forms import ImportForm, YearForm
from emulation.importers import ImportFailed, import_workbook, template_workbook
from emulation.models import EmulationYear


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
    output = io.BytesIO()
    template_workbook().save(output)
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-du-lieu-thi-dua.xlsx"'
    return response
