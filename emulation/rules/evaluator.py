"""Applies a year's rule set to the records: who may receive which title, and why not.

Every check is one small function keyed by the rule's id; a rule set is a list of such rows with parameters.
Within one run the titles are decided together, in the order their rules refer to each other, so a collective
title counts the members found eligible in the same run as well as those already awarded.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _

from emulation.models import (
    Award,
    Discipline,
    EmulationRegistration,
    Evaluation,
    Grade,
    Initiative,
    Person,
    RegistrationEntry,
    RegistrationStatus,
    RuleRow,
    Scope,
    Unit,
)
from emulation.rules.ruleset import RuleSetMissing, bump_version, rule_set_for

PERSON, UNIT = "person", "unit"
R = RuleRow.Rule
# How far back a run looks for a form received before a run of grades (holds-then-grades), and for a sanction whose
# period may still be running.
HOLDS_LOOKBACK = 20
SANCTION_LOOKBACK = 5
# The order candidates are listed in: people by unit and name, then units.
CANDIDATE_ORDER = ("unit__sort_order", "full_name", "pk")
# Kinds of unit that are never candidates for a title: a council judges the others, it is not judged.
NON_CANDIDATE_KINDS = frozenset({Unit.Kind.COUNCIL})


@dataclass(frozen=True)
class Reason:
    rule: str
    source: str
    message: str
    verified: bool = True

    def as_dict(self):
        return {"rule": self.rule, "source": self.source, "message": self.message}

    def __str__(self):
        return f"{self.message} ({self.source})"


def merge_reasons(reasons):
    """One reason per failed condition: reasons of the same rule with the same message (a law row and a plan row
    imposing the same thing) become one, citing each of their sources once, in the order they came."""
    merged = {}
    for reason in reasons:
        key = (reason.rule, reason.message)
        if key not in merged:
            merged[key] = reason
            continue
        first = merged[key]
        sources = first.source.split("; ")
        sources += [source for source in reason.source.split("; ") if source not in sources]
        merged[key] = Reason(
            rule=first.rule,
            source="; ".join(sources),
            message=first.message,
            verified=first.verified and reason.verified,
        )
    return list(merged.values())


def is_candidate(unit):
    """Whether the unit is judged for collective titles (councils are not)."""
    return unit.kind not in NON_CANDIDATE_KINDS


def quota_max(base, percent, rounding):
    exact = base * percent / 100
    if rounding == "ceil":
        return math.ceil(exact - 1e-9)
    if rounding == "half-up":
        return math.floor(exact + 0.5 + 1e-9)
    return math.floor(exact + 1e-9)


# What the rules read of an evaluation (each is a named row, not a model: twenty years of a department's).
EVALUATION_FIELDS = (
    "person_id",
    "unit_id",
    "year",
    "grade",
    "discipline",
    "discipline_decided_on",
    "discipline_ends_on",
    "under_review",
)


class YearRecords:
    """Everything a run reads, loaded in a fixed number of queries whatever the number of records: of every active
    person and candidate unit, or of the candidates `keys` [(kind, id)] only (and the members of those units, whom
    a collective title's rules read)."""

    def __init__(self, year, lookback, *, keys=None):
        self.year = year
        people = Person.objects.filter(active=True).select_related("unit").order_by(*CANDIDATE_ORDER)
        units = Unit.objects.filter(active=True).exclude(kind__in=NON_CANDIDATE_KINDS).order_by("sort_order", "name")
        if keys is not None:
            units = units.filter(pk__in=[pk for kind, pk in keys if kind == UNIT])
            people = people.filter(Q(pk__in=[pk for kind, pk in keys if kind == PERSON]) | Q(unit__in=units))
        self.people = list(people)
        self.units = list(units)
        self.members = defaultdict(list)
        # Only ids and the fields the rules read: a department's ten years of records are tens of thousands of rows.
        members = Person.objects.filter(active=True, unit__in=[unit.pk for unit in self.units])
        for person_id, unit_id in members.values_list("pk", "unit_id"):
            self.members[unit_id].append(person_id)
        # Whose records are read: everybody's, or the people judged and the units judged.
        mine = Q()
        if keys is not None:
            person_ids, unit_ids = [person.pk for person in self.people], [unit.pk for unit in self.units]
            mine = Q(person__in=person_ids) | Q(unit__in=unit_ids)
        self.evaluations = {}  # (kind, id) -> the evaluation of the year
        self.past_evaluations = {}  # (kind, id, year) -> the evaluation of that year, over the lookback
        evaluations = Evaluation.objects.filter(mine, year__gte=year - lookback, year__lte=year).values_list(
            *EVALUATION_FIELDS, named=True
        )
        for evaluation in evaluations:
            key = (PERSON, evaluation.person_id) if evaluation.person_id else (UNIT, evaluation.unit_id)
            self.past_evaluations[(*key, evaluation.year)] = evaluation
            if evaluation.year == year:
                self.evaluations[key] = evaluation
        self.registered = defaultdict(set)  # (kind, id) -> title ids registered (accepted registrations only)
        registrations = EmulationRegistration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED)
        collective = registrations.exclude(collective_title=None)
        entries = RegistrationEntry.objects.filter(registration__in=registrations)
        if keys is not None:
            collective = collective.filter(unit__in=unit_ids)
            entries = entries.filter(person__in=person_ids)
        for unit_id, title_id in collective.values_list("unit_id", "collective_title_id"):
            self.registered[(UNIT, unit_id)].add(title_id)
        for person_id, title_id in entries.values_list("person_id", "title_id"):
            self.registered[(PERSON, person_id)].add(title_id)
        self.awards = defaultdict(set)  # (kind, id, year) -> title ids
        self.used_initiatives = {}  # initiative id -> (kind, id, title id)
        in_force = Award.objects.filter(withdrawn_on__isnull=True)  # a withdrawn award counts for nothing
        held = in_force.filter(mine, year__gte=year - lookback, year__lte=year)
        for person_id, unit_id, award_year, title_id in held.values_list("person_id", "unit_id", "year", "title_id"):
            key = (PERSON, person_id) if person_id else (UNIT, unit_id)
            self.awards[(*key, award_year)].add(title_id)
        used = in_force.filter(initiative__isnull=False)
        if keys is not None:  # the awards that rest on an initiative of the people judged
            used = used.filter(initiative__authors__in=person_ids)
        for person_id, unit_id, initiative_id, title_id in used.values_list(
            "person_id", "unit_id", "initiative_id", "title_id"
        ):
            key = (PERSON, person_id) if person_id else (UNIT, unit_id)
            self.used_initiatives[initiative_id] = (*key, title_id)
        self.initiatives = defaultdict(list)  # person id -> recognised initiatives, with their year and scope
        recognised = Initiative.objects.filter(
            result=Initiative.Result.RECOGNISED, year__gte=year - lookback, year__lte=year
        ).prefetch_related("authors")
        if keys is not None:
            recognised = recognised.filter(authors__in=person_ids).distinct()
        for initiative in recognised:
            for author in initiative.authors.all():
                self.initiatives[author.pk].append(initiative)

    def grade(self, key):
        evaluation = self.evaluations.get(key)
        return evaluation.grade if evaluation else None

    def grade_in(self, key, year):
        evaluation = self.past_evaluations.get((*key, year))
        return evaluation.grade if evaluation else None

    def discipline(self, key):
        evaluation = self.evaluations.get(key)
        return evaluation.discipline if evaluation else Discipline.NONE


