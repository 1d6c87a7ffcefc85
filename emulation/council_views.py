"""The council members' pages on the portal (/don-vi/hoi-dong/), made for a phone: their meetings, the secret
ballot, the written votes of absent members (the secretary), closing the ballot and settling a tie (the chair), and
the result. Every page with an id answers 404 to anyone who does not sit on the meeting's council."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emulation import councils, services
from emulation.models import BallotReceipt, CouncilMeeting, CouncilMember, MeetingAttendee, MeetingCandidate

Status = CouncilMeeting.Status
Role = CouncilMember.Role


def member_meeting(view):
    """Signed in and sitting on the meeting's council: the meeting is then `request.meeting`, the seat
    `request.seat`. Anyone else is answered 404."""

    @login_required
    def wrapper(request, pk, *args, **kwargs):
        meeting = get_object_or_404(CouncilMeeting.objects.select_related("council"), pk=pk)
        seat = councils.seat(meeting, request.user)
        if seat is None:
            raise Http404
        request.meeting, request.seat = meeting, seat
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def included_candidates(meeting):
    return list(
        MeetingCandidate.objects.filter(meeting=meeting, included=True)
        .select_related("title", "person__unit", "unit")
        .order_by("title__sort_order", "title__name", "person__full_name", "unit__name", "pk")
    )


def read_choices(post, candidates):
    """The choices posted ({candidate id: True/False}) and the ids of candidates left without one."""
    choices, missing = {}, []
    for candidate in candidates:
        value = post.get(f"c{candidate.pk}")
        if value in ("1", "0"):
            choices[candidate.pk] = value == "1"
        else:
            missing.append(candidate.pk)
    return choices, missing


def ballot_rows(candidates, choices, missing=()):
    """[(title, [(candidate, choice, error)])] for the ballot form."""
    return [
        (title, [(c, choices.get(c.pk), c.pk in missing) for c in group])
        for title, group in councils.grouped(candidates)
    ]


@login_required
def council_home(request):
    """The meetings of the councils the member sits on, the open ballots first."""
    meetings = councils.member_meetings(request.user)
    voted = set(
        BallotReceipt.objects.filter(meeting__in=meetings, member__in={m.seat.pk for m in meetings}).values_list(
            "meeting_id", "member_id"
        )
    )
    for meeting in meetings:
        meeting.voted = (meeting.pk, meeting.seat.pk) in voted
    meetings.sort(key=lambda m: (m.status != Status.OPEN, m.status == Status.PREPARING))
    return TemplateResponse(request, "emulation/council/home.html", {"meetings": meetings})


@member_meeting
@require_http_methods(["GET", "POST"])
def ballot(request):
    """The member's secret ballot: agree or disagree for each candidate and title, changeable until closing."""
    meeting, seat = request.meeting, request.seat
    if meeting.status == Status.CLOSED:
        return redirect("council_result", pk=meeting.pk)
    candidates = included_candidates(meeting) if meeting.status == Status.OPEN else []
    attendee = MeetingAttendee.objects.filter(meeting=meeting, member=seat).first()
    presence = attendee.presence if attendee else MeetingAttendee.Presence.PRESENT
    may_vote = meeting.status == Status.OPEN and presence == MeetingAttendee.Presence.PRESENT
    receipt = BallotReceipt.objects.filter(meeting=meeting, member=seat).first()
    choices, missing, error = services.ballot_choices(meeting, seat), [], None
    if request.method == "POST":
        if not may_vote:
            error = _("You cannot vote in this ballot.")
        else:
            choices, missing = read_choices(request.POST, candidates)
            if missing:
                error = _("Choose agree or disagree for every candidate: %(count)s left.") % {"count": len(missing)}
            else:
                try:
                    services.ballot_vote(meeting=meeting, member=seat, choices=choices, user=request.user)
                except ValidationError as refused:
                    error = " ".join(refused.messages)
                else:
                    messages.success(
                        request,
                        _("Your vote is recorded. You may change it until the chair closes the ballot."),
                    )
                    return redirect("council_ballot", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "seat": seat,
        "presence": presence,
        "may_vote": may_vote,
        "receipt": receipt,
        "rows": ballot_rows(candidates, choices, missing),
        "count": len(candidates),
        "error": error,
        "is_chair": seat.role == Role.CHAIR,
        "is_secretary": seat.role == Role.SECRETARY,
        "voted": BallotReceipt.objects.filter(meeting=meeting).count(),
        "size": meeting.council.members.count(),
    }
    return TemplateResponse(request, "emulation/council/ballot.html", context, status=400 if error else 200)


