"""The write path of councils and their secret ballots (re-exported by emulation.services, the one write path).

A meeting goes: prepared by the office (attendance, the candidates: the eligible ones by default, others added or
removed with a reason) → ballot opened by the office → each member votes on the portal, as often as they like
until closing (the last ballot counts), the secretary enters the written votes of absent members → the chair
closes it: the votes are counted against ALL the council's members, the thresholds and the year's quota applied,
the result locked → ties at the quota settled by the chair → the office issues the decision for the passed list.
"""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation import councils, rules
from emulation.models import (
    Award,
    BallotChoice,
    BallotReceipt,
    CouncilMeeting,
    CouncilMember,
    Decision,
    MeetingAttendee,
    MeetingCandidate,
    SealedBallot,
)
from portal.sanitize import clean_text

__all__ = [
    "ballot_choices",
    "ballot_close",
    "ballot_open",
    "ballot_vote",
    "candidate_add",
    "candidate_set_included",
    "decision_issue",
    "meeting_create",
    "meeting_fill_candidates",
    "meeting_update_attendance",
    "ties_settle",
]

Status = CouncilMeeting.Status
Result = MeetingCandidate.Result


def _locked(meeting):
    return CouncilMeeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)


def _require(meeting, *statuses):
    if meeting.status not in statuses:
        messages = {
            Status.PREPARING: _("The ballot of this meeting is not open yet."),
            Status.OPEN: _("The ballot of this meeting is open: its candidates and result can no longer change."),
            Status.CLOSED: _("The ballot of this meeting is closed: its result is locked."),
        }
        raise ValidationError(messages[meeting.status])


def eligible_pairs(council):
    """The (kind, id, title) pairs the year's eligibility finds eligible, for the council's candidates (a unit's
    council: its unit and its people only)."""
    from emulation.models import Person, Unit

    report = rules.eligibility(council.year)
    codes = {
        "person": dict(Person.objects.values_list("code", "pk")),
        "unit": dict(Unit.objects.values_list("code", "pk")),
    }
    pairs = []
    for candidate in report["candidates"]:
        if council.unit_id and candidate["unit"] != council.unit.code:
            continue
        for item in candidate["titles"]:
            if item["eligible"]:
                pairs.append((candidate["kind"], codes[candidate["kind"]][candidate["code"]], item["title"]))
    return pairs


@transaction.atomic
def meeting_create(*, council, date, place="", user=None):
    """A new meeting of the council: every member present, the eligible candidates of the council's year put to it."""
    meeting = CouncilMeeting(council=council, date=date, place=clean_text(place))
    meeting.full_clean()
    meeting.save()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, member=member) for member in council.members.all()
    )
    meeting_fill_candidates(meeting=meeting)
    log(meeting, "wagtail.create", user=user)
    return meeting


def meeting_fill_candidates(*, meeting):
    """Put the eligible candidates of the year to the meeting (those already listed are kept as they are)."""
    existing = {
        ("person" if c.person_id else "unit", c.person_id or c.unit_id, c.title_id) for c in meeting.candidates.all()
    }
    new = [
        MeetingCandidate(meeting=meeting, title=title, eligible=True, **{kind: _id(kind, pk)})
        for kind, pk, title in eligible_pairs(meeting.council)
        if (kind, pk, title.pk) not in existing
    ]
    MeetingCandidate.objects.bulk_create(new)
    return len(new)


def _id(kind, pk):
    from emulation.models import Person, Unit

    return (Person if kind == "person" else Unit)(pk=pk)


@transaction.atomic
def meeting_update_attendance(*, meeting, presence, user=None):
    """Record who attends: `presence` maps member ids to present, written (absent with a written vote) or absent.
    Until the ballot closes (a member may leave; one who has voted online stays counted)."""
    meeting = _locked(meeting)
    _require(meeting, Status.PREPARING, Status.OPEN)
    allowed = set(MeetingAttendee.Presence.values)
    for attendee in meeting.attendees.all():
        value = presence.get(attendee.member_id)
        if value in allowed and value != attendee.presence:
            attendee.presence = value
            attendee.save(update_fields=["presence"])
    log(meeting, "wagtail.edit", user=user)
    return meeting