class Run:
    def __init__(self, rule_set, records):
        self.rules = rule_set
        self.records = records
        self.year = rule_set.year
        self.results = {}  # (kind, id) -> {title id: [Reason]}

    # -- helpers ---------------------------------------------------------------------------------------------
    def title_name(self, title_id):
        title = self.rules.title_by_id(title_id)
        return title.name if title else "?"

    def holds(self, key, title_id):
        """Eligible for the title in this run, or already awarded it for the year."""
        if title_id in self.records.awards.get((*key, self.year), set()):
            return True
        reasons = self.results.get(key, {}).get(title_id)
        return reasons is not None and not reasons

    def registered_titles(self, key):
        """The titles registered for, with every title they include."""
        titles, todo = set(), list(self.records.registered.get(key, ()))
        while todo:
            title_id = todo.pop()
            if title_id in titles:
                continue
            titles.add(title_id)
            title = self.rules.title_by_id(title_id)
            if title and title.includes_id:
                todo.append(title.includes_id)
        return titles

    def available_initiatives(self, key, title_id, rule, period=None):
        """The recognised initiatives of the person, of the rule's scope or wider, within the period (in years up to
        the year judged: the rule's number of years for initiative-required), not the basis of another award."""
        min_scope = rule.scope or Scope.BASE
        period = period if period is not None else (int(rule.number) if rule.number else 1)
        first_year = self.year - (period - 1)
        found = []
        for initiative in self.records.initiatives.get(key[1], ()):
            if initiative.scope < min_scope or not first_year <= initiative.year <= self.year:
                continue
            used_by = self.records.used_initiatives.get(initiative.pk)
            if used_by and used_by != (*key, title_id):
                continue
            found.append(initiative)
        return found

    def reason(self, rule, message):
        return Reason(rule=rule.id, source=rule.source, message=message, verified=rule.verified)

    def held_in(self, key, title_id, year):
        """Held the title in `year`: awarded it, or, for the year judged, eligible for it in this run."""
        if year == self.year:
            return self.holds(key, title_id)
        return title_id in self.records.awards.get((*key, year), set())

    # -- the checks: each returns a Reason when the candidate fails, None when it passes -------------------
    def check_registration(self, rule, key, title):
        registered = self.registered_titles(key)
        if title.id in registered or (title.category == title.Category.FORM and registered):
            return None
        if title.category == title.Category.FORM:  # nobody registers for a form of commendation, only for titles
            return self.reason(
                rule,
                _("No accepted emulation registration for %(year)s: %(title)s is considered for those who registered.")
                % {"title": title.name, "year": self.year},
            )
        return self.reason(
            rule,
            _("Not registered for %(title)s at the start of %(year)s (or the registration was not accepted).")
            % {"title": title.name, "year": self.year},
        )

    def check_presupposes(self, rule, key, title):
        if self.holds(key, rule.ref_title_id):
            return None
        return self.reason(
            rule, _("Does not meet the standard of %(title)s.") % {"title": self.title_name(rule.ref_title_id)}
        )

    def check_min_grade(self, rule, key, title):
        grade = self.records.grade(key)
        needed = Grade(rule.grade).label
        if grade is None:
            return self.reason(
                rule,
                _("No grade for %(year)s: %(title)s needs “%(grade)s” or better.")
                % {"year": self.year, "title": title.name, "grade": needed},
            )
        if grade >= rule.grade:
            return None
        return self.reason(
            rule,
            _("Graded “%(actual)s” in %(year)s: %(title)s needs “%(grade)s” or better.")
            % {"actual": Grade(grade).label, "year": self.year, "title": title.name, "grade": needed},
        )

    def check_initiative(self, rule, key, title):
        if key[0] == PERSON and self.available_initiatives(key, title.id, rule):
            return None
        return self.reason(
            rule,
            _(
                "No recognised initiative (%(scope)s level or wider) in %(year)s that is not already the basis of another award."
            )
            % {"scope": Scope(rule.scope or Scope.BASE).label, "year": self.year},
        )

    def check_initiative_or_excellent(self, rule, key, title):
        if self.records.grade(key) == Grade.EXCELLENT:
            return None
        if key[0] == PERSON and self.available_initiatives(key, title.id, rule):
            return None
        return self.reason(
            rule,
            _("Neither graded “%(grade)s” in %(year)s nor the author of a recognised initiative of the year.")
            % {"grade": Grade.EXCELLENT.label, "year": self.year},
        )

    def check_consecutive(self, rule, key, title):
        years = int(rule.number or 1)
        missing = [
            year
            for year in range(self.year - years + 1, self.year)
            if rule.ref_title_id not in self.records.awards.get((*key, year), set())
        ]
        if not self.holds(key, rule.ref_title_id):
            missing.append(self.year)
        if not missing:
            return None
        return self.reason(
            rule,
            _("Needs %(title)s %(years)s years running; missing in %(missing)s.")
            % {
                "title": self.title_name(rule.ref_title_id),
                "years": f"{years:02d}",  # as the law writes it: "03 lần liên tục"
                "missing": ", ".join(map(str, missing)),
            },
        )

    def check_member_share(self, rule, key, title):
        members = self.records.members.get(key[1], [])
        if not members:
            return self.reason(rule, _("No active member on record: the share of members cannot be reached."))
        holders = sum(1 for person_id in members if self.holds((PERSON, person_id), rule.ref_title_id))
        share = 100 * holders / len(members)
        passed = share > rule.number if rule.strict else share >= rule.number
        if passed:
            return None
        return self.reason(
            rule,
            _("%(holders)s of %(members)s members reach %(title)s (%(share)s%%); needs %(comparison)s %(number)s%%.")
            % {
                "holders": holders,
                "members": len(members),
                "title": self.title_name(rule.ref_title_id),
                "share": f"{share:.0f}",
                "comparison": _("more than") if rule.strict else _("at least"),
                "number": f"{rule.number:g}",
            },
        )

    def check_member_has_title(self, rule, key, title):
        needed = int(rule.number or 1)
        holders = sum(
            1
            for person_id in self.records.members.get(key[1], [])
            if self.holds((PERSON, person_id), rule.ref_title_id)
        )
        if holders >= needed:
            return None
        return self.reason(
            rule,
            _("Needs at least %(needed)s member(s) with %(title)s; has %(holders)s.")
            % {"needed": needed, "title": self.title_name(rule.ref_title_id), "holders": holders},
        )

    def check_members_completed(self, rule, key, title):
        members = self.records.members.get(key[1], [])
        short = [p for p in members if (self.records.grade((PERSON, p)) or 0) < Grade.COMPLETED]
        if not short:  # every member completed their tasks (a unit with no member fails the share rules instead)
            return None
        return self.reason(
            rule,
            _("%(count)s member(s) did not complete their tasks or have no grade for %(year)s.")
            % {"count": len(short), "year": self.year},
        )

    def check_no_discipline(self, rule, key, title):
        level = Discipline(rule.discipline or Discipline.REPRIMAND)
        if key[0] == PERSON:
            if self.records.discipline(key) < level:
                return None
            return self.reason(
                rule,
                _("Disciplined in %(year)s (%(actual)s): %(title)s excludes “%(level)s” or heavier.")
                % {
                    "year": self.year,
                    "actual": Discipline(self.records.discipline(key)).label,
                    "title": title.name,
                    "level": level.label,
                },
            )
        disciplined = [p for p in self.records.members.get(key[1], []) if self.records.discipline((PERSON, p)) >= level]
        if not disciplined:
            return None
        return self.reason(
            rule,
            _("%(count)s member(s) disciplined in %(year)s at “%(level)s” or heavier.")
            % {"count": len(disciplined), "year": self.year, "level": level.label},
        )

    def check_min_service(self, rule, key, title):
        person = self.person_by_id.get(key[1])
        months = int(rule.number or 0)
        if person is None or person.recruited_on is None:
            return None
        recruited = person.recruited_on
        # Whole months from the recruitment date to the end of the year (1 March to 31 December is 10).
        served = (self.year + 1 - recruited.year) * 12 + 1 - recruited.month - (1 if recruited.day > 1 else 0)
        if served >= months:
            return None
        return self.reason(
            rule,
            _("Recruited on %(date)s: fewer than %(months)s months of service in %(year)s.")
            % {"date": person.recruited_on.strftime("%d/%m/%Y"), "months": months, "year": self.year},
        )

    def check_initiative_count(self, rule, key, title):
        needed, period = int(rule.number or 1), int(rule.years or 1)
        found = self.available_initiatives(key, title.id, rule, period) if key[0] == PERSON else []
        if len(found) >= needed:
            return None
        return self.reason(
            rule,
            _(
                "Needs %(needed)s recognised initiatives (%(scope)s level or wider) in %(first)s–%(year)s not already "
                "the basis of another award; has %(count)s."
            )
            % {
                "needed": f"{needed:02d}",
                "scope": Scope(rule.scope or Scope.BASE).label,
                "first": self.year - period + 1,
                "year": self.year,
                "count": len(found),
            },
        )

    def check_consecutive_grade(self, rule, key, title):
        years = int(rule.number or 1)
        missing = [
            year
            for year in range(self.year - years + 1, self.year + 1)
            if (self.records.grade_in(key, year) or 0) < rule.grade
        ]
        if not missing:
            return None
        return self.reason(
            rule,
            _("Needs “%(grade)s” or better %(years)s years running; not so in %(missing)s.")
            % {"grade": Grade(rule.grade).label, "years": f"{years:02d}", "missing": ", ".join(map(str, missing))},
        )

    def check_grade_count(self, rule, key, title):
        needed, period = int(rule.number or 1), int(rule.years or 1)
        years = range(self.year - period + 1, self.year + 1)
        count = sum(1 for year in years if (self.records.grade_in(key, year) or 0) >= rule.grade)
        if count >= needed:
            return None
        return self.reason(
            rule,
            _("Needs “%(grade)s” at least %(needed)s time(s) in %(first)s–%(year)s; has %(count)s.")
            % {
                "grade": Grade(rule.grade).label,
                "needed": f"{needed:02d}",
                "first": years[0],
                "year": self.year,
                "count": count,
            },
        )

    def check_title_count(self, rule, key, title):
        needed, period = int(rule.number or 1), int(rule.years or 1)
        years = range(self.year - period + 1, self.year + 1)
        count = sum(1 for year in years if self.held_in(key, rule.ref_title_id, year))
        if count >= needed:
            return None
        return self.reason(
            rule,
            _("Needs %(title)s %(needed)s times in %(first)s–%(year)s; has %(count)s.")
            % {
                "title": self.title_name(rule.ref_title_id),
                "needed": f"{needed:02d}",
                "first": years[0],
                "year": self.year,
                "count": count,
            },
        )

    def check_holds_then_grades(self, rule, key, title):
        years = int(rule.number or 1)
        held = [
            year for year in range(self.year - HOLDS_LOOKBACK, self.year) if self.held_in(key, rule.ref_title_id, year)
        ]
        if not held:
            return self.reason(
                rule,
                _("Needs %(title)s first, then %(years)s years graded “%(grade)s” or better: has not received it.")
                % {
                    "title": self.title_name(rule.ref_title_id),
                    "years": f"{years:02d}",
                    "grade": Grade(rule.grade).label,
                },
            )
        since = held[-1]
        graded = 0
        for year in range(since + 1, self.year + 1):
            graded = graded + 1 if (self.records.grade_in(key, year) or 0) >= rule.grade else 0
        if graded >= years:
            return None
        return self.reason(
            rule,
            _(
                "Received %(title)s in %(since)s; needs %(years)s years running graded “%(grade)s” or better since, "
                "has %(graded)s."
            )
            % {
                "title": self.title_name(rule.ref_title_id),
                "since": since,
                "years": f"{years:02d}",
                "grade": Grade(rule.grade).label,
                "graded": graded,
            },
        )

    def check_no_sanction(self, rule, key, title):
        """A sanction whose period has not ended by 31 December blocks the year; one with no end date blocks the
        year it was given."""
        end_of_year = datetime.date(self.year, 12, 31)
        for year in range(self.year - SANCTION_LOOKBACK, self.year + 1):
            evaluation = self.records.past_evaluations.get((*key, year))
            if evaluation is None or evaluation.discipline == Discipline.NONE:
                continue
            ends = evaluation.discipline_ends_on
            if (ends and ends > end_of_year) or (ends is None and year == self.year):
                return self.reason(
                    rule,
                    _(
                        "A disciplinary sanction (%(form)s, %(given)s) is in force %(until)s: achievements count only from the end of its period."
                    )
                    % {
                        "form": Discipline(evaluation.discipline).label,
                        "given": evaluation.discipline_decided_on.strftime("%d/%m/%Y")
                        if evaluation.discipline_decided_on
                        else year,
                        "until": _("until %(date)s") % {"date": ends.strftime("%d/%m/%Y")}
                        if ends
                        else _("in %(year)s") % {"year": year},
                    },
                )
        return None

    def check_not_under_review(self, rule, key, title):
        evaluation = self.records.evaluations.get(key)
        if not evaluation or not evaluation.under_review:
            return None
        return self.reason(
            rule,
            _(
                "Under review in %(year)s (discipline, inspection, or a complaint or denunciation): no award and no "
                "proposal until it is settled."
            )
            % {"year": self.year},
        )

    CHECKS = {
        R.REGISTRATION: check_registration,
        R.PRESUPPOSES: check_presupposes,
        R.MIN_GRADE: check_min_grade,
        R.INITIATIVE: check_initiative,
        R.INITIATIVE_OR_EXCELLENT: check_initiative_or_excellent,
        R.CONSECUTIVE: check_consecutive,
        R.MEMBER_SHARE: check_member_share,
        R.MEMBER_HAS_TITLE: check_member_has_title,
        R.MEMBERS_COMPLETED: check_members_completed,
        R.NO_DISCIPLINE: check_no_discipline,
        R.MIN_SERVICE: check_min_service,
        R.INITIATIVE_COUNT: check_initiative_count,
        R.CONSECUTIVE_GRADE: check_consecutive_grade,
        R.GRADE_COUNT: check_grade_count,
        R.TITLE_COUNT: check_title_count,
        R.HOLDS_THEN_GRADES: check_holds_then_grades,
        R.NO_SANCTION: check_no_sanction,
        R.NOT_UNDER_REVIEW: check_not_under_review,
        # Quotas and council votes bind the awards, not a candidate (see check_award); the cap on the excellent
        # grade is a warning on the grades (grade_warnings), never a verdict.
    }

    # -- the run ---------------------------------------------------------------------------------------------
    def ordered_titles(self):
        """Titles after the titles their rules refer to (LĐTT before CSTĐCS before TTLĐXS …)."""
        titles = self.rules.offered_titles()
        deps = {
            title.id: {
                rule.ref_title_id
                for rule in self.rules.rules_for(title)
                if rule.ref_title_id and rule.ref_title_id != title.id and rule.id != R.QUOTA
            }
            for title in titles
        }
        ordered, done = [], set()
        while len(ordered) < len(titles):
            ready = [t for t in titles if t.id not in done and deps[t.id] <= done | (deps[t.id] - deps.keys())]
            if not ready:  # a cycle: decide the rest in their listed order
                ready = [t for t in titles if t.id not in done]
            for title in ready:
                ordered.append(title)
                done.add(title.id)
        return ordered

    def judged_for(self, title, kind):
        """Whether candidates of `kind` are judged for the title: it applies to them, and the rule set has a rule of
        that title for them (a form whose rows are all for individuals has no criteria for a collective)."""
        return title.applies_to(kind) and any(
            rule.title_id == title.id and rule.candidate in ("", kind) for rule in self.rules.rules
        )

    def candidates(self, title):
        if self.judged_for(title, PERSON):
            yield from ((PERSON, person.pk) for person in self.records.people)
        if self.judged_for(title, UNIT):
            yield from ((UNIT, unit.pk) for unit in self.records.units)

    def judge(self, rules, key, title):
        """The reasons the candidate fails the title: every failed rule without a path, and, when the title has
        alternative paths and none holds, every failed rule of each path, named by its path."""
        reasons, paths = [], defaultdict(list)
        for rule in rules:
            check = self.CHECKS.get(rule.id)
            reason = check(self, rule, key, title) if check is not None else None
            if rule.path:
                paths[rule.path].append(reason)
            elif reason is not None:
                reasons.append(reason)
        if paths and not any(all(reason is None for reason in found) for found in paths.values()):
            for path, found in sorted(paths.items()):
                reasons += [
                    Reason(
                        rule=reason.rule,
                        source=reason.source,
                        message=_("Path %(path)s: %(message)s") % {"path": path, "message": reason.message},
                        verified=reason.verified,
                    )
                    for reason in found
                    if reason is not None
                ]
        return merge_reasons(reasons)

    def evaluate(self, progress=None):
        """Judge every candidate for every title; `progress(label, done, total)` is told after each title."""
        self.person_by_id = {person.pk: person for person in self.records.people}
        titles = list(self.ordered_titles())
        for done, title in enumerate(titles, 1):
            rules = {kind: self.rules.rules_for(title, kind) for kind in (PERSON, UNIT)}
            for key in self.candidates(title):
                self.results.setdefault(key, {})[title.id] = self.judge(rules[key[0]], key, title)
            if progress:
                progress(_("titles"), done, len(titles))
        return self

    def quotas(self):
        quotas = []
        for title in self.rules.offered_titles():
            for rule in self.rules.rules_for(title):
                if rule.id != R.QUOTA or not rule.ref_title_id:
                    continue
                base = sum(1 for person in self.records.people if self.holds((PERSON, person.pk), rule.ref_title_id))
                quotas.append(
                    {
                        "title": title,
                        "base_title": self.rules.title_by_id(rule.ref_title_id),
                        "base": base,
                        "max": quota_max(base, rule.number, self.rules.rounding),
                        "percent": rule.number,
                        "source": rule.source,
                        "rule": rule,
                    }
                )
        return quotas