@member_meeting
@require_http_methods(["GET", "POST"])
def written_vote(request):
    """The secretary enters the written vote of a member absent with one (and may correct it until closing)."""
    meeting, seat = request.meeting, request.seat
    if seat.role != Role.SECRETARY:
        raise Http404
    if meeting.status != Status.OPEN:
        return redirect("council_ballot", pk=meeting.pk)
    absent = [
        attendee.member
        for attendee in MeetingAttendee.objects.filter(
            meeting=meeting, presence=MeetingAttendee.Presence.WRITTEN
        ).select_related("member__user")
    ]
    candidates = included_candidates(meeting)
    chosen, choices, missing, error = None, {}, [], None
    if request.method == "POST":
        chosen = next((m for m in absent if str(m.pk) == request.POST.get("member")), None)
        choices, missing = read_choices(request.POST, candidates)
        if chosen is None:
            error = _("Choose the absent member whose written vote this is.")
        elif missing:
            error = _("Choose agree or disagree for every candidate: %(count)s left.") % {"count": len(missing)}
        else:
            try:
                services.ballot_vote(meeting=meeting, member=chosen, choices=choices, user=request.user, written=True)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(request, _("The written vote of %(member)s is recorded.") % {"member": chosen})
                return redirect("council_written_vote", pk=meeting.pk)
    entered = set(BallotReceipt.objects.filter(meeting=meeting, written=True).values_list("member_id", flat=True))
    context = {
        "meeting": meeting,
        "absent": [(member, member.pk in entered) for member in absent],
        "chosen": chosen,
        "rows": ballot_rows(candidates, choices, missing),
        "error": error,
    }
    return TemplateResponse(request, "emulation/council/written.html", context, status=400 if error else 200)


@member_meeting
@require_POST
def close(request):
    """The chair closes the ballot: the votes are counted and the result locked."""
    meeting, seat = request.meeting, request.seat
    if seat.role != Role.CHAIR:
        raise Http404
    try:
        services.ballot_close(meeting=meeting, user=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("council_ballot", pk=meeting.pk)
    messages.success(request, _("The ballot is closed and the votes counted."))
    return redirect("council_result", pk=meeting.pk)


def result_rows(meeting):
    """[(title, tally entry, [candidate])] of a closed meeting, each candidate with its threshold."""
    candidates = list(
        MeetingCandidate.objects.filter(meeting=meeting, included=True).select_related("title", "person__unit", "unit")
    )
    rows = []
    for title, group in councils.grouped(candidates):
        entry = meeting.tally.get(str(title.pk), {})
        group.sort(key=lambda c: (c.rank or 0, c.pk))
        for candidate in group:
            candidate.threshold = entry.get("person" if candidate.person_id else "unit", {})
        tied = [c for c in group if c.result == MeetingCandidate.Result.TIE]
        suggestion = councils.tie_order(tied) if tied else []
        rows.append((title, entry, group, suggestion))
    return rows


@member_meeting
@require_http_methods(["GET", "POST"])
def result(request):
    """The locked result of a closed ballot: each candidate's votes against all members, the threshold, the quota
    and the order; a tie at the quota is settled here by the chair (a suggestion shown)."""
    meeting, seat = request.meeting, request.seat
    if meeting.status != Status.CLOSED:
        return redirect("council_ballot", pk=meeting.pk)
    error = None
    if request.method == "POST":
        if seat.role != Role.CHAIR:
            raise Http404
        try:
            services.ties_settle(meeting=meeting, chosen=request.POST.getlist("chosen"), user=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The tie is settled."))
            return redirect("council_result", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "seat": seat,
        "is_chair": seat.role == Role.CHAIR,
        "rows": result_rows(meeting),
        "voted": BallotReceipt.objects.filter(meeting=meeting).count(),
        "error": error,
    }
    return TemplateResponse(request, "emulation/council/result.html", context, status=400 if error else 200)
