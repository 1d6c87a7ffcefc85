"""Reading a year's rule set: the law's rows for the year, with the plan's rows layered on top. Cached."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import (
    Authority,
    DeadlineExtension,
    EmulationYear,
    LawRule,
    LegalFramework,
    PlanRule,
    RuleRow,
    Title,
    TitleAuthority,
)

CACHE_VERSION_KEY = "emulation:rules:version"
# Rules that add to the law's (both apply) rather than replace the law's row for the same title.
ADDITIVE_RULES = {RuleRow.Rule.REGISTRATION, RuleRow.Rule.INITIATIVE, RuleRow.Rule.NO_DISCIPLINE}


class RuleSetMissing(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    title_id: int | None
    number: float | None
    strict: bool
    ref_title_id: int | None
    grade: int | None
    discipline: int | None
    scope: int | None
    years: int | None
    path: str
    candidate: str  # "person", "unit", or "" for every candidate of the title
    source: str
    verified: bool
    layer: str  # "law" or "plan"


@dataclass(frozen=True)
class Decider:
    """Who decides a title under the framework: the Director of the Sở, or a body above it (then a proposal)."""

    authority: str
    source: str
    verified: bool
    criteria_delegated: bool

    @property
    def label(self):
        return Authority(self.authority).label

    @property
    def proposal(self):
        return self.authority != Authority.DIRECTOR


@dataclass
class RuleSet:
    year: int
    framework_name: str
    legal_basis: str
    plan_reference: str
    has_plan: bool
    rounding: str
    rounding_verified: bool
    framework_id: int | None = None
    titles: dict = field(default_factory=dict)  # id -> Title
    rules: list = field(default_factory=list)
    deciders: dict = field(default_factory=dict)  # title id -> Decider

    @property
    def name(self):
        return f"{self.year} — {self.framework_name}"

    def rules_for(self, title, kind=None):
        """The rules that judge `title` (for candidates of `kind`, "person" or "unit", when given)."""
        return [
            rule
            for rule in self.rules
            if rule.title_id in (None, title.id) and (not kind or not rule.candidate or rule.candidate == kind)
        ]

    def offered_titles(self, kind=None):
        ids = {rule.title_id for rule in self.rules if rule.title_id is not None}
        titles = [self.titles[i] for i in ids if i in self.titles]
        if kind:
            titles = [title for title in titles if title.applies_to(kind)]
        return sorted(titles, key=lambda title: (title.sort_order, title.name))

    def title_by_id(self, title_id):
        return self.titles.get(title_id)

    def decider(self, title):
        """Who decides the title under this framework (the Director when the framework does not say)."""
        title_id = getattr(title, "id", title)
        return self.deciders.get(title_id) or Decider(Authority.DIRECTOR, "", False, True)


def _rule(row, layer):
    return Rule(
        id=row.rule,
        title_id=row.title_id,
        number=float(row.number) if row.number is not None else None,
        strict=row.strict,
        ref_title_id=row.ref_title_id,
        grade=row.grade,
        discipline=row.discipline,
        scope=row.scope,
        years=row.years,
        path=row.path,
        candidate=row.candidate,
        source=row.source,
        verified=row.verified,
        layer=layer,
    )


def _layer(law_rules, plan_rules):
    """The plan's row replaces the law's row of the same kind for the same title, except for additive kinds."""
    replaced = {(rule.id, rule.title_id) for rule in plan_rules if rule.id not in ADDITIVE_RULES}
    return [rule for rule in law_rules if (rule.id, rule.title_id) not in replaced] + list(plan_rules)


def judging_date(year):
    """The date a year's titles are judged at when no decision date is known: 31 December of the year."""
    return datetime.date(year, 12, 31)


def framework_for(day, frameworks=None):
    """The legal framework in force on `day` (a date, or a year: its 31 December); chosen from `frameworks`, newest
    first, when a caller judging many days loaded them once."""
    if isinstance(day, int):
        day = judging_date(day)
    if frameworks is None:
        frameworks = LegalFramework.objects.order_by("-in_force_from")
    return next((framework for framework in frameworks if framework.in_force_on(day)), None)