@transaction.atomic
def candidate_set_included(*, candidate, included, reason="", user=None):
    """Put a listed candidate to the vote or take it off, with a reason (required to take off an eligible one or to
    put back one that is not)."""
    meeting = _locked(candidate.meeting)
    _require(meeting, Status.PREPARING)
    candidate = MeetingCandidate.objects.get(pk=candidate.pk, meeting=meeting)
    reason = clean_text(reason).strip()
    if not reason and included != candidate.eligible:
        raise ValidationError({"reason": _("Say why.")})
    candidate.included = included
    candidate.reason = reason
    candidate.save(update_fields=["included", "reason"])
    log(meeting, "wagtail.edit", user=user, data={"candidate": str(candidate), "included": included, "reason": reason})
    return candidate


@transaction.atomic
def candidate_add(*, meeting, title, person=None, unit=None, reason="", user=None):
    """The office adds a candidate the eligibility did not list (or lists again one it took off), with a reason."""
    meeting = _locked(meeting)
    _require(meeting, Status.PREPARING)
    reason = clean_text(reason).strip()
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Choose either a person or a unit.")})
    kind = "person" if person else "unit"
    if not title.applies_to(kind):
        raise ValidationError({"title": _("%(title)s is not given to this kind of candidate.") % {"title": title}})
    if not reason:
        raise ValidationError({"reason": _("Say why the candidate is added.")})
    candidate = MeetingCandidate.objects.filter(meeting=meeting, title=title, person=person, unit=unit).first()
    if candidate is None:
        candidate = MeetingCandidate(meeting=meeting, title=title, person=person, unit=unit, eligible=False)
    candidate.included, candidate.reason = True, reason
    candidate.save()
    log(meeting, "wagtail.edit", user=user, data={"candidate": str(candidate), "included": True, "reason": reason})
    return candidate


@transaction.atomic
def ballot_open(*, meeting, user=None, when=None):
    """Open the secret ballot: the candidates are then fixed. Needs a chair and at least one candidate."""
    meeting = _locked(meeting)
    _require(meeting, Status.PREPARING)
    if not meeting.council.members.filter(role=CouncilMember.Role.CHAIR).exists():
        raise ValidationError(_("The council has no chair to close the ballot: add one first."))
    if not meeting.candidates.filter(included=True).exists():
        raise ValidationError(_("No candidate is put to the vote."))
    meeting.status = Status.OPEN
    meeting.opened_at = when or timezone.now()
    meeting.seal_salt = secrets.token_hex(32)
    meeting.council_size = meeting.council.members.count()
    meeting.save(update_fields=["status", "opened_at", "seal_salt", "council_size"])
    log(meeting, "wagtail.edit", user=user, data={"ballot": "open"})
    return meeting


def ballot_choices(meeting, member):
    """The member's own current choices while the ballot is open ({candidate id: True/False}); empty otherwise."""
    if meeting.status != Status.OPEN or not meeting.seal_salt:
        return {}
    sealed = SealedBallot.objects.filter(seal=councils.seal(meeting, member), meeting=meeting).first()
    return {int(key): value for key, value in sealed.choices.items()} if sealed else {}


@transaction.atomic
def ballot_vote(*, meeting, member, choices, user=None, written=False):
    """Record a member's ballot: `choices` maps each candidate put to the vote to True (agree) or False (disagree).

    Online (`written` off) by the member themself, present at the meeting; a written vote of an absent member is
    entered by the council's secretary (`user`). A later ballot of the same member replaces the earlier one until
    the ballot closes; the receipt records that they voted, never how (see BallotReceipt)."""
    meeting = _locked(meeting)
    _require(meeting, Status.OPEN)
    if member.council_id != meeting.council_id:
        raise ValidationError(_("Only the council's members vote."))
    attendee = MeetingAttendee.objects.filter(meeting=meeting, member=member).first()
    presence = attendee.presence if attendee else MeetingAttendee.Presence.PRESENT
    if written:
        secretary = CouncilMember.objects.filter(
            council_id=meeting.council_id, user=user, role=CouncilMember.Role.SECRETARY
        ).exists()
        if not secretary:
            raise ValidationError(_("Only the council's secretary enters written votes."))
        if presence != MeetingAttendee.Presence.WRITTEN:
            raise ValidationError({"member": _("This member is not recorded as absent with a written vote.")})
    elif presence != MeetingAttendee.Presence.PRESENT:
        raise ValidationError(_("You are recorded as absent from this meeting: your vote is not taken online."))
    wanted = set(meeting.candidates.filter(included=True).values_list("pk", flat=True))
    if set(choices) != wanted or any(not isinstance(value, bool) for value in choices.values()):
        raise ValidationError(_("Choose agree or disagree for every candidate."))
    SealedBallot.objects.update_or_create(
        seal=councils.seal(meeting, member),
        defaults={"meeting": meeting, "choices": {str(key): value for key, value in choices.items()}},
    )
    receipt, created = BallotReceipt.objects.get_or_create(
        meeting=meeting, member=member, defaults={"written": written, "entered_by": user if written else None}
    )
    return receipt


