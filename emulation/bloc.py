"""Computations for the emulation bloc (Khối thi đua): the figures the portal knows for a covenant's criteria, the
scoring table of a member, the summary of all members and the ranking of the bloc's results. Reads only; the writes
are in emulation.services_bloc.

Measures: a criterion may name one (models_bloc.Measure). Each measure is computed once per table, whatever the
number of criteria naming it, so a table costs a fixed number of queries. Measures over the pages (the plan, the
articles) are registered by `home` (`register_measure`), which emulation must not import.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.models import (
    Award,
    BlocMember,
    BlocPeriod,
    BlocScore,
    CovenantCriterion,
    EmulationRegistration,
    EmulationYear,
    Initiative,
    Measure,
    RegistrationStatus,
)
from portal.text import fold

CENT = Decimal("0.01")
_MEASURES = {}


@dataclass
class Figure:
    """What the portal found for a measure: the value compared with the target (a number, or a date), how it reads,
    and where it comes from (a label and an address in the portal)."""

    value: object
    text: str
    source: str = ""
    url: str = ""


def percent(value):
    """72.73, 50 (not 50.00): a share, or points, as a reader writes them."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def register_measure(code, compute):
    """Register `compute(year, end) -> Figure` for the measure `code` (end: the last day the period counts)."""
    _MEASURES[code] = compute
    return compute


def period_end(year, period):
    from emulation.reports import period_end as report_period_end

    return report_period_end(year, period)


def _admin(name, *args):
    try:
        return reverse(name, args=args)
    except Exception:  # noqa: BLE001 - an address is a convenience, never a reason to fail
        return ""


def registration_share(year, end):
    """The share of the year's participating units whose registration reached the office by the deadline (or by the
    end of the period when the year has no deadline)."""
    from emulation.rules import deadline_cutoff

    emulation_year = EmulationYear.objects.filter(year=year).first()
    if emulation_year is None:
        return Figure(Decimal(0), _("no rule set for %(year)s") % {"year": year})
    units = set(emulation_year.participants.filter(active=True).values_list("pk", flat=True))
    cutoff = deadline_cutoff(min(emulation_year.registration_deadline or end, end), emulation_year.deadline_day_counts)
    on_time = set(
        EmulationRegistration.objects.filter(year=year, unit__in=units, submitted_at__lt=cutoff)
        .exclude(status=RegistrationStatus.DRAFT)
        .values_list("unit_id", flat=True)
    )
    share = (Decimal(100) * len(on_time) / len(units)).quantize(CENT) if units else Decimal(0)
    return Figure(
        share,
        _("%(done)s of %(units)s units registered on time (%(share)s%%)")
        % {"done": len(on_time), "units": len(units), "share": percent(share)},
        _("Registrations %(year)s") % {"year": year},
        _admin("wagtailsnippets_emulation_emulationregistration:list") + f"?year={year}",
    )


def initiatives_recognised(year, end):
    count = (
        Initiative.objects.filter(year=year, result=Initiative.Result.RECOGNISED)
        .filter(Q(registered_on__lte=end) | Q(registered_on__isnull=True))
        .count()
    )
    return Figure(
        Decimal(count),
        _("%(count)s initiatives recognised") % {"count": count},
        _("Initiatives %(year)s") % {"year": year},
        _admin("emulation_initiative_modeladmin_index") + f"?year={year}",
    )


def awards(year, end):
    count = (
        Award.objects.filter(year=year, withdrawn_on__isnull=True)
        .filter(Q(decision__date__lte=end) | Q(decision__isnull=True))
        .count()
    )
    return Figure(
        Decimal(count),
        _("%(count)s awards") % {"count": count},
        _("Awards %(year)s") % {"year": year},
        _admin("wagtailsnippets_emulation_award:list") + f"?year={year}",
    )


register_measure(Measure.REGISTRATION_SHARE, registration_share)
register_measure(Measure.INITIATIVES, initiatives_recognised)
register_measure(Measure.AWARDS, awards)


def compute_figure(measure, year, end):
    compute = _MEASURES.get(measure)
    if compute is None:
        return Figure(None, _("not computed by the portal"))
    return compute(year, end)


def computed_points(criterion, figure):
    """The points the rule of `criterion` gives `figure` (None when there is no figure to go by)."""
    if figure is None or figure.value is None:
        return None
    maximum = criterion.max_points
    if criterion.measure == Measure.PLAN_ON_TIME:
        on_time = isinstance(figure.value, datetime.date) and figure.value <= criterion.measure_deadline
        return maximum if on_time else Decimal(0)
    target = criterion.measure_target or Decimal(0)
    value = Decimal(figure.value)
    if value >= target:
        return maximum
    if criterion.measure_rule == CovenantCriterion.Rule.PROPORTIONAL and target > 0:
        return (maximum * value / target).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(0)


# -- a member's scoring table ----------------------------------------------------------------------------------------


