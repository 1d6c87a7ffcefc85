"""The office's council screens (menu "Hội đồng và quyết định"): councils and their members, meetings, and one
meeting's page: attendance, the candidates (eligible by default; added or taken off with a reason), opening the
ballot, the locked result and issuing the decision for the passed list."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from emulation import council_views, councils, rules, services
from emulation.models import (
    BallotReceipt,
    Council,
    CouncilMeeting,
    MeetingAttendee,
    MeetingCandidate,
    Person,
    Title,
    Unit,
)
from portal.models import AgencySettings


class CouncilViewSet(SnippetViewSet):
    model = Council
    icon = "group"
    menu_label = gettext_lazy("Councils")
    menu_hook = "register_council_menu_item"
    menu_order = 10
    list_display = ["name", "year", "kind", Column("member_count", label=gettext_lazy("Members"))]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Council.objects.annotate(member_count=Count("members"))


class MeetingCreateView(CreateView):
    """A new meeting goes through services.meeting_create: every member present, the eligible candidates listed."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.meeting_create(
            council=data["council"], date=data["date"], place=data.get("place", ""), user=self.request.user
        )

    def get_success_url(self):
        return reverse("emulation_meeting", args=[self.object.pk])


class ManageColumn(Column):
    cell_template_name = "emulation/council_admin/manage_cell.html"


class MeetingViewSet(SnippetViewSet):
    model = CouncilMeeting
    icon = "calendar"
    menu_label = gettext_lazy("Council meetings")
    menu_hook = "register_council_menu_item"
    menu_order = 20
    add_view_class = MeetingCreateView
    list_display = [
        "council",
        "date",
        "status",
        Column("voted", label=gettext_lazy("Voted")),
        "decision",
        ManageColumn("manage", label=gettext_lazy("Meeting"), accessor="pk"),
    ]
    list_filter = ["status"]

    def get_queryset(self, request):
        return CouncilMeeting.objects.select_related("council", "decision").annotate(
            voted=Count("receipts", distinct=True)
        )


class CandidateForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=Person.objects.filter(active=True).select_related("unit"), required=False
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.filter(active=True).exclude(kind=Unit.Kind.COUNCIL),
        required=False,
    )
    title = forms.ModelChoiceField(label=gettext_lazy("Title or form"), queryset=Title.objects.all())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class DecisionForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Decision number"), max_length=60)
    date = forms.DateField(label=gettext_lazy("Decision date"))
    authority = forms.CharField(label=gettext_lazy("Issuing authority"), max_length=200)
    signer = forms.CharField(label=gettext_lazy("Signer"), max_length=200, required=False)
    public_titles = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Shown on the honour roll"),
        queryset=Title.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _refusal(form, refused):
    if hasattr(refused, "error_dict"):
        for field, errors in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


