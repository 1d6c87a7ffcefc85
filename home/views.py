"""The admin's "open a new year" action: the rule set (emulation) and the plan page (home) together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_required

from emulation.forms import OpenYearForm
from emulation.services import year_open
from home.models import PlanPage, plan_copy_for_year


@permission_required("emulation.add_emulationyear")
def open_year_view(request):
    form = OpenYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year, source = form.cleaned_data["year"], form.cleaned_data["source"]
        try:
            with transaction.atomic():
                year_open(year=year, source=source, user=request.user)
                plan = PlanPage.objects.filter(year=source).order_by("-last_published_at").first()
                copy = plan_copy_for_year(plan, year) if plan else None
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Opened %(year)s from %(source)s.") % {"year": year, "source": source})
            if copy:
                messages.success(request, _("The plan was copied as a draft: check it, then publish."))
                return redirect("wagtailadmin_pages:edit", copy.pk)
            return redirect("wagtailsnippets_emulation_emulationyear:list")
    return TemplateResponse(request, "home/open_year.html", {"form": form})
