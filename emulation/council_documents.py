"""The Word documents made from a closed council meeting's records: the minutes (biên bản), the submission(s) proposing
commendation (tờ trình: one to the Director of the Department, one to the Chairman of the provincial People's
Committee for the titles a body above the Department decides), the draft decision with its annex list and the money
per person, and an achievement report per candidate (báo cáo thành tích), pre-filled with its records.

Each is filled in from the template of its kind the office uses (portal.documents: the uploaded one, else the
default built by `build_document_templates`), in the layout of Nghị định 30/2020/NĐ-CP, its header from the agency
settings. Each is reproducible: its data (the context without the time it was made) is hashed, and the first 12 hex
digits of the sha256 of its JSON are printed at the foot of every page with the time it was made.

The money is data: the multiple of the base salary a title carries under the framework in force on the decision's
date (TitleReward), times the base salary in force on that date (BaseSalary).
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import councils, rules
from emulation.models import (
    Award,
    BaseSalary,
    CouncilMeeting,
    CouncilMember,
    Evaluation,
    Initiative,
    MeetingAttendee,
    MeetingCandidate,
    RuleRow,
)
from emulation.rules.ruleset import framework_for
from portal.documents import date_parts, document_lines, render_document
from portal.models import DocumentTemplate
from portal.text import ascii_slug

Kind = DocumentTemplate.Kind
Result = MeetingCandidate.Result
ZIP = "application/zip"


@dataclass
class Made:
    """A document made: its file name and bytes."""

    name: str
    data: bytes


# -- hashing and rendering ----------------------------------------------------------------------------------------


def data_hash(data):
    """The first 12 hex digits of the sha256 of the data as JSON (keys sorted): the same data, the same hash."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _render(kind, data, now=None):
    made_at = timezone.localtime(now or timezone.now())
    context = {**data, "data_hash": data_hash(data), "generated_at": made_at.strftime("%d/%m/%Y %H:%M")}
    return render_document(kind, lambda template: context)


def require_closed(meeting):
    if meeting.status != CouncilMeeting.Status.CLOSED:
        raise ValidationError(
            _("The ballot of %(meeting)s is not closed: its documents are made only once the chair has closed it.")
            % {"meeting": meeting}
        )


# -- money ----------------------------------------------------------------------------------------------------------


def reward_for(framework, title, kind):
    """The title's reward under the framework for a candidate of `kind` ("person" or "unit"): the row for that kind
    first, else the one for both; None when the framework gives none. (A caller prefetching `rewards` asks no query.)"""
    if framework is None:
        return None
    rows = [row for row in framework.rewards.all() if row.title_id == title.pk and row.applies_to(kind)]
    rows.sort(key=lambda row: row.awarded_to != kind)
    return rows[0] if rows else None


def amount(multiple, base_salary):
    """The money of a multiple of the base salary, in đồng. No text read (../shared/domain/commendation-rules.md
    §2.4) says how it is rounded: it is rounded to the nearest 1,000 đồng, halves up."""
    value = Decimal(str(multiple)) * Decimal(base_salary) / 1000
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 1000


def dong(value):
    """An amount in đồng as written in Vietnamese: "702.000 đồng"."""
    return f"{value:,}".replace(",", ".") + " đồng"


def multiple_text(multiple):
    return f"{Decimal(multiple).normalize():f}".replace(".", ",")


# -- the meeting's rows ---------------------------------------------------------------------------------------------


def _kind(candidate):
    return "person" if candidate.person_id else "unit"


def _subject(candidate):
    if candidate.person_id:
        person = candidate.person
        return {"name": person.full_name, "position": person.position, "unit": person.unit.name}
    return {"name": candidate.unit.name, "position": "", "unit": ""}


def _candidates(meeting, **filters):
    return list(
        meeting.candidates.filter(included=True, **filters)
        .select_related("title", "person__unit", "unit")
        .order_by("title__sort_order", "title__name", "rank", "pk")
    )


