"""The one way to write records: every form, import and admin screen goes through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation import rules
from emulation.models import Award, EmulationRegistration, EmulationYear, RegistrationStatus, Unit
from emulation.rules.evaluator import initiative_for_award
from portal.sanitize import clean_text


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


EDITABLE = (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)


def registration_for(*, unit, year):
    return EmulationRegistration.objects.filter(unit=unit, year=year).first()


@transaction.atomic
def registration_save(*, unit, year, user=None, collective_title=None, pledge="", entries=(), when=None):
    """Save the unit's registration for `year` as a draft: one per unit and year, whatever the number of posts.

    Refused once submitted (until the office returns it) and after the deadline (unless extended for the unit).
    `entries` are (person, title) pairs; the person must belong to the unit.
    """
    from emulation.models import RegistrationEntry

    EmulationRegistration.objects.get_or_create(unit=unit, year=year)  # the row to lock, created once
    registration = EmulationRegistration.objects.select_for_update().get(unit=unit, year=year)
    if registration.status not in EDITABLE:
        raise ValidationError(
            _("This registration was submitted on %(date)s and can no longer be changed; the office may return it.")
            % {"date": timezone.localtime(registration.submitted_at).strftime("%d/%m/%Y %H:%M")}
            if registration.submitted_at
            else _("This registration can no longer be changed.")
        )
    if not registration_open(registration, when):
        raise ValidationError(
            _("The registration deadline for %(year)s has passed; ask the office for an extension.") % {"year": year}
        )
    strangers = [person for person, _title in entries if person.unit_id != unit.pk]
    if strangers:
        raise ValidationError(_("Only people of your unit can be registered."))
    registration.collective_title = collective_title
    registration.pledge = clean_text(pledge)
    registration.full_clean()
    registration.save()
    RegistrationEntry.objects.filter(registration=registration).delete()
    seen = set()
    for person, title in entries:
        if (person.pk, title.pk) not in seen:
            seen.add((person.pk, title.pk))
            RegistrationEntry.objects.create(registration=registration, person=person, title=title)
    registration.save_revision(user=user, log_action=True)
    return registration


@transaction.atomic
def registration_submit(*, registration, user=None, when=None):
    """Submit a draft (or returned) registration: one clean result even when two people submit at once."""
    when = when or timezone.now()
    registration = EmulationRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in EDITABLE:
        raise ValidationError(_("This registration has already been submitted."))
    if not registration_open(registration, when):
        raise ValidationError(
            _("The registration deadline for %(year)s has passed; ask the office for an extension.")
            % {"year": registration.year}
        )
    registration.status = RegistrationStatus.SUBMITTED
    registration.submitted_at = when
    registration.submitted_by = user
    registration.return_reason = ""
    registration.reference = registration.reference or f"DK-{registration.year}-{registration.unit.code}"
    registration.save(update_fields=["status", "submitted_at", "submitted_by", "return_reason", "reference"])
    registration.save_revision(user=user, log_action=True)
    transaction.on_commit(lambda: notify_unit(registration, "submitted"))
    return registration


@transaction.atomic
def registration_review(*, registration, accept, reason="", user=None):
    """The office accepts a submitted registration, or returns it with a reason; the unit is e-mailed."""
    registration = EmulationRegistration.objects.select_for_update().get(pk=registration.pk)
    if not accept and not reason.strip():
        raise ValidationError({"return_reason": _("Say why the registration is returned.")})
    registration.status = RegistrationStatus.ACCEPTED if accept else RegistrationStatus.RETURNED
    registration.return_reason = "" if accept else clean_text(reason)
    registration.save(update_fields=["status", "return_reason"])
    registration.save_revision(user=user, log_action=True)
    transaction.on_commit(lambda: notify_unit(registration, registration.status))
    return registration


def notify_unit(registration, event):
    """E-mail the unit's accounts about their registration (a receipt, an acceptance, a return)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    recipients = [
        account.user.email
        for account in registration.unit.accounts.select_related("user")
        if account.user.email and account.user.is_active
    ]
    if not recipients:
        return
    context = {
        "registration": registration,
        "event": event,
        "portal_url": portal_url("unit_registration", year=registration.year),
    }
    subject = render_to_string("emulation/email/registration_subject.txt", context).strip()
    body = render_to_string("emulation/email/registration_body.txt", context)
    send_mail(subject, body, None, recipients)