def lookback_years(rule_set):
    """How many years back a run reads: the longest period a rule of the set looks at."""
    years = [SANCTION_LOOKBACK]
    for rule in rule_set.rules:
        if rule.id in (R.CONSECUTIVE, R.INITIATIVE, R.CONSECUTIVE_GRADE) and rule.number:
            years.append(int(rule.number))
        elif rule.id in (R.INITIATIVE_COUNT, R.TITLE_COUNT, R.GRADE_COUNT) and rule.years:
            years.append(int(rule.years))
        elif rule.id == R.HOLDS_THEN_GRADES:
            years.append(HOLDS_LOOKBACK)
    return max(years)


def eligibility(year, progress=None, *, keys=None):
    """The eligibility of every active person and unit (councils left out) for every title of the year's rule
    set; each failed condition once, with every source that imposes it. `keys` [(kind, id)]: judge only those
    candidates (a page of the screen); the quotas, which count everybody, are then left out (None).
    `progress(label, done, total)`, when given, is told as the records are read and each title judged (the
    command's progress bar)."""
    rule_set = rule_set_for(year)
    if progress:
        progress(_("records"), 0, 1)
    records = YearRecords(year, lookback_years(rule_set), keys=keys)
    if progress:
        progress(_("records"), 1, 1)
    run = Run(rule_set, records).evaluate(progress)
    wanted = None if keys is None else set(keys)
    candidates = []
    for person in run.records.people:
        if wanted is None or (PERSON, person.pk) in wanted:
            candidates.append(_candidate(run, PERSON, person.pk, person.code, person.full_name, person.unit))
    for unit in run.records.units:
        candidates.append(_candidate(run, UNIT, unit.pk, unit.code, unit.name, unit))
    return {"rule_set": rule_set, "candidates": candidates, "quotas": run.quotas() if keys is None else None}


