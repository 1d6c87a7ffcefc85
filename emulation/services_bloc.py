"""The write path of the emulation bloc (Khối thi đua), re-exported by emulation.services, the one write path: blocs
and their members, the covenant and its scoring table, the Sở's self-score, the members' self-scores imported from
their workbooks (when the Sở heads the bloc), the bloc's results, and the bloc opened for a new year."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation.models import Bloc, BlocMember, BlocScore, Covenant, CovenantCriterion
from portal.sanitize import clean_text
from portal.text import parse_decimal

__all__ = [
    "bloc_dates_changed",
    "bloc_member_scores_import",
    "bloc_results_import",
    "bloc_results_save",
    "bloc_save",
    "bloc_self_score_save",
    "bloc_year_open",
    "covenant_save",
]

# Sent after a bloc is saved: the plan (home.bloc) moves its bloc tasks' deadlines to the bloc's dates.
bloc_dates_changed = Signal()


def _check_roles(bloc):
    members = list(bloc.members.all())
    for role, label in ((BlocMember.Role.HEAD, _("head")), (BlocMember.Role.DEPUTY, _("deputy head"))):
        if sum(1 for member in members if member.role == role) > 1:
            raise ValidationError(_("A bloc has one %(role)s a year.") % {"role": label})
    agencies = [member.agency_id for member in members]
    if len(agencies) != len(set(agencies)):
        raise ValidationError(_("An agency is listed twice among the members."))


@transaction.atomic
def bloc_save(bloc, *, user=None):
    """Record a bloc, new or changed, with its members (held in memory by modelcluster until saved): one head and one
    deputy at most, each agency once; the plan's bloc tasks then follow its dates."""
    created = bloc.pk is None
    bloc.full_clean()
    _check_roles(bloc)
    bloc.save()
    log(bloc, "wagtail.create" if created else "wagtail.edit", user=user)
    bloc_dates_changed.send(sender=Bloc, bloc=bloc)
    return bloc


@transaction.atomic
def covenant_save(covenant, *, user=None):
    """Record a covenant with its scoring table: each criterion's number once; a measure's rule complete."""
    created = covenant.pk is None
    covenant.full_clean()
    criteria = list(covenant.criteria.all())
    for criterion in criteria:
        criterion.full_clean(exclude=["covenant"])
    codes = [criterion.code.strip() for criterion in criteria]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValidationError(
            _("Each criterion has its own number: %(codes)s used twice.") % {"codes": ", ".join(twice)}
        )
    covenant.save()
    log(covenant, "wagtail.create" if created else "wagtail.edit", user=user)
    return covenant


def _points(value, criterion, where=""):
    """`value` as points for `criterion` (None when blank), or a ValidationError in Vietnamese."""
    try:
        points = parse_decimal(value)
    except InvalidOperation as error:
        raise ValidationError(
            _("%(where)s%(value)s is not a number of points.") % {"where": where, "value": value}
        ) from error
    if points is None:
        return None
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("%(where)s%(points)s points: give between 0 and %(max)s (criterion %(code)s).")
            % {
                "where": where,
                "points": value,
                "max": f"{criterion.max_points:.2f}".rstrip("0").rstrip("."),
                "code": criterion.code,
            }
        )
    return points.quantize(Decimal("0.01"))


@transaction.atomic
def bloc_self_score_save(*, covenant, member, period, values, user=None):
    """Record `member`'s scores for `period`: values = {criterion pk: (points or blank, evidence)}. Every value is
    checked first (errors by criterion pk, nothing saved when one is wrong); a blank score with no evidence removes the
    row (a computed criterion then counts the portal's figure)."""
    criteria = {criterion.pk: criterion for criterion in covenant.criteria.all()}
    errors, cleaned = {}, {}
    for pk, (raw, evidence) in values.items():
        criterion = criteria.get(int(pk))
        if criterion is None:
            continue
        try:
            cleaned[criterion.pk] = (_points(raw, criterion), clean_text(evidence or "").strip())
        except ValidationError as error:
            errors[criterion.pk] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {
        s.criterion_id: s for s in BlocScore.objects.filter(member=member, period=period, criterion__in=criteria)
    }
    for pk, (points, evidence) in cleaned.items():
        score = existing.get(pk)
        if points is None and not evidence:
            if score:
                score.delete()
            continue
        if score is None:
            BlocScore.objects.create(criterion_id=pk, member=member, period=period, points=points, evidence=evidence)
        elif (score.points, score.evidence) != (points, evidence):
            score.points, score.evidence = points, evidence
            score.save(update_fields=["points", "evidence"])
    log(covenant, "wagtail.edit", user=user, data={"self_score": str(member), "period": period})
    return covenant