@dataclass
class Row:
    criterion: object
    figure: object = None  # Figure, for a criterion naming a measure (the Sở's own table only)
    computed: object = None  # the points the portal's figure gives
    score: object = None  # the BlocScore typed or imported
    points: object = None  # what counts: the score's points, else the computed points

    @property
    def evidence(self):
        return self.score.evidence if self.score else ""

    @property
    def overridden(self):
        return self.score is not None and self.score.points is not None and self.computed is not None

    @property
    def signed_points(self):
        if self.points is None:
            return Decimal(0)
        return -self.points if self.criterion.kind == CovenantCriterion.Kind.PENALTY else self.points


@dataclass
class Group:
    name: str
    rows: list = field(default_factory=list)

    @property
    def max_points(self):
        return sum(
            (row.criterion.max_points for row in self.rows if row.criterion.kind == CovenantCriterion.Kind.CRITERION),
            Decimal(0),
        )

    @property
    def points(self):
        return sum((row.signed_points for row in self.rows), Decimal(0))


@dataclass
class Table:
    covenant: object
    member: object
    period: str
    groups: list

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    @property
    def max_points(self):
        return sum((group.max_points for group in self.groups), Decimal(0))

    @property
    def total(self):
        return sum((group.points for group in self.groups), Decimal(0))

    @property
    def scored(self):
        return sum(1 for row in self.rows if row.points is not None)


def grouped(criteria):
    """The criteria in the table's order, grouped by their group's name in the order groups first appear."""
    groups = {}
    for criterion in criteria:
        groups.setdefault(criterion.group, Group(criterion.group)).rows.append(Row(criterion))
    return list(groups.values())


def scoring_table(covenant, member, period=BlocPeriod.YEAR_END):
    """The scoring table of `member` for `period`: each criterion with the member's score and, for the Sở's own seat,
    the portal's figure and the points it gives. A fixed number of queries: the criteria, the scores, one per measure
    named."""
    criteria = list(covenant.criteria.all())
    scores = {
        score.criterion_id: score
        for score in BlocScore.objects.filter(member=member, period=period, criterion__covenant=covenant)
    }
    year = covenant.bloc.year
    end = period_end(year, period)
    figures = {}
    if member.agency.is_own:
        for measure in dict.fromkeys(c.measure for c in criteria if c.measure):
            figures[measure] = compute_figure(measure, year, end)
    groups = grouped(criteria)
    for row in (row for group in groups for row in group.rows):
        criterion = row.criterion
        row.score = scores.get(criterion.pk)
        if criterion.measure in figures:
            row.figure = figures[criterion.measure]
            row.computed = computed_points(criterion, row.figure)
        row.points = row.score.points if row.score and row.score.points is not None else row.computed
    return Table(covenant, member, period, groups)


def own_member(bloc):
    """The Sở's seat in `bloc` (None when the Sở is not among its members)."""
    return next((member for member in bloc.members.all() if member.agency.is_own), None)


def heads_bloc(bloc):
    """Whether the Sở heads `bloc` this year (it then collects the members' self-scores)."""
    return any(member.agency.is_own and member.role == BlocMember.Role.HEAD for member in bloc.members.all())


# -- the summary of the members' self-scores (when the Sở heads the bloc) --------------------------------------------


@dataclass
class SummaryLine:
    member: object
    group_points: list
    total: Decimal
    scored: int
    rank: int = None


def summary(covenant, period=BlocPeriod.YEAR_END):
    """Every member's self-score by group and in total for `period` (the Sở's own with the portal's computed
    points), ranked as `ranking` does. Queries: the members, the criteria, all the scores in one, and the Sở's
    measures."""
    bloc = covenant.bloc
    members = list(bloc.members.select_related("agency"))
    criteria = list(covenant.criteria.all())
    groups = list(dict.fromkeys(c.group for c in criteria))
    by_id = {c.pk: c for c in criteria}
    points = {}
    counts = {}
    for member_id, criterion_id, value in BlocScore.objects.filter(
        criterion__covenant=covenant, period=period, points__isnull=False
    ).values_list("member_id", "criterion_id", "points"):
        criterion = by_id[criterion_id]
        signed = -value if criterion.kind == CovenantCriterion.Kind.PENALTY else value
        key = (member_id, criterion.group)
        points[key] = points.get(key, Decimal(0)) + signed
        counts[member_id] = counts.get(member_id, 0) + 1
    lines = []
    for member in members:
        if member.agency.is_own:
            table = scoring_table(covenant, member, period)
            group_points = [g.points for g in table.groups]
            lines.append(SummaryLine(member, group_points, table.total, table.scored))
            continue
        group_points = [points.get((member.pk, group), Decimal(0)) for group in groups]
        lines.append(SummaryLine(member, group_points, sum(group_points, Decimal(0)), counts.get(member.pk, 0)))
    for line, rank in zip(lines, ranks([line.total if line.scored else None for line in lines]), strict=True):
        line.rank = rank
    lines.sort(key=lambda line: (line.rank is None, line.rank or 0, fold(line.member.agency.name)))
    return groups, lines