def eligibility_summary(year):
    """The verdicts without their reasons, for the counts, the quotas and the filters of the eligibility screen:
    {"rule_set", "candidates": [(kind, id, unit id, {title id: eligible})] in the order they are listed, "quotas": [{"title",
    "base_title", "base", "max", "percent", "source"}]}. Judging everybody takes seconds at a department's size, so the
    summary is kept in the cache until any record or rule changes (records_version), as numbers only (the titles
    are the current rule set's); the reasons are judged again for each page shown."""
    rule_set = rule_set_for(year)
    key = f"emulation:eligibility:{SUMMARY_FORMAT}:{records_version()}:{year}"
    summary = cache.get(key)
    if summary is None:
        run = Run(rule_set, YearRecords(year, lookback_years(rule_set))).evaluate()
        candidates = [(PERSON, person.pk, person.unit_id) for person in run.records.people]
        candidates += [(UNIT, unit.pk, unit.pk) for unit in run.records.units]
        verdicts = [
            (
                kind,
                pk,
                unit_id,
                {title_id: not reasons for title_id, reasons in run.results.get((kind, pk), {}).items()},
            )
            for kind, pk, unit_id in candidates
        ]
        quotas = [
            {
                "title": quota["title"].pk,
                "base_title": quota["base_title"].pk,
                **{name: quota[name] for name in ("base", "max", "percent", "source")},
            }
            for quota in run.quotas()
        ]
        summary = {"candidates": verdicts, "quotas": quotas}
        cache.set(key, summary, SUMMARY_SECONDS)
    titles = rule_set.titles
    quotas = [
        {**quota, "title": titles[quota["title"]], "base_title": titles[quota["base_title"]]}
        for quota in summary["quotas"]
    ]
    return {"rule_set": rule_set, "candidates": summary["candidates"], "quotas": quotas}


