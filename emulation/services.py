"""The one way to write records: every form, import and admin screen goes through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation import rules
from emulation.models import Award, EmulationRegistration, EmulationYear, RegistrationStatus
from emulation.rules.evaluator import initiative_for_award


def award_errors(award):
    """The rule refusals for an award, as Vietnamese messages that name the rule and its source."""
    return [str(reason) for reason in rules.check_award(award)]


@transaction.atomic
def award_create(*, user=None, enforce_rules=True, **fields):
    """Give an award. Refused with a ValidationError listing every rule it breaks, unless it records history."""
    award = Award(**fields)
    award.full_clean()
    if enforce_rules:
        errors = award_errors(award)
        if errors:
            raise ValidationError({"title": errors})
    if award.initiative_id is None:
        award.initiative = initiative_for_award(award)
    award.save()
    log(award, "wagtail.create", user=user)
    return award


def registration_open(registration, when=None):
    """Whether the unit may still submit this registration (the deadline, or its extension, not passed)."""
    emulation_year = EmulationYear.objects.filter(year=registration.year).first()
    if emulation_year is None:
        return False
    return rules.deadline_met(emulation_year, "registration", unit=registration.unit, when=when)


@transaction.atomic
def registration_submit(*, registration, user=None, when=None):
    when = when or timezone.now()
    registration = EmulationRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED):
        raise ValidationError(_("This registration has already been submitted."))
    if not registration_open(registration, when):
        raise ValidationError(
            _("The registration deadline for %(year)s has passed; ask the office for an extension.")
            % {"year": registration.year}
        )
    registration.status = RegistrationStatus.SUBMITTED
    registration.submitted_at = when
    registration.submitted_by = user
    registration.save(update_fields=["status", "submitted_at", "submitted_by"])
    registration.save_revision(user=user, log_action=True)
    return registration


def _move_date(value, years):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year that has none
        return value.replace(year=value.year + years, day=28)


def shift_years(text, source, target):
    """`text` with the source year (and the year after it) written as the target's."""
    return (text or "").replace(str(source + 1), str(target + 1)).replace(str(source), str(target))


@transaction.atomic
def year_open(*, year, source, user=None):
    """Open `year` from the `source` year's rule set: its plan rules, scoring grid and deadlines moved to the new
    year, and its active participating units. The law's part is whatever framework covers the new year."""
    from emulation.models import PlanRule, ScoringCriterion, Unit

    if EmulationYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The year %(year)s is already open.") % {"year": year}})
    try:
        origin = EmulationYear.objects.get(year=source)
    except EmulationYear.DoesNotExist as missing:
        raise ValidationError(
            {"source": _("There is no rule set for %(year)s to copy.") % {"year": source}}
        ) from missing
    rules.rule_set_for(year)  # refuses a year that no legal framework covers
    delta = year - source
    opened = EmulationYear(
        year=year,
        plan_reference=shift_years(origin.plan_reference, source, year),
        registration_deadline=_move_date(origin.registration_deadline, delta),
        initiative_deadline=_move_date(origin.initiative_deadline, delta),
        scoring_deadline=_move_date(origin.scoring_deadline, delta),
        evaluation_deadline=_move_date(origin.evaluation_deadline, delta),
        deadline_day_counts=origin.deadline_day_counts,
        quota_rounding=origin.quota_rounding,
    )
    fields = [f.name for f in PlanRule._meta.fields if f.name not in ("id", "emulation_year", "sort_order")]
    opened.rules = [PlanRule(**{name: getattr(rule, name) for name in fields}) for rule in origin.rules.all()]
    opened.criteria = [ScoringCriterion(name=c.name, max_points=c.max_points) for c in origin.criteria.all()]
    participants = origin.participants.filter(active=True)
    opened.participants = list(participants if participants.exists() else Unit.objects.filter(active=True))
    opened.full_clean()
    opened.save()
    log(opened, "wagtail.create", user=user)
    return opened