def _percent(votes, size):
    if not size:
        return "–"
    value = round(Decimal(votes * 100) / size, 1)
    return f"{value.normalize():f}".replace(".", ",") + " %"


def _header(agency, day, year):
    return {
        "superior_body": agency.superior_body,
        "agency_name": agency.agency_name,
        "place": agency.place_name,
        **date_parts(day),
        "emulation_year": str(year),
    }


def _member_name(member):
    return member.user.get_full_name() or member.user.get_username()


def _seat_name(meeting, role):
    member = (
        CouncilMember.objects.filter(council_id=meeting.council_id, role=role)
        .select_related("user")
        .order_by("sort_order", "pk")
        .first()
    )
    return _member_name(member) if member else ""


def _bases(framework, meeting):
    """The legal bases a document cites: the framework's texts (else its legal basis), then the meeting's minutes."""
    bases = []
    if framework is not None:
        bases = [document.citation for document in framework.documents.all()] or document_lines(framework.legal_basis)
    bases.append(
        _("the minutes of the meeting of %(council)s on %(date)s")
        % {"council": meeting.council.name, "date": meeting.date.strftime("%d/%m/%Y")}
    )
    return bases


def base_name(meeting):
    return f"{meeting.council.year}-phien-{meeting.pk}"


# -- the minutes ----------------------------------------------------------------------------------------------------


def minutes_data(meeting, agency):
    require_closed(meeting)
    size = meeting.council_size or meeting.council.members.count()
    attendees = list(
        MeetingAttendee.objects.filter(meeting=meeting).select_related("member__user").order_by("member__sort_order")
    )
    Presence = MeetingAttendee.Presence
    counts = {value: sum(1 for a in attendees if a.presence == value) for value in Presence.values}
    attendance = [
        {
            "no": number,
            "name": _member_name(attendee.member),
            "position": attendee.member.position,
            "role": attendee.member.get_role_display(),
            "presence": attendee.get_presence_display(),
        }
        for number, attendee in enumerate(attendees, start=1)
    ]
    tally, notes = [], []
    candidates = _candidates(meeting)
    for title, group in councils.grouped(candidates):
        entry = meeting.tally.get(str(title.pk), {})
        group.sort(key=lambda c: (c.rank or 0, c.pk))
        for candidate in group:
            threshold = entry.get(_kind(candidate), {})
            result = candidate.get_result_display()
            if candidate.settled_by_chair:
                result = _("%(result)s (settled by the chair)") % {"result": result}
            tally.append(
                {
                    "no": len(tally) + 1,
                    **_subject(candidate),
                    "title": title.name,
                    "votes": f"{candidate.votes_for or 0}/{size}",
                    "share": _percent(candidate.votes_for or 0, size),
                    "threshold": f"{threshold.get('label', '')} ({threshold.get('needed', '')}/{size})",
                    "result": result,
                }
            )
        quota = entry.get("quota")
        if quota:
            notes.append(
                _(
                    "%(title)s: at most %(max)s (%(percent)s%% of %(base)s %(base_title)s), %(remaining)s places for "
                    "this meeting (%(source)s); within the quota in the order of the votes."
                )
                % {"title": title.name, **quota}
            )
        settled = [c for c in group if c.settled_by_chair]
        if settled:
            notes.append(
                _("%(title)s: a tie at the quota, settled by the chair: %(chosen)s.")
                % {
                    "title": title.name,
                    "chosen": ", ".join(str(c.subject) for c in settled if c.result == Result.PASSED) or "–",
                }
            )
        if any(c.result == Result.TIE for c in group):
            notes.append(_("%(title)s: a tie at the quota, not settled by the chair yet.") % {"title": title.name})
    closed = timezone.localtime(meeting.closed_at).strftime("%H:%M %d/%m/%Y") if meeting.closed_at else "–"
    return {
        **_header(agency, meeting.date, meeting.council.year),
        "issuer_name": meeting.council.name,
        "number": "…/BB-HĐTĐKT",
        "council_name": meeting.council.name,
        "meeting_date": meeting.date.strftime("%d/%m/%Y"),
        "meeting_place": meeting.place or "…",
        "council_size": size,
        "present_count": counts[Presence.PRESENT],
        "written_count": counts[Presence.WRITTEN],
        "absent_count": counts[Presence.ABSENT],
        "attendance": attendance,
        "chair_name": _seat_name(meeting, CouncilMember.Role.CHAIR),
        "secretary_name": _seat_name(meeting, CouncilMember.Role.SECRETARY),
        "intro": _(
            "The council considered the candidates for %(year)s by secret ballot on the portal; the members absent "
            "with a written vote voted through the secretary. The votes in favour are counted against ALL the "
            "council's %(size)s members, against the threshold of each title. The ballot was closed at %(closed)s."
        )
        % {"year": meeting.council.year, "size": size, "closed": closed},
        "tally": tally,
        "notes": notes,
        "closing": _("The minutes were read to the council's members present and approved."),
    }