# -- the bloc's results and ranking ----------------------------------------------------------------------------------


def ranks(values):
    """Competition ranks ("1, 1, 3") of `values`, highest first; None for a missing value. Equal values share the
    rank; the next value's rank skips the tied places."""
    present = sorted((v for v in values if v is not None), reverse=True)
    first = {}
    for place, value in enumerate(present, start=1):
        first.setdefault(value, place)
    return [None if v is None else first[v] for v in values]


@dataclass
class Ranked:
    rank: int
    member: object
    points: Decimal
    tied: bool = False
    leads: bool = False


def ranking(bloc):
    """The bloc's results as ranked: the members by the score the bloc gave them, highest first. Members with equal
    scores share a rank (1, 1, 3) and are listed by name (alphabetical, diacritics folded); the members not scored yet
    come last, unranked. `leads` marks the leading members: the ranks within the bloc's flag quota, all of a tie at
    its edge included (the bloc settles such a tie; the office sees it as `tied`)."""
    members = list(bloc.members.select_related("agency"))
    values = [member.result_points for member in members]
    member_ranks = ranks(values)
    counts = {}
    for value in values:
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    lines = [
        Ranked(
            rank,
            member,
            member.result_points,
            tied=member.result_points is not None and counts[member.result_points] > 1,
        )
        for member, rank in zip(members, member_ranks, strict=True)
    ]
    for line in lines:
        line.leads = line.rank is not None and line.rank <= bloc.flag_quota
    lines.sort(key=lambda line: (line.rank is None, line.rank or 0, fold(line.member.agency.name)))
    return lines


def flag_candidates(bloc):
    """The leading members of `bloc` for the Cờ thi đua của UBND tỉnh (Nghị định 91/2017/NĐ-CP, Điều 12; Luật Thi
    đua, khen thưởng 2022, Điều 26): [Ranked] with `leads` set. The hook for the proposal flow: a proposal of the flag
    starts from these (not wired here)."""
    return [line for line in ranking(bloc) if line.leads]


# -- the documents: the self-assessment and the bloc's summary, as the office's reports are written -----------------


def _number(value):
    return "" if value is None else percent(value)


def self_assessment(covenant, member, period=BlocPeriod.YEAR_END):
    """The self-assessment of `member` as an emulation.reports.Report (its writers give the XLSX and the Word report
    in the Nghị định 30/2020 layout): a section per group of criteria, then the total."""
    from emulation.reports import Report, Section

    table = scoring_table(covenant, member, period)
    year = covenant.bloc.year
    columns = [_("Criterion"), _("Maximum points"), _("Self-score"), _("Evidence")]
    sections = []
    for group in table.groups:
        rows = []
        for row in group.rows:
            evidence = [row.evidence] if row.evidence else []
            if row.figure is not None and row.figure.text:
                evidence.append(_("Portal: %(figure)s") % {"figure": row.figure.text})
            label = row.criterion.name
            if row.criterion.kind != CovenantCriterion.Kind.CRITERION:
                label = f"{label} ({row.criterion.get_kind_display()})"
            rows.append(
                [
                    f"{row.criterion.code}. {label}",
                    _number(row.criterion.max_points),
                    _number(row.points),
                    "; ".join(evidence),
                ]
            )
        rows.append([_("Group total"), _number(group.max_points), _number(group.points), ""])
        sections.append(Section(group.name, columns, rows))
    sections.append(
        Section(
            _("Total"),
            [_("Maximum points"), _("Self-score"), _("Criteria scored")],
            [[_number(table.max_points), _number(table.total), f"{table.scored}/{len(table.rows)}"]],
        )
    )
    title = (
        _("Self-assessment of the emulation covenant, first six months of %(year)s – %(agency)s")
        if period == BlocPeriod.HALF_YEAR
        else _("Self-assessment of the emulation covenant %(year)s – %(agency)s")
    ) % {"year": year, "agency": member.agency.name}
    return Report(year, period, period_end(year, period), title, sections), table


def bloc_summary_report(covenant, period=BlocPeriod.YEAR_END):
    """The bloc's report when the Sở heads it: the members' self-scores by group and in total, ranked."""
    from emulation.reports import Report, Section

    groups, lines = summary(covenant, period)
    year = covenant.bloc.year
    rows = [
        [
            line.member.agency.name,
            _number(line.rank) if line.rank else "",
            *[_number(p) for p in line.group_points],
            _number(line.total),
        ]
        for line in lines
    ]
    section = Section(_("Members' self-scores"), [_("Member"), _("Rank"), *groups, _("Total")], rows)
    title = _("Summary of the members' self-assessment, %(bloc)s, %(year)s") % {
        "bloc": covenant.bloc.name,
        "year": year,
    }
    return Report(year, period, period_end(year, period), title, [section])