@permission_required("emulation.view_councilmeeting")
def meeting_view(request, pk):
    """One meeting, as the office prepares it, follows its ballot and issues its decision."""
    meeting = get_object_or_404(CouncilMeeting.objects.select_related("council", "decision"), pk=pk)
    may_change = request.user.has_perm("emulation.change_councilmeeting")
    candidate_form = CandidateForm(prefix="add")
    decision_form = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_change:
        raise PermissionDenied
    try:
        if action == "attendance":
            presence = {
                attendee.member_id: request.POST.get(f"presence-{attendee.member_id}")
                for attendee in meeting.attendees.all()
            }
            services.meeting_update_attendance(meeting=meeting, presence=presence, user=request.user)
            messages.success(request, _("Attendance saved."))
            return redirect("emulation_meeting", pk)
        if action in ("include", "exclude"):
            candidate = get_object_or_404(MeetingCandidate, pk=request.POST.get("candidate"), meeting=meeting)
            services.candidate_set_included(
                candidate=candidate,
                included=action == "include",
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
            return redirect("emulation_meeting", pk)
        if action == "add":
            candidate_form = CandidateForm(request.POST, prefix="add")
            if candidate_form.is_valid():
                data = candidate_form.cleaned_data
                try:
                    services.candidate_add(
                        meeting=meeting,
                        title=data["title"],
                        person=data["person"],
                        unit=data["unit"],
                        reason=data["reason"],
                        user=request.user,
                    )
                except ValidationError as refused:
                    _refusal(candidate_form, refused)
                else:
                    messages.success(request, _("The candidate is added."))
                    return redirect("emulation_meeting", pk)
        if action == "fill":
            count = services.meeting_fill_candidates(meeting=meeting)
            messages.success(request, _("%(count)s eligible candidates added.") % {"count": count})
            return redirect("emulation_meeting", pk)
        if action == "open":
            services.ballot_open(meeting=meeting, user=request.user)
            messages.success(request, _("The ballot is open: the members vote on the portal."))
            return redirect("emulation_meeting", pk)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("emulation_meeting", pk)
    issue = None
    if meeting.status == CouncilMeeting.Status.CLOSED:
        decision_form, issue = _decision(request, meeting, action)
        if issue == "done":
            return redirect("emulation_meeting", pk)
    candidates = list(
        meeting.candidates.select_related("title", "person__unit", "unit").order_by(
            "title__sort_order", "-included", "rank", "person__full_name", "unit__name"
        )
    )
    context = {
        "meeting": meeting,
        "may_change": may_change,
        "attendees": list(meeting.attendees.select_related("member__user").order_by("member__sort_order")),
        "presences": MeetingAttendee.Presence.choices,
        "groups": councils.grouped(candidates),
        "candidate_form": candidate_form,
        "decision_form": decision_form,
        "issue": issue,
        "voted": BallotReceipt.objects.filter(meeting=meeting).count(),
        "size": meeting.council.members.count(),
        "rows": council_views.result_rows(meeting) if meeting.status == CouncilMeeting.Status.CLOSED else [],
    }
    if meeting.status == CouncilMeeting.Status.CLOSED:
        context["documents"], context["achievement_reports"] = document_links(meeting, AgencySettings.current(request))
    return TemplateResponse(request, "emulation/council_admin/meeting.html", context)


def _decision(request, meeting, action):
    """The form issuing the decision of a closed meeting, and the titles it would leave as proposals."""
    from portal.models import AgencySettings

    passed = meeting.candidates.filter(result=MeetingCandidate.Result.PASSED).select_related("title")
    titles = Title.objects.filter(pk__in=passed.values("title"))
    agency = AgencySettings.for_request(request)
    initial = {
        "date": timezone.localdate(),
        "authority": agency.agency_name,
        "public_titles": list(titles),
    }
    form = DecisionForm(request.POST if action == "issue" else None, initial=initial)
    form.fields["public_titles"].queryset = titles
    if action == "issue":
        if not request.user.has_perm("emulation.add_award"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, proposals, existing = services.decision_issue(
                    meeting=meeting,
                    number=data["number"],
                    date=data["date"],
                    authority=data["authority"],
                    signer=data["signer"],
                    public_titles=[title.pk for title in data["public_titles"]],
                    user=request.user,
                )
            except ValidationError as refused:
                _refusal(form, refused)
            else:
                messages.success(
                    request,
                    _(
                        "%(created)s awards created; %(existing)s already recorded; %(proposals)s proposed to a higher body."
                    )
                    % {"created": len(created), "existing": len(existing), "proposals": len(proposals)},
                )
                return form, "done"
    rule_set = rules.rule_set_for(meeting.council.year)
    proposals = [c for c in passed if rule_set.decider(c.title).proposal]
    return form, {"proposals": proposals}


# -- the documents of a closed meeting (emulation.council_documents) -------------------------------------------------


def document_links(meeting, agency):
    """The downloads of a closed meeting's documents: (label, url), and the achievement reports one by one."""
    from emulation import council_documents

    def url(kind, item=None):
        args = [meeting.pk, kind] + ([item] if item is not None else [])
        return reverse("emulation_meeting_document" if item is None else "emulation_meeting_document_item", args=args)

    links = [(_("Minutes of the meeting"), url("minutes"))]
    for key in council_documents.submission_groups(meeting):
        links.append(
            (
                _("Submission to %(addressee)s") % {"addressee": council_documents.addressee(key, agency)},
                url("submission", key),
            )
        )
    links.append((_("Draft decision with its annex"), url("decision")))
    reports = [
        (f"{candidate.subject} – {candidate.title.name}", url("achievement", str(candidate.pk)))
        for candidate in council_documents.achievement_candidates(meeting)
    ]
    if reports:
        links.append((_("All the achievement reports (zip)"), url("achievements")))
    return links, reports


@permission_required("emulation.view_councilmeeting")
def meeting_document(request, pk, kind, item=None):
    """One document of a closed meeting, as a Word file (or the achievement reports as a zip); to those who see the
    meeting page only. A meeting whose ballot is not closed has none."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    from emulation import council_documents
    from portal.documents import DOCX, DocumentTemplateError

    meeting = get_object_or_404(CouncilMeeting.objects.select_related("council", "decision"), pk=pk)
    if meeting.status != CouncilMeeting.Status.CLOSED:
        raise Http404
    agency = AgencySettings.current(request)
    try:
        if kind == "minutes" and item is None:
            made = council_documents.write_minutes(meeting, agency)
        elif kind == "decision" and item is None:
            made = council_documents.write_decision(meeting, agency)
        elif kind == "submission" and item is not None:
            groups = council_documents.submission_groups(meeting)
            if item not in groups:
                raise Http404
            made = next(m for m in council_documents.write_submissions(meeting, agency) if f"-{item}-" in m.name)
        elif kind == "achievement" and item is not None and item.isdigit():
            candidate = next((c for c in council_documents.achievement_candidates(meeting) if c.pk == int(item)), None)
            if candidate is None:
                raise Http404
            made = council_documents.write_achievement(meeting, agency, candidate)
        elif kind == "achievements" and item is None:
            made = council_documents.zipped(
                council_documents.write_achievements(meeting, agency),
                f"bao-cao-thanh-tich-{council_documents.base_name(meeting)}.zip",
            )
        else:
            raise Http404
    except DocumentTemplateError as error:
        messages.error(request, str(error))
        return redirect("emulation_meeting", pk)
    response = HttpResponse(made.data, content_type=council_documents.ZIP if made.name.endswith(".zip") else DOCX)
    response["Content-Disposition"] = content_disposition_header(True, made.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