def write_minutes(meeting, agency, *, now=None):
    return Made(f"bien-ban-{base_name(meeting)}.docx", _render(Kind.MINUTES, minutes_data(meeting, agency), now))


# -- the submissions ------------------------------------------------------------------------------------------------

DIRECTOR, PROVINCE = "giam-doc-so", "chu-tich-ubnd-tinh"


def addressee(key, agency):
    if key == DIRECTOR:
        return _("the Director of %(agency)s") % {"agency": agency.agency_name}
    return _("the Chairman of %(body)s") % {"body": agency.superior_body}


def submission_groups(meeting):
    """The passed candidates per addressee: the Director of the Department, or, for the titles a body above decides
    (the year's rule set: decider(title).proposal), the Chairman of the provincial People's Committee."""
    rule_set = rules.rule_set_for(meeting.council.year)
    groups = {}
    for candidate in _candidates(meeting, result=Result.PASSED):
        decider = rule_set.decider(candidate.title)
        candidate.decider = decider
        groups.setdefault(PROVINCE if decider.proposal else DIRECTOR, []).append(candidate)
    return {key: groups[key] for key in (DIRECTOR, PROVINCE) if key in groups}


def submission_data(meeting, agency, key, candidates, *, on=None):
    require_closed(meeting)
    day = on or timezone.localdate()
    size = meeting.council_size or meeting.council.members.count()
    to = addressee(key, agency)
    proposer = agency.agency_name if key == PROVINCE else meeting.council.name
    rows = [
        {
            "no": number,
            **_subject(candidate),
            "title": candidate.title.name,
            "votes": f"{candidate.votes_for or 0}/{size}",
            "decided_by": str(candidate.decider.label),
        }
        for number, candidate in enumerate(candidates, start=1)
    ]
    return {
        **_header(agency, day, meeting.council.year),
        "number": "…/TTr-SCT" if key == PROVINCE else "…/TTr-HĐTĐKT",
        "addressee": to,
        "bases": _bases(framework_for(day), meeting),
        "intro": _(
            "On the result of the secret ballot of %(council)s on %(date)s, %(proposer)s respectfully submits to "
            "%(addressee)s, for consideration and decision, the commendation of the %(count)s collectives and "
            "individuals below:"
        )
        % {
            "council": meeting.council.name,
            "date": meeting.date.strftime("%d/%m/%Y"),
            "proposer": proposer,
            "addressee": to,
            "count": len(rows),
        },
        "rows": rows,
        "recipients": [_("As above;"), _("Archives: VT, VP.")],
        "signer_capacity_lines": document_lines(agency.signer_capacity, dashes=False)
        if key == PROVINCE
        else [_("ON BEHALF OF THE COUNCIL"), _("CHAIRMAN")],
        "signer_name": agency.signer_name if key == PROVINCE else _seat_name(meeting, CouncilMember.Role.CHAIR),
    }


def write_submissions(meeting, agency, *, on=None, now=None):
    made = []
    for key, candidates in submission_groups(meeting).items():
        data = submission_data(meeting, agency, key, candidates, on=on)
        made.append(Made(f"to-trinh-{key}-{base_name(meeting)}.docx", _render(Kind.SUBMISSION, data, now)))
    return made