@transaction.atomic
def ballot_close(*, meeting, user, when=None):
    """The chair closes the ballot. The sealed ballots are counted into anonymous choices (in a shuffled order), then
    deleted and the salt cleared, so nothing links a choice to a member any more; each candidate's votes are counted
    against ALL the council's members, the threshold of its title applied, and the year's quota in the order of
    the votes (a tie at the last place is left to the chair)."""
    meeting = _locked(meeting)
    _require(meeting, Status.OPEN)
    if not CouncilMember.objects.filter(
        council_id=meeting.council_id, user=user, role=CouncilMember.Role.CHAIR
    ).exists():
        raise ValidationError(_("Only the council's chair closes the ballot."))
    candidates = {c.pk: c for c in meeting.candidates.filter(included=True).select_related("title", "person", "unit")}
    choices = []
    for sealed in SealedBallot.objects.filter(meeting=meeting):
        for key, agree in sealed.choices.items():
            if int(key) in candidates:
                choices.append(BallotChoice(candidate_id=int(key), agree=bool(agree)))
    random.SystemRandom().shuffle(choices)
    BallotChoice.objects.bulk_create(choices)
    SealedBallot.objects.filter(meeting=meeting).delete()
    for candidate in candidates.values():
        candidate.votes_for = sum(1 for c in choices if c.candidate_id == candidate.pk and c.agree)
        candidate.votes_against = sum(1 for c in choices if c.candidate_id == candidate.pk and not c.agree)
    meeting.tally = _apply_results(meeting, list(candidates.values()))
    MeetingCandidate.objects.bulk_update(candidates.values(), ["votes_for", "votes_against", "result", "rank"])
    meeting.status = Status.CLOSED
    meeting.closed_at = when or timezone.now()
    meeting.closed_by = user
    meeting.seal_salt = ""
    meeting.save(update_fields=["status", "closed_at", "closed_by", "seal_salt", "tally"])
    log(meeting, "wagtail.edit", user=user, data={"ballot": "closed"})
    return meeting


def _apply_results(meeting, candidates):
    """Set each candidate's result and rank (not saved); returns the tally: per title id, the threshold and quota."""
    council, size = meeting.council, meeting.council_size or meeting.council.members.count()
    rule_set = rules.rule_set_for(council.year)
    quotas = {}
    if any(rule.id == "quota" for rule in rule_set.rules):
        quotas = {quota["title"].pk: quota for quota in rules.eligibility_summary(council.year)["quotas"]}
    tally = {}
    for title, group in councils.grouped(candidates):
        by_kind = {}
        for candidate in group:
            by_kind.setdefault("person" if candidate.person_id else "unit", []).append(candidate)
        for kind, members in by_kind.items():
            threshold = councils.threshold_for(council, title, kind, rule_set)
            quota, remaining = quotas.get(title.pk), None
            if quota is not None:
                given = Award.objects.filter(year=council.year, title=title)
                given = given.exclude(person__in=[c.person_id for c in group if c.person_id])
                given = given.exclude(unit__in=[c.unit_id for c in group if c.unit_id]).count()
                remaining = max(0, quota["max"] - given)
            slots = councils.rank(members, threshold, size, remaining)
            entry = tally.setdefault(str(title.pk), {"title": title.name, "size": size})
            entry[kind] = threshold.as_dict(size)
            if quota is not None:
                entry["quota"] = {
                    "max": quota["max"],
                    "remaining": remaining,
                    "percent": f"{quota['percent']:g}",
                    "base": quota["base"],
                    "base_title": quota["base_title"].name,
                    "source": quota["source"],
                }
            if slots:
                entry["tie_slots"] = slots
    return tally