# -- the records version: any change to the records or the rules makes a new one ---------------------------------
RECORDS_VERSION_KEY = "emulation:records:version"
SUMMARY_SECONDS = 24 * 60 * 60
# In the summary's key: a release that changes what a summary holds never reads one an earlier release kept in the
# shared cache (the records version outlives releases).
SUMMARY_FORMAT = 2


def records_version():
    return cache.get_or_set(RECORDS_VERSION_KEY, 1, None)


def records_changed(**kwargs):
    """Signal receiver (any model of the emulation app saved, deleted or linked): a new records version now, and
    again once the change is committed (a summary made in between, from the data as it was, is then never read)."""
    bump_version(RECORDS_VERSION_KEY)
    transaction.on_commit(lambda: bump_version(RECORDS_VERSION_KEY))


def connect_records_signals():
    """Called once the models are loaded (EmulationConfig.ready); bulk writes call records_changed themselves."""
    from django.apps import apps

    for model in apps.get_app_config("emulation").get_models(include_auto_created=True):
        label = model._meta.label_lower
        post_save.connect(records_changed, sender=model, dispatch_uid=f"records.save.{label}")
        post_delete.connect(records_changed, sender=model, dispatch_uid=f"records.delete.{label}")
        if model._meta.auto_created:  # the link table of a many-to-many field (an initiative's authors)
            m2m_changed.connect(records_changed, sender=model, dispatch_uid=f"records.m2m.{label}")


