"""The write path of proposals to a higher body (re-exported by emulation.services, the one write path).

A proposal goes: prepared by the office from the candidates a council's ballot passed for the titles a body above
the Department decides (the year's rule set: decider(title)) → sent (the tờ trình's number and date, the day sent)
→ returned for more (with what is asked) and sent again → decided, when the body's decision is recorded: its awards
are created through award_create with that body as the decision's level, the candidates it refused keep its reason;
refused when it awarded none. Every step is a ProposalEvent (the history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation import rules
from emulation.models import (
    Authority,
    Award,
    CouncilMeeting,
    Decision,
    MeetingCandidate,
    Proposal,
    ProposalEntry,
    ProposalEvent,
)
from portal.sanitize import clean_text

__all__ = [
    "proposable_candidates",
    "proposal_create",
    "proposal_record_decision",
    "proposal_return",
    "proposal_send",
]

Status = Proposal.Status
Outcome = ProposalEntry.Outcome
HIGHER_BODIES = [value for value in Authority.values if value != Authority.DIRECTOR]


def _recipient(item):
    return {"person": item.person} if item.person_id else {"unit": item.unit}


def _key(item):
    return ("person", item.person_id) if item.person_id else ("unit", item.unit_id), item.title_id


def proposable_candidates(year, authority, *, include_proposed=False):
    """The candidates the closed ballots of the year's councils passed for a title `authority` decides under the
    year's rule set, in the ballot's order; those already in a proposal of the year left out (unless asked)."""
    rule_set = rules.rule_set_for(year)
    candidates = (
        MeetingCandidate.objects.filter(
            meeting__council__year=year,
            meeting__status=CouncilMeeting.Status.CLOSED,
            result=MeetingCandidate.Result.PASSED,
            included=True,
        )
        .select_related("title", "person__unit", "unit", "meeting__council")
        .order_by("meeting__date", "meeting_id", "title__sort_order", "rank", "pk")
    )
    proposed = set()
    if not include_proposed:
        proposed = {_key(entry) for entry in ProposalEntry.objects.filter(proposal__year=year)}
    return [
        candidate
        for candidate in candidates
        if rule_set.decider(candidate.title).authority == authority and _key(candidate) not in proposed
    ]


def _event(proposal, status, on, note="", user=None):
    return ProposalEvent.objects.create(
        proposal=proposal, status=status, on=on or timezone.localdate(), note=clean_text(note).strip(), user=user
    )


@transaction.atomic
def proposal_create(*, year, authority, candidates, round=None, number="", submitted_on=None, on=None, user=None):
    """A new proposal (status prepared) of `year` to `authority`, one entry per candidate chosen among
    `proposable_candidates`; its round the next of the year and body unless given; prepared `on` (today)."""
    if authority not in HIGHER_BODIES:
        raise ValidationError({"authority": _("Choose a body above the Department: the Director's titles need none.")})
    allowed = {candidate.pk: candidate for candidate in proposable_candidates(year, authority)}
    chosen = [allowed.get(getattr(candidate, "pk", candidate)) for candidate in candidates]
    if not chosen:
        raise ValidationError({"candidates": _("Choose at least one candidate.")})
    if any(candidate is None for candidate in chosen):
        raise ValidationError(
            {
                "candidates": _(
                    "Only candidates a closed ballot of %(year)s passed for a title %(body)s decides, not proposed "
                    "yet, can be proposed."
                )
                % {"year": year, "body": Authority(authority).label}
            }
        )
    taken = Proposal.objects.filter(year=year, authority=authority)
    if round is None:
        round = (taken.aggregate(last=Max("round"))["last"] or 0) + 1
    elif taken.filter(round=round).exists():
        raise ValidationError({"round": _("Round %(round)s of this year and body already exists.") % {"round": round}})
    proposal = Proposal(
        year=year,
        authority=authority,
        round=round,
        meeting=chosen[0].meeting,
        number=clean_text(number).strip(),
        submitted_on=submitted_on,
    )
    proposal.full_clean()
    proposal.save()
    ProposalEntry.objects.bulk_create(
        ProposalEntry(
            proposal=proposal,
            candidate=candidate,
            person=candidate.person,
            unit=candidate.unit,
            title=candidate.title,
            sort_order=position,
        )
        for position, candidate in enumerate(chosen)
    )
    _event(proposal, Status.PREPARED, on or timezone.localdate(), user=user)
    log(proposal, "wagtail.create", user=user)
    return proposal


def _locked(proposal):
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _refuse_status(proposal, *allowed):
    if proposal.status not in allowed:
        raise ValidationError(
            _("This proposal is %(status)s: that step is not possible now.") % {"status": proposal.get_status_display()}
        )


@transaction.atomic
def proposal_send(*, proposal, on, number="", submitted_on=None, note="", user=None):
    """The proposal is sent to the body (prepared, or returned and completed): the day sent, and the tờ trình's
    number and date when known."""
    proposal = _locked(proposal)
    _refuse_status(proposal, Status.PREPARED, Status.RETURNED)
    if on is None:
        raise ValidationError({"on": _("Give the day the proposal was sent.")})
    proposal.status, proposal.sent_on = Status.SENT, on
    proposal.number = clean_text(number).strip() or proposal.number
    proposal.submitted_on = submitted_on or proposal.submitted_on or on
    proposal.full_clean()
    proposal.save(update_fields=["status", "sent_on", "number", "submitted_on"])
    _event(proposal, Status.SENT, on, note, user)
    return proposal


@transaction.atomic
def proposal_return(*, proposal, on, note, user=None):
    """The body returns the proposal for more (what it asks is the note, required); it can be sent again."""
    proposal = _locked(proposal)
    _refuse_status(proposal, Status.SENT)
    if not clean_text(note).strip():
        raise ValidationError({"note": _("Say what the body asks for.")})
    proposal.status = Status.RETURNED
    proposal.save(update_fields=["status"])
    _event(proposal, Status.RETURNED, on, note, user)
    return proposal


@transaction.atomic
def proposal_record_decision(
    *, proposal, number, date, authority, outcomes, signer="", document=None, public=True, user=None
):
    """Record the body's answer to a sent proposal: its decision (number, date, issuer, signer, signed PDF; its level
    is the proposal's body, and the issuer named must be that body) and, for every entry, awarded or refused with
    the body's reason (`outcomes`: {entry id: (awarded, reason)}).

    Each award is created through award_create with the decision (shown on the honour roll when `public`); an award
    already recorded for the same year, recipient and title is linked, not doubled. A higher body's decision is a
    decision taken: the awards are recorded as decided, and what they break in the year's rules is returned as
    warnings (`proposal.warnings`), as the importer does. All or nothing."""
    from emulation import services

    proposal = _locked(proposal)
    _refuse_status(proposal, Status.SENT)
    body = Authority(proposal.authority)
    number, authority, signer = (clean_text(value).strip() for value in (number, authority, signer))
    errors = {}
    if not number:
        errors["number"] = _("Give the decision's number.")
    if date is None:
        errors["date"] = _("Give the decision's date.")
    if services.decision_level(authority) != proposal.authority:
        errors["authority"] = _("The issuer must be %(body)s, the body this proposal went to (e.g. %(example)s).") % {
            "body": body.label,
            "example": ISSUER_EXAMPLES.get(proposal.authority, ""),
        }
    entries = list(proposal.entries.select_related("title", "person", "unit", "candidate__meeting"))
    answers = {}
    for entry in entries:
        awarded, reason = outcomes.get(entry.pk, (None, ""))
        reason = clean_text(reason or "").strip()
        if awarded is None:
            errors[f"outcome-{entry.pk}"] = _("Say whether %(subject)s was awarded.") % {"subject": entry.subject}
        elif not awarded and not reason:
            errors[f"reason-{entry.pk}"] = _("Give the body's reason for refusing %(subject)s.") % {
                "subject": entry.subject
            }
        answers[entry.pk] = (awarded, reason)
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.filter(number=number, date=date).first()
    if decision is not None and decision.level != proposal.authority:
        raise ValidationError(
            {"number": _("%(decision)s is already recorded as another body's.") % {"decision": decision}}
        )
    if decision is None:
        decision = Decision(
            number=number, date=date, authority=authority, level=proposal.authority, signer=signer, document=document
        )
        decision.full_clean()
        decision.save()
        log(decision, "wagtail.create", user=user)
    elif document is not None and decision.document_id is None:
        decision.document = document
        decision.save(update_fields=["document"])
    created, warnings = [], []
    for entry in entries:
        awarded, reason = answers[entry.pk]
        if not awarded:
            entry.outcome, entry.refusal_reason, entry.award = Outcome.REFUSED, reason, None
            continue
        award = Award.objects.filter(year=proposal.year, title=entry.title, **_recipient(entry)).first()
        if award is None:
            candidate = entry.candidate
            award = Award(
                year=proposal.year,
                title=entry.title,
                decision=decision,
                votes_for=candidate.votes_for if candidate else None,
                council_size=candidate.meeting.council_size if candidate else None,
                public=public,
                **_recipient(entry),
            )
            warnings += [f"{entry.subject} – {entry.title}: {message}" for message in services.award_errors(award)]
            award = services.award_save(award, user=user, enforce_rules=False)
            created.append(award)
        entry.outcome, entry.refusal_reason, entry.award = Outcome.AWARDED, "", award
    ProposalEntry.objects.bulk_update(entries, ["outcome", "refusal_reason", "award"])
    awarded = sum(1 for entry in entries if entry.outcome == Outcome.AWARDED)
    proposal.status = Status.DECIDED if awarded else Status.REFUSED
    proposal.decision = decision
    proposal.save(update_fields=["status", "decision"])
    note = _("%(decision)s: %(awarded)s awarded, %(refused)s refused.") % {
        "decision": decision,
        "awarded": awarded,
        "refused": len(entries) - awarded,
    }
    _event(proposal, proposal.status, date, note, user)
    proposal.created, proposal.warnings = created, warnings
    return proposal


# How a decision names each body, for the issuer field (services.decision_level reads it back).
ISSUER_EXAMPLES = {
    Authority.PROVINCE: "UBND tỉnh Gia Lai",
    Authority.PRIME_MINISTER: "Thủ tướng Chính phủ",
    Authority.PRESIDENT: "Chủ tịch nước",
}
