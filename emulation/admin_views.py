"""The office's review of submitted registrations: accept, or return with a reason (the unit is e-mailed)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log

from emulation import services
from emulation.models import EmulationRegistration, EmulationYear, Initiative, RegistrationStatus, Unit, UnitAccount
from portal.models import AgencySettings


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
    form = ReviewForm(request.POST or None, initial={"decision": request.GET.get("decision")})
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
            if request.POST.get("next") == reverse("wagtailadmin_home"):  # accepted from the dashboard
                return redirect("wagtailadmin_home")
            return redirect("wagtailsnippets_emulation_emulationregistration:list")
    context = {
        "registration": registration,
        "entries": list(registration.entries.select_related("person", "title")),
        "form": form,
    }
    return TemplateResponse(request, "emulation/review.html", context)


class TodayPanel(Component):
    """The office's first screen: what needs it today. Registrations to review (accepted here, or opened to return
    with a reason), deadlines overdue (within a month) or due within two weeks with the units that have not
    submitted, initiatives not scored yet, and the councils' open ballots (how many members have voted). A fixed
    number of queries."""

    name = "emulation_today"
    template_name = "emulation/panels/today.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from django.middleware.csrf import get_token

        from emulation.councils import open_ballots
        from emulation.reminders import KINDS, LABELS
        from emulation.selectors import missing_units

        today = timezone.localdate()
        waiting = EmulationRegistration.objects.filter(status=RegistrationStatus.SUBMITTED).select_related("unit")
        deadlines = []
        for emulation_year in EmulationYear.objects.filter(year__gte=today.year - 1, year__lte=today.year + 1):
            for kind, field in KINDS.items():
                deadline = getattr(emulation_year, field)
                if deadline is None or not (-30 <= (deadline - today).days <= 14):
                    continue
                units = missing_units(emulation_year, kind)
                if units:
                    deadlines.append(
                        {
                            "label": LABELS[kind],
                            "year": emulation_year.year,
                            "deadline": deadline,
                            "days_left": (deadline - today).days,
                            "days_overdue": max(0, (today - deadline).days),
                            "units": units,
                        }
                    )
        bloc_dates = bloc_deadlines(today)
        pending = Initiative.objects.filter(result=Initiative.Result.PENDING, year__gte=today.year - 1)
        return {
            "csrf_token": get_token(self.request),
            "waiting": list(waiting.order_by("submitted_at")[:20]),
            "waiting_count": waiting.count(),
            "deadlines": sorted(deadlines, key=lambda item: item["deadline"]),
            "initiatives": list(pending.select_related("unit").order_by("registered_on", "code")[:20]),
            "initiative_count": pending.count(),
            "ballots": open_ballots(),
            "bloc_dates": bloc_dates,
        }


def bloc_deadlines(today):
    """The emulation bloc's dates on the office's dashboard: those within the next 14 days, and a covenant not signed
    by its deadline (within a month). One query."""
    from emulation.models import Bloc

    items = []
    for bloc in Bloc.objects.filter(year__gte=today.year - 1, year__lte=today.year + 1).select_related("covenant"):
        covenant = getattr(bloc, "covenant", None)
        for label, day in (
            (_("sign the bloc's covenant"), bloc.covenant_deadline),
            (_("the bloc's half-year conference"), bloc.half_year_conference),
            (_("the bloc's year-end conference"), bloc.year_end_conference),
            (_("the bloc's movements end"), bloc.movements_until),
        ):
            if day is None:
                continue
            days = (day - today).days
            unsigned = day == bloc.covenant_deadline and not (covenant and covenant.signed_on)
            if 0 <= days <= 14 or (unsigned and -30 <= days < 0):
                items.append({"bloc": bloc, "label": label, "date": day, "days_left": days, "overdue": max(0, -days)})
    return sorted(items, key=lambda item: item["date"])


class InvitationEmailForm(PasswordResetForm):
    """Django's password-reset e-mail, sent to one new account that has no password yet."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_users(self, email):
        return [self.user]


class InviteForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Username"),
        regex=r"^[a-z0-9_.-]{3,40}$",
        max_length=40,
        help_text=gettext_lazy("Lower-case letters without diacritics, digits, dots, hyphens."),
    )
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.filter(active=True))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=UnitAccount.Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


@permission_required("emulation.add_unitaccount")
def invite_account(request):
    """Create a unit account and e-mail its owner a link to set the password."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(data["username"], data["email"])  # no usable password
            user.first_name = data["full_name"]
            user.save(update_fields=["first_name"])
            account = UnitAccount.objects.create(user=user, unit=data["unit"], role=data["role"])
            log(account, "wagtail.create", user=request.user)
        invitation = InvitationEmailForm({"email": user.email}, user=user)
        invitation.is_valid()
        invitation.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="emulation/email/invite_subject.txt",
            email_template_name="emulation/email/invite_body.txt",
        )
        messages.success(
            request, _("The account was created and the invitation sent to %(email)s.") % {"email": user.email}
        )
        return redirect("wagtailsnippets_emulation_unitaccount:list")
    return TemplateResponse(request, "emulation/invite.html", {"form": form})


@permission_required("emulation.change_unitaccount")
@require_POST
def toggle_account(request, pk):
    account = get_object_or_404(UnitAccount.objects.select_related("user"), pk=pk)
    account.user.is_active = not account.user.is_active
    account.user.save(update_fields=["is_active"])
    log(account, "wagtail.edit", user=request.user)
    state = _("reactivated") if account.user.is_active else _("deactivated")
    messages.success(request, _("%(user)s was %(state)s.") % {"user": account.user.get_username(), "state": state})
    return redirect("wagtailsnippets_emulation_unitaccount:list")


# -- certificates (emulation.certificates) --------------------------------------------------------------------------

CERTIFICATE_PERMISSION = "emulation.print_certificate"


def _pdf_response(data, name):
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)  # opens in the browser, to print
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(CERTIFICATE_PERMISSION)
def decision_certificates(request, pk):
    """Every certificate of a decision, one page each, as one PDF to print; the office only."""
    from emulation import certificates
    from emulation.models import Decision

    decision = get_object_or_404(Decision, pk=pk)
    edit_url = reverse("wagtailsnippets_emulation_decision:edit", args=[pk])
    try:
        data = certificates.decision_pdf(decision, AgencySettings.current(request))
    except certificates.CertificateError as error:
        messages.error(request, str(error))
        return redirect(edit_url)
    if data is None:
        messages.warning(request, _("This decision has no award to print a certificate for."))
        return redirect(edit_url)
    return _pdf_response(data, certificates.file_name(decision))


@permission_required(CERTIFICATE_PERMISSION)
def award_certificate(request, pk):
    """One award's certificate as PDF; the office only. An award without a decision, or withdrawn, has none."""
    from emulation import certificates
    from emulation.models import Award

    award = get_object_or_404(
        Award.objects.select_related("person__unit", "unit", "title", "decision").exclude(verification_code=None),
        pk=pk,
        decision__isnull=False,
    )
    edit_url = reverse("wagtailsnippets_emulation_award:edit", args=[pk])
    if award.withdrawn_on:
        messages.warning(request, _("This award was withdrawn: it has no certificate to print."))
        return redirect(edit_url)
    try:
        data = certificates.award_pdf(award, AgencySettings.current(request))
    except certificates.CertificateError as error:
        messages.error(request, str(error))
        return redirect(edit_url)
    return _pdf_response(data, f"giay-khen-{award.verification_code}.pdf")