def _build(year, day):
    framework = framework_for(day)
    if framework is None:
        raise RuleSetMissing(
            _(
                "No legal framework is in force on %(date)s (the year %(year)s): add one under Thi đua – Khen "
                "thưởng → Legal frameworks."
            )
            % {"date": day.strftime("%d/%m/%Y"), "year": year}
        )
    plan = EmulationYear.objects.filter(year=year).first()
    law_rules = [_rule(row, "law") for row in LawRule.objects.filter(framework=framework)]
    plan_rules = [_rule(row, "plan") for row in PlanRule.objects.filter(emulation_year=plan)] if plan else []
    return RuleSet(
        year=year,
        framework_name=framework.name,
        legal_basis=framework.legal_basis,
        plan_reference=plan.plan_reference if plan else "",
        has_plan=plan is not None,
        rounding=(plan.quota_rounding if plan and plan.quota_rounding else framework.quota_rounding),
        rounding_verified=framework.rounding_verified,
        framework_id=framework.pk,
        titles={title.id: title for title in Title.objects.all()},
        rules=_layer(law_rules, plan_rules),
        deciders={
            row.title_id: Decider(row.decided_by, row.source, row.verified, row.criteria_delegated)
            for row in TitleAuthority.objects.filter(framework=framework)
        },
    )


def rule_set_for(year, on=None):
    """The rule set that judges records of `year`: the plan's rules of the year over the law in force on `on` (the
    date of the decision), or on 31 December of the year when no decision date is given. Cached until a rule
    changes."""
    day = on or judging_date(year)
    version = cache.get_or_set(CACHE_VERSION_KEY, 1, None)
    key = f"emulation:rules:{version}:{year}:{day.isoformat()}"
    rule_set = cache.get(key)
    if rule_set is None:
        rule_set = _build(year, day)
        cache.set(key, rule_set, 60 * 60)
    return rule_set


@receiver([post_save, post_delete], sender=LegalFramework)
@receiver([post_save, post_delete], sender=LawRule)
@receiver([post_save, post_delete], sender=TitleAuthority)
@receiver([post_save, post_delete], sender=EmulationYear)
@receiver([post_save, post_delete], sender=PlanRule)
@receiver([post_save, post_delete], sender=Title)
def _rules_changed(**kwargs):
    bump_version(CACHE_VERSION_KEY)


def bump_version(key):
    """A new number for a version kept in the shared cache (atomic where the cache is, Redis); 2 when it has none."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def deadline_cutoff(deadline, day_counts=True):
    """The first moment that is too late, in Asia/Ho_Chi_Minh: the end of the deadline day (or of the day before)."""
    last_day = deadline if day_counts else deadline - datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight, timezone.get_default_timezone())


# The deadlines a unit meets, by kind, and the year's field that holds each.
DEADLINE_FIELDS = {
    DeadlineExtension.Kind.REGISTRATION: "registration_deadline",
    DeadlineExtension.Kind.INITIATIVE: "initiative_deadline",
}


def unit_deadline(emulation_year, kind, unit=None):
    """(date, extended): the deadline of `kind` for the unit — the year's, or the unit's extension when the office
    gave a later one. The date is None when the year sets none. Reads the year's extensions (prefetch them)."""
    deadline = getattr(emulation_year, DEADLINE_FIELDS[kind])
    if unit is not None:
        untils = [e.until for e in emulation_year.extensions.all() if e.unit_id == unit.pk and e.kind == kind]
        if untils and (deadline is None or max(untils) > deadline):
            return max(untils), True
    return deadline, False


def deadline_met(emulation_year, kind, *, unit=None, when=None):
    """Whether something of `kind` ("registration" or "initiative") received at `when` is in time for the unit."""
    deadline, extended = unit_deadline(emulation_year, kind, unit)
    if deadline is None:
        return True
    day_counts = True if extended else emulation_year.deadline_day_counts
    return (when or timezone.now()) < deadline_cutoff(deadline, day_counts)
