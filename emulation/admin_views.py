"""The office's review of submitted registrations: accept, or return with a reason (the unit is e-mailed)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.components import Component

from emulation import services
from emulation.models import EmulationRegistration, RegistrationStatus


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Accept")), ("return", gettext_lazy("Return to the unit"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=gettext_lazy("Reason for returning"), required=False, widget=forms.Textarea)


@permission_required("emulation.change_emulationregistration")
def review_registration(request, pk):
    registration = get_object_or_404(EmulationRegistration.objects.select_related("unit", "collective_title"), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_review(
                registration=registration,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("return_reason", error.messages))
        else:
            messages.success(request, _("The unit has been told."))
            return redirect("wagtailsnippets_emulation_emulationregistration:list")
    context = {
        "registration": registration,
        "entries": list(registration.entries.select_related("person", "title")),
        "form": form,
    }
    return TemplateResponse(request, "emulation/review.html", context)


class NewSubmissionsPanel(Component):
    """The office's dashboard: registrations submitted and waiting for review."""

    name = "emulation_new_submissions"
    template_name = "emulation/panels/new_submissions.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        waiting = EmulationRegistration.objects.filter(status=RegistrationStatus.SUBMITTED).select_related("unit")
        return {"waiting": list(waiting.order_by("submitted_at")[:20]), "count": waiting.count()}