# -- the draft decision ---------------------------------------------------------------------------------------------


def decision_data(meeting, agency, *, on=None):
    """The Director's decision for the passed candidates whose title the Department decides, with the annex list and
    the money per person (multiple × base salary in force on the decision's date)."""
    require_closed(meeting)
    decision = meeting.decision
    day = on or (decision.date if decision else timezone.localdate())
    framework = framework_for(day)
    if framework is not None:
        prefetch_related_objects([framework], "rewards")  # one query for the annex's rewards, not one a row
    salary = BaseSalary.in_force_on(day)
    candidates = submission_groups(meeting).get(DIRECTOR, [])
    annex, notes, total, explained = [], [], 0, set()
    for number, candidate in enumerate(candidates, start=1):
        reward = reward_for(framework, candidate.title, _kind(candidate))
        money = amount(reward.multiple, salary.amount) if reward and salary else None
        total += money or 0
        annex.append(
            {
                "no": number,
                **_subject(candidate),
                "title": candidate.title.name,
                "amount": dong(money) if money else "–",
            }
        )
        key = (candidate.title_id, _kind(candidate))
        if key in explained:
            continue
        explained.add(key)
        if money:
            notes.append(
                _("%(title)s: %(multiple)s times the base salary of %(salary)s (%(source)s; %(salary_source)s).")
                % {
                    "title": candidate.title.name,
                    "multiple": multiple_text(reward.multiple),
                    "salary": dong(salary.amount),
                    "source": reward.source,
                    "salary_source": salary.source,
                }
            )
        else:
            notes.append(
                _("%(title)s: no amount on record under %(framework)s; to be filled in.")
                % {"title": candidate.title.name, "framework": framework or "–"}
            )
    if any(row["amount"] != "–" for row in annex):
        notes.append(_("Amounts rounded to the nearest 1,000 đồng."))
    decider_title = _("the Director of %(agency)s") % {"agency": agency.agency_name}
    return {
        **_header(agency, day, meeting.council.year),
        "number": decision.number if decision else "…/QĐ-SCT",
        "decider_title": decider_title[:1].upper() + decider_title[1:],
        "bases": _bases(framework, meeting),
        "proposer": meeting.council.name,
        "count": len(annex),
        "money_article": _(
            "Each collective and individual named in Article 1 receives the reward in the attached list, %(total)s "
            "in all, from the emulation and commendation fund."
        )
        % {"total": dong(total) if total else "…"},
        "annex": annex,
        "total_amount": dong(total) if total else "–",
        "money_notes": notes,
        "recipients": [_("As in Article 3;"), _("Archives: VT, VP.")],
        "signer_capacity_lines": document_lines(agency.signer_capacity, dashes=False),
        "signer_name": decision.signer if decision and decision.signer else agency.signer_name,
    }


def write_decision(meeting, agency, *, on=None, now=None):
    data = decision_data(meeting, agency, on=on)
    return Made(f"quyet-dinh-{base_name(meeting)}.docx", _render(Kind.DECISION, data, now))


# -- the achievement reports ----------------------------------------------------------------------------------------

PERIOD_RULES = {RuleRow.Rule.CONSECUTIVE, RuleRow.Rule.CONSECUTIVE_GRADE}


def period_years(rule_set, title, kind, year):
    """The years a title counts: as many as its rules look back (N years running, or a period of N years), else the
    year alone."""
    length = 1
    for rule in rule_set.rules_for(title, kind):
        if rule.years:
            length = max(length, int(rule.years))
        if rule.id in PERIOD_RULES and rule.number:
            length = max(length, int(rule.number))
    return list(range(year - length + 1, year + 1))


def achievement_candidates(meeting):
    return _candidates(meeting, result=Result.PASSED)


def achievement_name(candidate):
    return f"bao-cao-thanh-tich-{ascii_slug(str(candidate.subject), 60)}-{candidate.title.code}.docx"