def _candidate(run, kind, pk, code, name, unit):
    titles = []
    for title_id, reasons in run.results.get((kind, pk), {}).items():
        decider = run.rules.decider(title_id)
        titles.append(
            {
                "title": run.rules.title_by_id(title_id),
                "eligible": not reasons,
                "reasons": reasons,
                "decided_by": decider.label,
                "proposal": decider.proposal,
                "decider": decider,
            }
        )
    titles.sort(key=lambda item: (item["title"].sort_order, item["title"].name))
    return {"kind": kind, "code": code, "name": name, "unit": unit.code, "unit_name": unit.name, "titles": titles}


class AwardCheck:
    """Checks awards of one year against its rule set (the law in force on the date of their decision, 31 December
    of the year when none is given); the run is made once, however many awards are checked."""

    def __init__(self, year, on=None, *, award=None):
        self.year = year
        self.rule_set = rule_set_for(year, on)
        # One award whose title has no quota needs only its recipient judged (a unit with its members); a quota
        # counts everybody who holds its base title, and a batch of awards shares one run over everybody.
        keys = None
        title = self.rule_set.title_by_id(award.title_id) if award is not None else None
        if title is not None and not any(rule.id == R.QUOTA for rule in self.rule_set.rules_for(title)):
            keys = [(PERSON, award.person_id) if award.person_id else (UNIT, award.unit_id)]
        self.run = Run(self.rule_set, YearRecords(year, lookback_years(self.rule_set), keys=keys)).evaluate()
        self.quotas = {quota["rule"]: quota for quota in self.run.quotas()} if keys is None else {}
        self.non_candidates = set(Unit.objects.filter(kind__in=NON_CANDIDATE_KINDS).values_list("pk", flat=True))
        self.given = defaultdict(int)
        for title_id in Award.objects.filter(year=year, withdrawn_on__isnull=True).values_list("title_id", flat=True):
            self.given[title_id] += 1

    def reasons(self, award):
        """Every rule the award breaks, as Reasons (empty when it may be given)."""
        rule_set = self.rule_set
        title = rule_set.title_by_id(award.title_id)
        if title not in rule_set.offered_titles():
            return [
                Reason(
                    rule="title-offered",
                    source=rule_set.name,
                    message=_("%(title)s is not a title of the rule set for %(year)s.")
                    % {"title": title.name if title else "?", "year": award.year},
                )
            ]
        kind, pk = (PERSON, award.person_id) if award.person_id else (UNIT, award.unit_id)
        if not title.applies_to(kind):
            return [
                Reason(
                    rule="title-kind",
                    source=rule_set.name,
                    message=_("%(title)s is given to %(kind)s only.")
                    % {"title": title.name, "kind": title.get_kind_display()},
                )
            ]
        if kind == UNIT and pk in self.non_candidates:
            return [
                Reason(
                    rule="unit-kind",
                    source=rule_set.name,
                    message=_("%(unit)s is a %(kind)s: it is not a candidate for titles or commendation.")
                    % {"unit": award.unit.name, "kind": award.unit.get_kind_display()},
                )
            ]
        reasons = list(self.run.results.get((kind, pk), {}).get(title.id, []))
        reasons += self.decider_reasons(award, title)
        for rule in rule_set.rules_for(title, kind):
            if rule.id == R.QUOTA and rule.ref_title_id:
                reasons += self.quota_reasons(award, title, rule)
            if rule.id == R.COUNCIL_VOTE and rule.number:
                votes, size = award.votes_for, award.council_size
                if not votes or not size or 100 * votes / size < rule.number:
                    reasons.append(
                        Reason(
                            rule=rule.id,
                            source=rule.source,
                            message=_(
                                "Needs at least %(number)s%% of all council members voting in favour; "
                                "recorded: %(votes)s of %(size)s."
                            )
                            % {"number": f"{rule.number:g}", "votes": votes or 0, "size": size or 0},
                            verified=rule.verified,
                        )
                    )
        return merge_reasons(reasons)

    def decider_reasons(self, award, title):
        """A title only a body above the Sở decides is recorded with that body's decision, never the Sở's own."""
        decider = self.rule_set.decider(title)
        decision = award.decision if award.decision_id else None
        if not decider.proposal or (decision is not None and decision.level == decider.authority):
            return []
        if decision is None:
            message = _(
                "%(title)s is decided by %(body)s: the Department only proposes it. Record it with that body's "
                "decision (number, date, issuer)."
            )
        else:
            message = _(
                "%(title)s is decided by %(body)s: %(decision)s is %(level)s's, so it cannot carry it. Record the "
                "award with %(body)s's decision."
            )
        return [
            Reason(
                rule="decided-by",
                source=decider.source or self.rule_set.name,
                message=message
                % {
                    "title": title.name,
                    "body": decider.label,
                    "decision": decision,
                    "level": decision.get_level_display() if decision else "",
                },
                verified=decider.verified,
            )
        ]

    def quota_reasons(self, award, title, rule):
        quota = self.quotas[rule]
        given = self.given[title.id]
        if award.pk and Award.objects.filter(pk=award.pk, year=self.year, title=title).exists():
            given -= 1  # the award itself, being edited or re-checked
        if given + 1 <= quota["max"]:
            return []
        return [
            Reason(
                rule=rule.id,
                source=rule.source,
                message=_(
                    "Quota reached: at most %(max)s %(title)s for %(base)s holders of %(base_title)s "
                    "(%(percent)s%%); %(given)s already given."
                )
                % {
                    "max": quota["max"],
                    "title": title.name,
                    "base": quota["base"],
                    "base_title": quota["base_title"].name,
                    "percent": f"{rule.number:g}",
                    "given": given,
                },
                verified=rule.verified,
            )
        ]