@transaction.atomic
def bloc_member_scores_import(*, covenant, files, period, user=None):
    """Import the members' self-score workbooks (emulation.bloc_workbooks): every file read and checked first; one
    error anywhere and nothing is saved (ValidationError with each message naming the file, sheet and row). A member's
    imported scores replace its earlier ones for the period. Returns {member: number of criteria scored}."""
    from emulation.bloc_workbooks import read_member_workbook

    criteria = list(covenant.criteria.all())
    members = {member.agency.code: member for member in covenant.bloc.members.select_related("agency")}
    errors, parsed, seen = [], [], {}
    for name, upload in files:
        member, rows, problems = read_member_workbook(upload, name, covenant, members, criteria)
        errors += problems
        if member is not None:
            if member.pk in seen:
                errors.append(
                    _("%(file)s: %(member)s is also in %(other)s; send one workbook a member.")
                    % {"file": name, "member": member.agency.name, "other": seen[member.pk]}
                )
            seen[member.pk] = name
            parsed.append((member, rows))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("Choose the members' workbooks to import."))
    imported = {}
    for member, rows in parsed:
        BlocScore.objects.filter(member=member, period=period, criterion__covenant=covenant).delete()
        BlocScore.objects.bulk_create(
            [
                BlocScore(criterion=criterion, member=member, period=period, points=points, evidence=evidence)
                for criterion, points, evidence in rows
            ]
        )
        imported[member] = len(rows)
    log(
        covenant,
        "wagtail.edit",
        user=user,
        data={"imported": {str(member): count for member, count in imported.items()}, "period": period},
    )
    return imported


@transaction.atomic
def bloc_results_save(*, bloc, values, user=None):
    """Record the scores the bloc gave its members: values = {member pk: (points or blank, note)}. All checked first
    (errors by member pk); nothing saved when one is wrong."""
    members = {member.pk: member for member in bloc.members.all()}
    errors, cleaned = {}, {}
    for pk, (raw, note) in values.items():
        member = members.get(int(pk))
        if member is None:
            continue
        try:
            points = parse_decimal(raw)
            if points is not None and not 0 <= points < Decimal("100000"):
                raise InvalidOperation
        except InvalidOperation:
            errors[member.pk] = [_("%(value)s is not a score (a number of points, e.g. 95.5).") % {"value": raw}]
            continue
        if points is None:
            cleaned[member.pk] = (None, clean_text(note or "").strip())
            continue
        cleaned[member.pk] = (points.quantize(Decimal("0.01")), clean_text(note or "").strip())
    if errors:
        raise ValidationError(errors)
    for pk, (points, note) in cleaned.items():
        member = members[pk]
        if (member.result_points, member.result_note) != (points, note):
            member.result_points, member.result_note = points, note[:300]
            member.save(update_fields=["result_points", "result_note"])
    log(bloc, "wagtail.edit", user=user, data={"results": len(cleaned)})
    return bloc


def bloc_results_import(*, bloc, upload, name="", user=None):
    """Import the bloc head's results workbook (emulation.bloc_workbooks.read_results): all or nothing."""
    from emulation.bloc_workbooks import read_results

    members = {member.agency.code: member for member in bloc.members.select_related("agency")}
    values, errors = read_results(upload, name, members)
    if errors:
        raise ValidationError(errors)
    if not values:
        raise ValidationError(_("The workbook has no scores."))
    try:
        return bloc_results_save(bloc=bloc, values=values, user=user)
    except ValidationError as refused:
        raise ValidationError(
            [message for messages in refused.message_dict.values() for message in messages]
        ) from refused


def _moved(day, delta):
    if day is None:
        return None
    from emulation.services import move_date, working_day_on_or_before

    return working_day_on_or_before(move_date(day, delta))


@transaction.atomic
def bloc_year_open(*, year, source, user=None):
    """Open the blocs of `year` from those of `source` (called by services.year_open): the same members (the head and
    deputy rotate, so every member starts as a member), its dates moved to the new year (to the Friday before a
    weekend), the flag quota, and its covenant's scoring table, for the office to check before the covenant is signed.
    A bloc already open for `year` is left alone. Returns the blocs opened."""
    from emulation.services import shift_years

    opened = []
    delta = year - source
    for origin in Bloc.objects.filter(year=source).prefetch_related("members"):
        if Bloc.objects.filter(year=year, name=origin.name).exists():
            continue
        bloc = Bloc(
            name=origin.name,
            year=year,
            decision=origin.decision,
            covenant_deadline=_moved(origin.covenant_deadline, delta),
            half_year_conference=_moved(origin.half_year_conference, delta),
            year_end_conference=_moved(origin.year_end_conference, delta),
            movements=shift_years(origin.movements, source, year),
            movements_until=_moved(origin.movements_until, delta),
            flag_quota=origin.flag_quota,
            demo=origin.demo,
        )
        bloc.members = [BlocMember(agency_id=member.agency_id) for member in origin.members.all()]
        bloc_save(bloc, user=user)
        covenant = Covenant.objects.filter(bloc=origin).first()
        if covenant is not None:
            copy = Covenant(bloc=bloc)
            fields = [f.name for f in CovenantCriterion._meta.fields if f.name not in ("id", "covenant", "sort_order")]
            criteria = []
            for criterion in covenant.criteria.all():
                values = {name: getattr(criterion, name) for name in fields}
                values["name"] = shift_years(values["name"], source, year)
                values["measure_deadline"] = (
                    _moved(criterion.measure_deadline, delta) if criterion.measure_deadline else None
                )
                criteria.append(CovenantCriterion(**values))
            copy.criteria = criteria
            covenant_save(copy, user=user)
        opened.append(bloc)
    return opened


def default_covenant_deadline(year):
    """28/02 of the year, as the plan's task 1.2 sets it."""
    return datetime.date(year, 2, 28)