def achievement_data(meeting, agency, candidate):
    require_closed(meeting)
    year = meeting.council.year
    kind = _kind(candidate)
    years = period_years(rules.rule_set_for(year), candidate.title, kind, year)
    holder = {"person": candidate.person} if candidate.person_id else {"unit": candidate.unit}
    grades = [
        {"year": evaluation.year, "grade": evaluation.get_grade_display()}
        for evaluation in Evaluation.objects.filter(year__in=years, **holder).order_by("year")
    ]
    initiatives = Initiative.objects.filter(year__in=years, result=Initiative.Result.RECOGNISED)
    initiatives = initiatives.filter(authors=candidate.person) if candidate.person_id else initiatives.filter(**holder)
    initiative_rows = [
        {"year": item.year, "code": item.code, "name": item.title, "scope": item.get_scope_display()}
        for item in initiatives.order_by("year", "code").distinct()
    ]
    awards = [
        {"year": award.year, "title": award.title.name, "decision": str(award.decision) if award.decision else "–"}
        for award in Award.objects.filter(year__in=years, **holder)
        .select_related("title", "decision")
        .order_by("year", "title__sort_order")
    ]
    none = {"year": "–", "grade": _("none on record"), "code": "–", "name": _("none on record"), "scope": "–"}
    if candidate.person_id:
        person = candidate.person
        profile = [
            _("Full name: %(name)s") % {"name": person.full_name},
            _("Position: %(position)s") % {"position": person.position or "…"},
            _("Unit: %(unit)s") % {"unit": person.unit.name},
        ]
        if person.recruited_on:
            profile.append(_("Working here since: %(date)s") % {"date": person.recruited_on.strftime("%d/%m/%Y")})
        heading, unit_name = _("BRIEF CURRICULUM VITAE"), person.unit.name
        left, right, reporter = _("CERTIFIED BY THE HEAD OF THE UNIT"), _("THE PERSON REPORTING"), person.full_name
    else:
        members = candidate.unit.people.filter(active=True).count()
        profile = [
            _("Name of the collective: %(name)s") % {"name": candidate.unit.name},
            _("Members: %(count)s") % {"count": members},
        ]
        heading, unit_name = _("FEATURES AND SITUATION"), candidate.unit.name
        left, right, reporter = _("CERTIFIED BY THE LEVEL PROPOSING"), _("HEAD OF THE UNIT"), ""
    period = (
        _("year %(year)s") % {"year": year}
        if len(years) == 1
        else _("%(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    )
    return {
        **_header(agency, meeting.date, year),
        "unit_name": unit_name,
        "title": candidate.title.name,
        "profile_heading": heading,
        "profile": profile,
        "period": period,
        "achievement": _(
            "[Summarise the achievements of %(period)s: the tasks given and their results, the solutions and "
            "initiatives applied, the emulation movements taken part in.]"
        )
        % {"period": period},
        "grades": grades or [none],
        "initiatives": initiative_rows or [none],
        "awards": awards or [{"year": "–", "title": _("none on record"), "decision": "–"}],
        "left_signer": left,
        "right_signer": right,
        "reporter_name": reporter,
    }


def write_achievement(meeting, agency, candidate, *, now=None):
    data = achievement_data(meeting, agency, candidate)
    return Made(achievement_name(candidate), _render(Kind.ACHIEVEMENT, data, now))


def write_achievements(meeting, agency, *, now=None):
    return [write_achievement(meeting, agency, candidate, now=now) for candidate in achievement_candidates(meeting)]


def zipped(made, name):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in made:
            archive.writestr(item.name, item.data)
    return Made(name, output.getvalue())


# -- all of them ----------------------------------------------------------------------------------------------------


def write_all(meeting, agency, *, on=None, now=None):
    """Every document of a closed meeting, in the order of the procedure."""
    require_closed(meeting)
    return [
        write_minutes(meeting, agency, now=now),
        *write_submissions(meeting, agency, on=on, now=now),
        write_decision(meeting, agency, on=on, now=now),
        *write_achievements(meeting, agency, now=now),
    ]