def decided_on(award):
    """The date of the award's decision (the law in force then judges it), or None when it has none yet."""
    return award.decision.date if award.decision_id and award.decision else None


def check_award(award):
    """Every rule the award breaks, as Reasons (empty when it may be given), under the law in force on the date of
    its decision."""
    return AwardCheck(award.year, decided_on(award), award=award).reasons(award)


def initiative_for_award(award):
    """The recognised initiative that can serve as the award's basis, when its title rests on one (not when it rests
    on the excellent grade, which Law 2022 accepts instead for Chiến sĩ thi đua cơ sở)."""
    rule_set = rule_set_for(award.year, decided_on(award))
    title = rule_set.title_by_id(award.title_id)
    if not award.person_id or title is None:
        return None
    basis = [rule for rule in rule_set.rules_for(title, PERSON) if rule.id in (R.INITIATIVE, R.INITIATIVE_OR_EXCELLENT)]
    if not basis:  # most awards (Lao động tiên tiến …) rest on no initiative: nothing to read
        return None
    lookback = max(int(rule.number or 1) for rule in basis)
    run = Run(rule_set, YearRecords(award.year, lookback, keys=[(PERSON, award.person_id)]))
    key = (PERSON, award.person_id)
    for rule in basis:
        if rule.id == R.INITIATIVE_OR_EXCELLENT and run.records.grade(key) == Grade.EXCELLENT:
            return None
        if rule.id in (R.INITIATIVE, R.INITIATIVE_OR_EXCELLENT):
            found = run.available_initiatives(key, title.id, rule)
            if found:
                return found[0]
    return None


