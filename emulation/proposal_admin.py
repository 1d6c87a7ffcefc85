"""The office's screens for proposals to a higher body (menu "Hội đồng và quyết định → Hồ sơ đề nghị cấp trên"):
the list and a new proposal (year, body, round; the candidates the ballots passed for the titles that body decides),
one proposal's page (its candidates, history, the ZIP and exchange files, sent, returned, the body's decision).
Only the office (the permissions on Proposal, given to the group Văn phòng) and the administrators see them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required

from emulation import exchange, proposals, services
from emulation.models import Authority, Proposal
from emulation.services_proposals import HIGHER_BODIES, ISSUER_EXAMPLES
from portal.models import AgencySettings

BODY_CHOICES = [(value, label) for value, label in Authority.choices if value in HIGHER_BODIES]


class NewProposalForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    authority = forms.ChoiceField(label=gettext_lazy("Higher body"), choices=BODY_CHOICES)
    round = forms.IntegerField(
        label=gettext_lazy("Round"), min_value=1, required=False, help_text=gettext_lazy("Blank: the next round.")
    )


class SendForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Sent on"))
    number = forms.CharField(label=gettext_lazy("Submission number"), max_length=60, required=False)
    submitted_on = forms.DateField(label=gettext_lazy("Date of the submission"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Returned on"))
    note = forms.CharField(label=gettext_lazy("What the body asks for"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Decision number"), max_length=60)
    date = forms.DateField(label=gettext_lazy("Decision date"))
    authority = forms.CharField(label=gettext_lazy("Issuing authority"), max_length=200)
    signer = forms.CharField(label=gettext_lazy("Signer"), max_length=200, required=False)
    pdf = forms.FileField(label=gettext_lazy("Signed PDF"), required=False)
    public = forms.BooleanField(label=gettext_lazy("Shown on the honour roll"), required=False, initial=True)

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is None:
            return None
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-" or upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("Upload the signed decision as a PDF file (at most 20 MB)."))
        return upload


def _field_errors(form, refused):
    if hasattr(refused, "error_dict"):
        for field, errors in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


@permission_required("emulation.view_proposal")
def proposal_index(request):
    """The proposals, newest first, and a new one: pick the year, body and round, then its candidates."""
    may_add = request.user.has_perm("emulation.add_proposal")
    listing = list(
        Proposal.objects.select_related("decision")
        .annotate(entry_count=Count("entries"))
        .order_by("-year", "authority", "-round")
    )
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    initial = {"year": timezone.localdate().year, "authority": Authority.PROVINCE}
    form = NewProposalForm(data, initial=initial)
    candidates = None
    if data is not None and form.is_valid():
        year, authority = form.cleaned_data["year"], form.cleaned_data["authority"]
        candidates = services.proposable_candidates(year, authority)
        if request.method == "POST":
            if not may_add:
                raise PermissionDenied
            chosen = [c for c in candidates if str(c.pk) in request.POST.getlist("candidates")]
            try:
                proposal = services.proposal_create(
                    year=year,
                    authority=authority,
                    round=form.cleaned_data["round"],
                    candidates=chosen,
                    user=request.user,
                )
            except ValidationError as refused:
                _field_errors(form, refused)
            else:
                messages.success(request, _("%(proposal)s is prepared.") % {"proposal": proposal})
                return redirect("emulation_proposal", proposal.pk)
    context = {"proposals": listing, "form": form, "candidates": candidates, "may_add": may_add}
    return TemplateResponse(request, "emulation/proposal_admin/index.html", context)


@permission_required("emulation.view_proposal")
def proposal_view(request, pk):
    """One proposal: its candidates and outcomes, its history, its files, and the steps the office records."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("decision__document", "meeting__council", "bloc"), pk=pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not request.user.has_perm("emulation.change_proposal"):
        raise PermissionDenied
    today = timezone.localdate()
    send_form = SendForm(
        request.POST if action == "send" else None,
        initial={"on": today, "number": proposal.number, "submitted_on": proposal.submitted_on},
        prefix="send",
    )
    return_form = ReturnForm(request.POST if action == "return" else None, initial={"on": today}, prefix="return")
    decision_form = DecisionForm(
        request.POST if action == "decide" else None,
        request.FILES if action == "decide" else None,
        initial={"date": today, "authority": _issuer(request, proposal)},
        prefix="decision",
    )
    entries = list(
        proposal.entries.select_related(
            "title", "person__unit", "unit", "agency", "award__decision", "candidate__meeting"
        )
    )
    entry_errors = {}
    try:
        if action == "send" and send_form.is_valid():
            services.proposal_send(proposal=proposal, user=request.user, **send_form.cleaned_data)
            messages.success(request, _("The proposal is marked as sent."))
            return redirect("emulation_proposal", pk)
        if action == "return" and return_form.is_valid():
            services.proposal_return(proposal=proposal, user=request.user, **return_form.cleaned_data)
            messages.success(request, _("The proposal is marked as returned for more."))
            return redirect("emulation_proposal", pk)
        if action == "decide":
            outcomes = {}
            for entry in entries:
                value = request.POST.get(f"outcome-{entry.pk}")
                awarded = {"awarded": True, "refused": False}.get(value)
                outcomes[entry.pk] = (awarded, request.POST.get(f"reason-{entry.pk}", ""))
                entry.posted, entry.posted_reason = value, request.POST.get(f"reason-{entry.pk}", "")
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                document = _document(data["pdf"], data["number"], request.user) if data["pdf"] else None
                try:
                    recorded = services.proposal_record_decision(
                        proposal=proposal,
                        number=data["number"],
                        date=data["date"],
                        authority=data["authority"],
                        signer=data["signer"],
                        document=document,
                        public=data["public"],
                        outcomes=outcomes,
                        user=request.user,
                    )
                except ValidationError as refused:
                    if document is not None:
                        document.delete()
                    if hasattr(refused, "error_dict"):
                        for key, errors in refused.message_dict.items():
                            if key.startswith(("outcome-", "reason-")):
                                entry_errors[int(key.split("-", 1)[1])] = " ".join(errors)
                            else:
                                decision_form.add_error(key if key in decision_form.fields else None, errors)
                    else:
                        decision_form.add_error(None, refused.messages)
                else:
                    messages.success(
                        request,
                        _("The decision is recorded: %(count)s awards created.") % {"count": len(recorded.created)},
                    )
                    others = [
                        entry.agency.name
                        for entry in entries
                        if entry.agency_id and not entry.agency.is_own and outcomes[entry.pk][0]
                    ]
                    if others:
                        messages.info(
                            request,
                            _(
                                "Awarded to other agencies of the bloc, recorded on this proposal only (not in the "
                                "Sở's records): %(agencies)s."
                            )
                            % {"agencies": ", ".join(others)},
                        )
                    for warning in recorded.warnings:
                        messages.warning(request, warning)
                    return redirect("emulation_proposal", pk)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("emulation_proposal", pk)
    for entry in entries:
        entry.error = entry_errors.get(entry.pk, "")
    context = {
        "proposal": proposal,
        "entries": entries,
        "events": list(proposal.events.select_related("user")),
        "may_change": request.user.has_perm("emulation.change_proposal"),
        "send_form": send_form,
        "return_form": return_form,
        "decision_form": decision_form,
        "exchange_format": exchange.FORMAT,
    }
    return TemplateResponse(request, "emulation/proposal_admin/proposal.html", context)