def portal_url(name, **kwargs):
    """The full address of a unit portal page, for e-mails (the site's address: WAGTAILADMIN_BASE_URL)."""
    from django.conf import settings
    from django.urls import reverse

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def move_date(value, years):
    """The same day `years` later (28 February for a 29 February that the target year lacks)."""
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
        registration_deadline=move_date(origin.registration_deadline, delta),
        initiative_deadline=move_date(origin.initiative_deadline, delta),
        scoring_deadline=move_date(origin.scoring_deadline, delta),
        evaluation_deadline=move_date(origin.evaluation_deadline, delta),
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


def initiative_submit(*, unit, year, title, authors, summary, attachment, kind, user=None, key=None, when=None):
    """Register an initiative from the portal: before the year's initiative deadline (or the unit's extension),
    authors from the unit, a checked attachment, kept in the private storage under an unguessable name.

    A repeated post with the same key returns the first initiative, marked `repeated`, also when both arrive at once
    (the unit's row is locked while one is written). The file is kept only if its row is committed: a refused or
    failed submission leaves nothing on disk."""
    written = []
    try:
        with transaction.atomic():
            return _initiative_submit(
                unit, year, title, authors, summary, attachment, kind, user, key, when, written=written
            )
    except BaseException:
        for field_file in written:
            field_file.delete(save=False)
        raise


def _initiative_submit(unit, year, title, authors, summary, attachment, kind, user, key, when, *, written):
    from django.core.files.base import ContentFile

    from emulation.models import Initiative

    emulation_year = EmulationYear.objects.filter(year=year).first()
    if emulation_year is None or not rules.deadline_met(emulation_year, "initiative", unit=unit, when=when):
        raise ValidationError(
            _("The initiative registration deadline for %(year)s has passed; ask the office for an extension.")
            % {"year": year}
        )
    if not authors or any(author.unit_id != unit.pk for author in authors):
        raise ValidationError({"authors": _("Choose the authors among the people of your unit.")})
    Unit.objects.select_for_update().get(pk=unit.pk)  # one submission of the unit at a time: numbering, repeats
    if key:
        existing = Initiative.objects.filter(portal_key=key, unit=unit).first()
        if existing:
            existing.repeated = True
            return existing
    number = Initiative.objects.filter(unit=unit, year=year).count() + 1
    code = f"SK-{year}-{unit.code}-{number:02d}"
    while Initiative.objects.filter(code=code).exists():
        number += 1
        code = f"SK-{year}-{unit.code}-{number:02d}"
    initiative = Initiative(
        code=code,
        year=year,
        title=clean_text(title),
        unit=unit,
        summary=clean_text(summary),
        attachment_name=f"{code.lower()}.{kind}",
        registered_on=timezone.localdate(when) if when else timezone.localdate(),
        portal_key=key or None,
        submitted_by=user,
    )
    initiative.authors = list(authors)
    initiative.full_clean(exclude=["attachment"])
    initiative.attachment.save(initiative.attachment_name, ContentFile(attachment.read()), save=False)
    written.append(initiative.attachment)
    initiative.save()
    log(initiative, "wagtail.create", user=user)
    transaction.on_commit(lambda: notify_initiative(initiative))
    return initiative


def notify_initiative(initiative):
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    recipients = [a.user.email for a in initiative.unit.accounts.select_related("user") if a.user.email]
    if recipients:
        context = {"initiative": initiative, "portal_url": portal_url("unit_initiative", pk=initiative.pk)}
        send_mail(
            render_to_string("emulation/email/initiative_subject.txt", context).strip(),
            render_to_string("emulation/email/initiative_body.txt", context),
            None,
            recipients,
        )