@transaction.atomic
def ties_settle(*, meeting, chosen, user):
    """The chair settles a tie at the quota: `chosen` are the ids of the tied candidates that take the places left
    (as many as the places, per title); the others are over the quota."""
    meeting = _locked(meeting)
    _require(meeting, Status.CLOSED)
    if not CouncilMember.objects.filter(
        council_id=meeting.council_id, user=user, role=CouncilMember.Role.CHAIR
    ).exists():
        raise ValidationError(_("Only the council's chair settles a tie."))
    chosen = {int(pk) for pk in chosen}
    tied = list(meeting.candidates.filter(result=Result.TIE).select_related("title"))
    if not tied:
        raise ValidationError(_("There is no tie to settle."))
    for title, group in councils.grouped(tied):
        slots = meeting.tally.get(str(title.pk), {}).get("tie_slots", 0)
        picked = [c for c in group if c.pk in chosen]
        if len(picked) != slots:
            raise ValidationError(
                _("%(title)s: choose %(slots)s of the tied candidates.") % {"title": title.name, "slots": slots}
            )
    for candidate in tied:
        candidate.result = Result.PASSED if candidate.pk in chosen else Result.OVER_QUOTA
        candidate.settled_by_chair = True
    MeetingCandidate.objects.bulk_update(tied, ["result", "settled_by_chair"])
    log(meeting, "wagtail.edit", user=user, data={"ties": sorted(chosen)})
    return meeting


@transaction.atomic
def decision_issue(*, meeting, number, date, authority, signer="", public_titles=(), user=None):
    """Issue the Department's decision for a closed meeting's passed list: every award on it in one step, through
    award_create (rules enforced; tied to the decision, with the tally's votes and the council's size; the
    initiative it rests on linked). A title only a higher body decides is not issued: it is returned as a proposal.
    Issuing again creates nothing more. Returns (created awards, proposals, awards already recorded).
    All or nothing: any refused award refuses the whole decision, each refusal named."""
    from emulation import services

    meeting = _locked(meeting)
    _require(meeting, Status.CLOSED)
    if meeting.candidates.filter(result=Result.TIE).exists():
        raise ValidationError(_("The chair has not settled the tie at the quota yet."))
    number = clean_text(number).strip()
    decision = Decision.objects.filter(number=number, date=date).first()
    if meeting.decision_id and (decision is None or decision.pk != meeting.decision_id):
        raise ValidationError(
            {"number": _("This meeting's list was issued by %(decision)s.") % {"decision": meeting.decision}}
        )
    if decision is None:
        decision = Decision(number=number, date=date, authority=clean_text(authority), signer=clean_text(signer))
        decision.full_clean()
        decision.save()
        log(decision, "wagtail.create", user=user)
    rule_set = rules.rule_set_for(meeting.council.year, on=date)
    public_titles = {int(pk) for pk in public_titles}
    created, proposals, existing, errors = [], [], [], []
    passed = meeting.candidates.filter(result=Result.PASSED).select_related("title", "person", "unit")
    for candidate in passed:
        if rule_set.decider(candidate.title).proposal:
            proposals.append(candidate)
            continue
        recipient = {"person": candidate.person} if candidate.person_id else {"unit": candidate.unit}
        award = Award.objects.filter(year=meeting.council.year, title=candidate.title, **recipient).first()
        if award is not None:
            existing.append(award)
            continue
        try:
            award = services.award_create(
                user=user,
                year=meeting.council.year,
                title=candidate.title,
                decision=decision,
                votes_for=candidate.votes_for,
                council_size=meeting.council_size,
                public=candidate.title_id in public_titles,
                **recipient,
            )
        except ValidationError as refused:
            errors.append(f"{candidate.subject} – {candidate.title}: " + " ".join(refused.messages))
        else:
            created.append(award)
    if errors:
        raise ValidationError(errors)
    meeting.decision = decision
    meeting.save(update_fields=["decision"])
    log(meeting, "wagtail.edit", user=user, data={"decision": str(decision), "awards": len(created)})
    return created, proposals, existing
