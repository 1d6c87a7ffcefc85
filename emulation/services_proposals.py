"""The write path of proposals to a higher body (re-exported by emulation.services, the one write path).

A proposal goes: prepared by the office from the candidates a council's ballot passed for the titles a body above
the Department decides (the year's rule set: decider(title)) → sent (the tờ trình's number and date, the day sent)
→ returned for more (with what is asked) and sent again → decided, when the body's decision is recorded: its awards
are created through award_create with that body as the decision's level, the candidates it refused keep its reason;
refused when it awarded none. Every step is a ProposalEvent (the history).

A proposal can also put forward the results of the province's emulation bloc (bloc_proposal_create): its leading
members (emulation.bloc.flag_candidates) for the Cờ thi đua của UBND tỉnh and, if the office chooses, the next ones
for the Bằng khen của Chủ tịch UBND tỉnh, each entry an agency with the bloc's score and rank as its basis. When the
province decides, the Sở's own seat becomes an Award of the Sở as a collective (own_unit: the Unit that stands for
the whole Sở); another agency's outcome is kept on the entry only: its awards are not the Sở's records."""

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
    BlocMember,
    CouncilMeeting,
    Decision,
    MeetingCandidate,
    Proposal,
    ProposalEntry,
    ProposalEvent,
    Title,
    Unit,
)
from portal.sanitize import clean_text

__all__ = [
    "FLAG_TITLE",
    "MERIT_TITLE",
    "bloc_proposable",
    "bloc_proposal_create",
    "own_unit",
    "proposable_candidates",
    "proposal_create",
    "proposal_record_decision",
    "proposal_return",
    "proposal_send",
]

Status = Proposal.Status
Outcome = ProposalEntry.Outcome
HIGHER_BODIES = [value for value in Authority.values if value != Authority.DIRECTOR]


FLAG_TITLE = "co-tinh"  # Cờ thi đua của UBND tỉnh
MERIT_TITLE = "bang-khen-tinh"  # Bằng khen của Chủ tịch UBND tỉnh


def _recipient(item):
    return {"person": item.person} if item.person_id else {"unit": item.unit}


def _key(item):
    if getattr(item, "agency_id", None):
        return ("agency", item.agency_id), item.title_id
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


def bloc_proposable(bloc):
    """What the office may propose from `bloc`'s results: (flag, merit, proposed), flag the leading members
    (flag_candidates: the ranks within the bloc's flag quota, a tie at the edge included), merit the other members
    ranked (for the Bằng khen, if the office chooses), each an emulation.bloc.Ranked; proposed the set of (agency id,
    title code) already in a proposal of the bloc's year. Two queries with the ranking."""
    from emulation.bloc import ranking

    lines = ranking(bloc)
    proposed = set(
        ProposalEntry.objects.filter(proposal__year=bloc.year, agency__isnull=False).values_list(
            "agency_id", "title__code"
        )
    )
    flag = [line for line in lines if line.leads]
    merit = [line for line in lines if line.rank is not None and not line.leads]
    return flag, merit, proposed


def _province_title(code, year):
    title = Title.objects.filter(code=code).first()
    if title is None or rules.rule_set_for(year).decider(title).authority != Authority.PROVINCE:
        raise ValidationError(
            _("The year's rule set has no title %(code)s decided by the Chủ tịch UBND tỉnh.") % {"code": code}
        )
    return title