def _issuer(request, proposal):
    """The issuer the decision form suggests: the agency's superior body (the province) when the proposal went to
    it, else how a decision names the body."""

    if proposal.authority == Authority.PROVINCE:
        superior = AgencySettings.current(request).superior_body
        if superior and services.decision_level(superior) == Authority.PROVINCE:
            return superior
    return ISSUER_EXAMPLES.get(proposal.authority, "")


def _document(upload, number, user):
    """The signed PDF as a Wagtail document (the Decision's `document`)."""
    from wagtail.documents import get_document_model

    document = get_document_model()(title=_("Decision No. %(number)s") % {"number": number}, uploaded_by_user=user)
    document.file.save(f"quyet-dinh-{upload.name.rsplit('/', 1)[-1]}", upload, save=False)
    document.save()
    return document


@permission_required("emulation.view_proposal")
def proposal_download(request, pk, what):
    """The proposal's ZIP, or its exchange file as JSON or XLSX; to the office only, never cached."""
    from portal.documents import DocumentTemplateError

    proposal = get_object_or_404(Proposal.objects.select_related("decision", "meeting__council"), pk=pk)
    agency = AgencySettings.current(request)
    if what == "zip":
        try:
            made = proposals.write_zip(proposal, agency)
        except (DocumentTemplateError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("emulation_proposal", pk)
        name, data, content_type = made.name, made.data, "application/zip"
    elif what in ("json", "xlsx"):
        value = exchange.export_data(proposal, agency.agency_name)
        name = f"de-nghi-{proposals.base_name(proposal)}.{what}"
        if what == "json":
            data, content_type = exchange.to_json(value), exchange.JSON_TYPE
        else:
            data, content_type = exchange.to_xlsx(value), exchange.XLSX_TYPE
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