def grade_warnings(year):
    """Warnings on the year's grades, never verdicts: where the share of the Department's staff graded excellent
    passes the cap of the rule set (HTXS at most 20 % of those graded HTT from 2026, per agency)."""
    try:
        rule_set = rule_set_for(year)
    except RuleSetMissing:
        return []
    caps = [rule for rule in rule_set.rules if rule.id == R.EXCELLENT_CAP and rule.number]
    if not caps:
        return []
    counts = defaultdict(int)
    for grade in Evaluation.objects.filter(year=year, person__isnull=False).values_list("grade", flat=True):
        counts[grade] += 1
    warnings = []
    for rule in caps:
        grade = Grade(rule.grade or Grade.EXCELLENT)
        excellent, good = counts[grade], counts[Grade.GOOD]
        allowed = quota_max(good, rule.number, rule_set.rounding)
        if excellent <= allowed:
            continue
        warnings.append(
            Reason(
                rule=rule.id,
                source=rule.source,
                message=_(
                    "%(year)s: %(excellent)s people graded “%(grade)s” for %(good)s graded “%(good_grade)s”; at most "
                    "%(percent)s%% of the latter (%(allowed)s) may be graded so."
                )
                % {
                    "year": year,
                    "excellent": excellent,
                    "grade": grade.label,
                    "good": good,
                    "good_grade": Grade.GOOD.label,
                    "percent": f"{rule.number:g}",
                    "allowed": allowed,
                },
                verified=rule.verified,
            )
        )
    return warnings