@transaction.atomic
def bloc_proposal_create(*, bloc, flag=None, merit=(), round=None, on=None, user=None):
    """A new proposal (status prepared, the next round of the bloc's year to the province unless given) from the
    bloc's results: the Cờ thi đua của UBND tỉnh for the leading members in `flag` (agency ids, or their BlocAgency or
    BlocMember; None: all of them, as flag_candidates gives them) and the Bằng khen của Chủ tịch UBND tỉnh for the ranked members in
    `merit`. Each entry is the member's agency with the bloc's score and rank; an agency already proposed for that
    title in the year is refused, as is a member outside the leading ones for the flag or unranked for the Bằng
    khen."""
    flag_lines, merit_lines, proposed = bloc_proposable(bloc)
    if not flag_lines and not merit_lines:
        raise ValidationError({"bloc": _("Record the bloc's results first: no member is ranked yet.")})

    def picked(lines, wanted, label):
        by_agency = {line.member.agency_id: line for line in lines}
        chosen = []
        for value in wanted:
            key = value.agency_id if isinstance(value, BlocMember) else getattr(value, "pk", value)
            try:
                line = by_agency.get(int(key))
            except (TypeError, ValueError):
                line = None
            if line is None:
                raise ValidationError({"bloc": label})
            if line not in chosen:
                chosen.append(line)
        return chosen

    lead_only = _("Only the bloc's leading members can be proposed for the Cờ thi đua.")
    chosen_flag = list(flag_lines) if flag is None else picked(flag_lines, flag, lead_only)
    chosen_merit = picked(
        merit_lines, merit, _("Only the bloc's ranked members not leading it can be proposed for the Bằng khen.")
    )
    if not chosen_flag and not chosen_merit:
        raise ValidationError({"bloc": _("Choose at least one member to propose.")})
    rows = []
    if chosen_flag:
        title = _province_title(FLAG_TITLE, bloc.year)
        rows += [(line, title) for line in chosen_flag]
    if chosen_merit:
        title = _province_title(MERIT_TITLE, bloc.year)
        rows += [(line, title) for line in chosen_merit]
    again = [
        f"{line.member.agency} – {title.name}"
        for line, title in rows
        if (line.member.agency_id, title.code) in proposed
    ]
    if again:
        raise ValidationError({"bloc": _("Already proposed this year: %(entries)s.") % {"entries": "; ".join(again)}})
    taken = Proposal.objects.filter(year=bloc.year, authority=Authority.PROVINCE)
    if round is None:
        round = (taken.aggregate(last=Max("round"))["last"] or 0) + 1
    elif taken.filter(round=round).exists():
        raise ValidationError({"round": _("Round %(round)s of this year and body already exists.") % {"round": round}})
    proposal = Proposal(year=bloc.year, authority=Authority.PROVINCE, round=round, bloc=bloc)
    proposal.full_clean()
    proposal.save()
    ProposalEntry.objects.bulk_create(
        ProposalEntry(
            proposal=proposal,
            agency=line.member.agency,
            bloc_points=line.points,
            bloc_rank=line.rank,
            title=title,
            sort_order=position,
        )
        for position, (line, title) in enumerate(rows)
    )
    _event(
        proposal,
        Status.PREPARED,
        on or timezone.localdate(),
        _("From the results of %(bloc)s.") % {"bloc": bloc},
        user=user,
    )
    log(proposal, "wagtail.create", user=user)
    return proposal


def own_unit(agency, *, user=None):
    """The Unit standing for the whole Sở in the records, for an award the province gives the Sở as a collective
    (its bloc seat's Cờ thi đua, Bằng khen): the unit with the Sở's agency code, else one created with that code and
    name, of kind "the department as a whole" and inactive, so it never registers, is graded, has accounts or is
    offered as a candidate; its awards show in its history and on the honour roll."""
    unit = Unit.objects.filter(code=agency.code).first()
    if unit is None:
        unit = Unit(
            code=agency.code, name=agency.name, short_name=agency.short_name, kind=Unit.Kind.WHOLE, active=False
        )
        unit.full_clean()
        unit.save()
        log(unit, "wagtail.create", user=user)
    return unit


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
    entries = list(proposal.entries.select_related("title", "person", "unit", "agency", "candidate__meeting"))
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
        if entry.agency_id and not entry.agency.is_own:
            # another agency of the bloc: its award is in its own records, not the Sở's; the outcome stays here
            entry.outcome, entry.refusal_reason, entry.award = Outcome.AWARDED, "", None
            continue
        recipient = {"unit": own_unit(entry.agency, user=user)} if entry.agency_id else _recipient(entry)
        award = Award.objects.filter(year=proposal.year, title=entry.title, **recipient).first()
        if award is None:
            candidate = entry.candidate
            award = Award(
                year=proposal.year,
                title=entry.title,
                decision=decision,
                achievement=_bloc_basis(proposal, entry) if entry.agency_id else "",
                votes_for=candidate.votes_for if candidate else None,
                council_size=candidate.meeting.council_size if candidate else None,
                public=public,
                **recipient,
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


def _bloc_basis(proposal, entry):
    """The basis of an agency's entry, as the award's achievement: the bloc, its score and rank."""
    from emulation.bloc import percent

    return _("%(bloc)s: the bloc's score %(points)s, rank %(rank)s.") % {
        "bloc": proposal.bloc.name if proposal.bloc_id else _("the emulation bloc"),
        "points": percent(entry.bloc_points) if entry.bloc_points is not None else "–",
        "rank": entry.bloc_rank or "–",
    }


# How a decision names each body, for the issuer field (services.decision_level reads it back).
ISSUER_EXAMPLES = {
    Authority.PROVINCE: "UBND tỉnh Gia Lai",
    Authority.PRIME_MINISTER: "Thủ tướng Chính phủ",
    Authority.PRESIDENT: "Chủ tịch nước",
}
