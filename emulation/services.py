"""The one way to write records: every form, import and admin screen goes through these functions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from emulation import rules
from emulation.models import Authority, Award, EmulationRegistration, EmulationYear, RegistrationStatus, Unit
from emulation.rules.evaluator import initiative_for_award
from portal.sanitize import clean_text
from portal.text import fold


def award_errors(award):
    """The rule refusals for an award, as Vietnamese messages that name the rule and its source."""
    return [str(reason) for reason in rules.check_award(award)]


@transaction.atomic
def award_save(award, *, user=None, enforce_rules=True):
    """Record an award, new or changed: the one way every screen, import and the demo writes one.

    Refused with a ValidationError listing every rule it breaks (each naming its source) unless `enforce_rules` is
    off: an imported award records a decision already taken (the importer lists what it breaks as warnings), and
    the admin's form has already shown the refusals next to its fields. Links the award to the recognised
    initiative it rests on when its title needs one and none is given (an initiative is the basis of one award).
    An award with a decision gets its verification code (emulation.certificates), kept for good."""
    created = award.pk is None
    award.full_clean()
    if award.withdrawn_on:
        award.public = False  # a withdrawn award leaves the honour roll
        enforce_rules = False  # withdrawing is no new award: nothing to check
    if enforce_rules:
        errors = award_errors(award)
        if errors:
            raise ValidationError({"title": errors})
    if award.initiative_id is None:
        award.initiative = initiative_for_award(award)
    if award.decision_id and not award.verification_code:
        from emulation.certificates import new_verification_code

        award.verification_code = new_verification_code()  # what its certificate's QR code opens
    award.save()
    log(award, "wagtail.create" if created else "wagtail.edit", user=user)
    return award


def record_save(instance, *, user=None, m2m=None, log_action=True, warn=False):
    """Create or change a record of the registers (a unit, a person, a registration and its entries, an
    initiative, a grade): validated, saved and logged in the record's history, the way the importer and the admin's
    grade screens write them (awards go through award_save). `m2m` sets many-to-many values before saving
    (modelcluster keeps them in memory until then). Returns the instance, with `warnings` (Vietnamese sentences):
    for a grade, the year's cap on the excellent grade when it is passed."""
    from emulation.models import Evaluation

    created = instance.pk is None
    for name, items in (m2m or {}).items():
        getattr(instance, name).set(items)
    instance.full_clean()
    instance.save()
    if log_action:
        log(instance, "wagtail.create" if created else "wagtail.edit", user=user)
    instance.warnings = []
    if warn and isinstance(instance, Evaluation):
        instance.warnings = [str(warning) for warning in rules.grade_warnings(instance.year)]
    return instance


def award_create(*, user=None, enforce_rules=True, **fields):
    """Give an award (see award_save)."""
    return award_save(Award(**fields), user=user, enforce_rules=enforce_rules)


def decision_level(authority):
    """Who issued a decision, read from its issuer's name as a workbook writes it ("UBND tỉnh Gia Lai", "Thủ tướng
    Chính phủ" …): the Director of the Sở unless a higher body is named."""
    text = fold(authority)
    if "chu tich nuoc" in text:
        return Authority.PRESIDENT
    if "thu tuong" in text or "chinh phu" in text:
        return Authority.PRIME_MINISTER
    if "ubnd" in text or "uy ban nhan dan" in text:
        return Authority.PROVINCE
    return Authority.DIRECTOR


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

    recipients = unit_recipients(registration.unit)
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
    log(registration, REGISTRATION_EMAILED, data={"event": event, "to": recipients})  # what the receipt may claim


def registration_emailed(registration):
    """The addresses the registration's receipt was e-mailed to when it was last submitted (empty if none was)."""
    from wagtail.log_actions import registry

    if registration.submitted_at is None:
        return []
    entry = (
        registry.get_logs_for_instance(registration)
        .filter(action=REGISTRATION_EMAILED, data__event="submitted", timestamp__gte=registration.submitted_at)
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.data.get("to", []) if entry else []


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


def working_day_on_or_before(day):
    """`day`, or the Friday before it when it falls on a Saturday or a Sunday."""
    if day is None or day.weekday() < 5:
        return day
    return day - datetime.timedelta(days=day.weekday() - 4)


# The year's deadlines, as a new year carries them over.
DEADLINES = ("registration_deadline", "initiative_deadline", "scoring_deadline", "evaluation_deadline")


def carried_rule(rule, rule_set):
    """Whether a plan rule may be carried into a year judged by `rule_set`, and if not, why (a Vietnamese
    sentence): a local procedure (registration) and rules on titles whose criteria the law lets the province set
    are carried; a rule adding a condition to a title whose criteria the law fixes itself is not."""
    from emulation.models import RuleRow

    if rule.title_id is None or rule.rule in (RuleRow.Rule.REGISTRATION, RuleRow.Rule.COUNCIL_VOTE):
        return True, ""
    decider = rule_set.decider(rule.title_id)
    if decider.criteria_delegated:
        return True, ""
    return False, _(
        "“%(rule)s” for %(title)s (%(source)s) is not carried over: under %(framework)s the law fixes the criteria "
        "of %(title)s itself (%(law)s), so a plan cannot add to them."
    ) % {
        "rule": rule.get_rule_display(),
        "title": rule.title,
        "source": rule.source,
        "framework": rule_set.framework_name,
        "law": decider.source or rule_set.legal_basis,
    }


@transaction.atomic
def year_open(*, year, source, user=None):
    """Open `year` from the `source` year's rule set, under the law in force for the new year: the plan's rules
    the law still lets a Sở set (deadlines, registration, local procedure, the criteria the law delegates to the
    province), its scoring grid, its deadlines moved to the new year (to the Friday before when they fall on a
    weekend) and its active participating units.

    The opened year carries what was left behind and why (`dropped`) and each deadline moved off a weekend
    (`moved`), as Vietnamese sentences."""
    from emulation.models import PlanRule, ScoringCriterion, Unit

    if EmulationYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The year %(year)s is already open.") % {"year": year}})
    try:
        origin = EmulationYear.objects.get(year=source)
    except EmulationYear.DoesNotExist as missing:
        raise ValidationError(
            {"source": _("There is no rule set for %(year)s to copy.") % {"year": source}}
        ) from missing
    try:
        rule_set = rules.rule_set_for(year)
    except rules.RuleSetMissing as missing:
        raise ValidationError({"year": str(missing)}) from missing
    delta = year - source
    opened = EmulationYear(
        year=year,
        plan_reference=shift_years(origin.plan_reference, source, year),
        deadline_day_counts=origin.deadline_day_counts,
        reminder_days=origin.reminder_days,
        quota_rounding=origin.quota_rounding,
    )
    opened.dropped, opened.moved = [], []
    for name in DEADLINES:
        day = move_date(getattr(origin, name), delta)
        working = working_day_on_or_before(day)
        if working != day:
            opened.moved.append(
                _("%(deadline)s: %(day)s falls on a weekend, moved to Friday %(working)s.")
                % {
                    "deadline": EmulationYear._meta.get_field(name).verbose_name.capitalize(),
                    "day": day.strftime("%d/%m/%Y"),
                    "working": working.strftime("%d/%m/%Y"),
                }
            )
        setattr(opened, name, working)
    fields = [f.name for f in PlanRule._meta.fields if f.name not in ("id", "emulation_year", "sort_order")]
    kept = []
    for rule in origin.rules.select_related("title"):
        carried, why = carried_rule(rule, rule_set)
        if carried:
            kept.append(PlanRule(**{name: getattr(rule, name) for name in fields}))
        else:
            opened.dropped.append(why)
    opened.rules = kept
    opened.criteria = [ScoringCriterion(name=c.name, max_points=c.max_points) for c in origin.criteria.all()]
    participants = origin.participants.filter(active=True)
    opened.participants = list(participants if participants.exists() else Unit.objects.filter(active=True))
    opened.full_clean()
    opened.save()
    log(opened, "wagtail.create", user=user, data={"dropped": opened.dropped, "moved": opened.moved})
    from emulation.services_bloc import bloc_year_open

    opened.blocs = bloc_year_open(year=year, source=source, user=user)  # the blocs and covenants, like the rules
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
    revision = initiative.save_revision(user=user, log_action=False)  # the version as registered, with its file
    log(initiative, "wagtail.create", user=user, revision=revision)
    transaction.on_commit(lambda: notify_initiative(initiative))
    return initiative


# What the unit does to its initiative after registering it, as logged in the initiative's history.
INITIATIVE_CORRECTED = "emulation.initiative.correct"
INITIATIVE_WITHDRAWN = "emulation.initiative.withdraw"
REGISTRATION_SCAN = "emulation.registration.scan"
REGISTRATION_EMAILED = "emulation.registration.emailed"


def initiative_lock_reason(initiative, when=None):
    """Why the unit may no longer change its initiative (a Vietnamese sentence), or None while it may: still
    pending, not scored, not withdrawn, and before the unit's initiative deadline of the year."""
    from emulation.models import Initiative

    if initiative.result == Initiative.Result.WITHDRAWN:
        return _("The unit withdrew this initiative: it is kept as a record and can no longer be changed.")
    if initiative.result != Initiative.Result.PENDING:
        return _("The office has recorded the result of this initiative: it can no longer be changed.")
    if initiative.recorded_score is not None or initiative.scores.exists():
        return _("The initiative council has started scoring this initiative: it can no longer be changed.")
    emulation_year = EmulationYear.objects.prefetch_related("extensions").filter(year=initiative.year).first()
    if emulation_year is None or not rules.deadline_met(emulation_year, "initiative", unit=initiative.unit, when=when):
        deadline = rules.unit_deadline(emulation_year, "initiative", initiative.unit)[0] if emulation_year else None
        return _(
            "The initiative registration deadline for %(year)s (%(date)s) has passed: the initiative is kept as "
            "registered and can no longer be changed here."
        ) % {"year": initiative.year, "date": deadline.strftime("%d/%m/%Y") if deadline else "–"}
    return None


def _changeable_initiative(initiative, unit, when):
    """The initiative locked for writing, once its unit and state allow a change; else a ValidationError."""
    from emulation.models import Initiative

    initiative = Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)
    if unit is None or initiative.unit_id != unit.pk:
        raise ValidationError(_("This initiative belongs to another unit."))
    reason = initiative_lock_reason(initiative, when)
    if reason:
        raise ValidationError(reason)
    if initiative.latest_revision_id is None:  # registered before revisions were kept: keep that version first
        initiative.save_revision(user=initiative.submitted_by, log_action=False)
    return initiative


def initiative_update(*, initiative, unit, title, authors, summary, attachment=None, kind=None, user=None, when=None):
    """The unit corrects its initiative (title, summary, authors) and may replace its file, before its deadline.

    The previous version stays as a revision, its file kept in the private storage. Returns the initiative with
    `changes`, the fields changed ("title", "summary", "authors", "attachment"); nothing is written when none is.
    A new file is kept only if its row is committed."""
    written = []
    try:
        with transaction.atomic():
            return _initiative_update(initiative, unit, title, authors, summary, attachment, kind, user, when, written)
    except BaseException:
        for field_file in written:
            field_file.delete(save=False)
        raise


def _initiative_update(initiative, unit, title, authors, summary, attachment, kind, user, when, written):
    from django.core.files.base import ContentFile

    initiative = _changeable_initiative(initiative, unit, when)
    if not authors or any(author.unit_id != unit.pk for author in authors):
        raise ValidationError({"authors": _("Choose the authors among the people of your unit.")})
    previous = initiative.latest_revision
    title, summary = clean_text(title), clean_text(summary)
    changes = [name for name, value in (("title", title), ("summary", summary)) if getattr(initiative, name) != value]
    if {author.pk for author in authors} != set(initiative.authors.values_list("pk", flat=True)):
        changes.append("authors")
    if attachment is not None:
        changes.append("attachment")
    initiative.changes = changes
    if not changes:
        return initiative
    initiative.title, initiative.summary = title, summary
    initiative.authors = list(authors)
    initiative.full_clean(exclude=["attachment"])
    if attachment is not None:
        initiative.attachment_name = f"{initiative.code.lower()}.{kind}"
        initiative.attachment.save(initiative.attachment_name, ContentFile(attachment.read()), save=False)
        written.append(initiative.attachment)
    initiative.save()
    revision = initiative.save_revision(user=user, log_action=False)
    data = {"fields": [name for name in changes if name != "attachment"], "file": "attachment" in changes}
    if data["file"]:
        data["old_file_revision"] = previous.pk  # the version whose file was replaced, still served to who may see it
    log(initiative, INITIATIVE_CORRECTED, user=user, revision=revision, data=data, content_changed=True)
    transaction.on_commit(lambda: notify_initiative(initiative, "corrected"))
    return initiative


@transaction.atomic
def initiative_withdraw(*, initiative, unit, reason="", user=None, when=None):
    """The unit withdraws its initiative before its deadline, with an optional reason. It is kept, shown as
    withdrawn, no longer pending for the office or the council, and can no longer be changed."""
    from emulation.models import Initiative

    initiative = _changeable_initiative(initiative, unit, when)
    initiative.result = Initiative.Result.WITHDRAWN
    initiative.withdrawal_reason = clean_text(reason).strip()
    initiative.save(update_fields=["result", "withdrawal_reason"])
    revision = initiative.save_revision(user=user, log_action=False)
    data = {"reason": initiative.withdrawal_reason}
    log(initiative, INITIATIVE_WITHDRAWN, user=user, revision=revision, data=data, content_changed=True)
    transaction.on_commit(lambda: notify_initiative(initiative, "withdrawn"))
    return initiative


def unit_recipients(unit):
    """The e-mail addresses of the unit's active accounts: who is told of its submissions."""
    return [
        account.user.email
        for account in unit.accounts.select_related("user")
        if account.user.email and account.user.is_active
    ]


def office_recipients():
    """The e-mail addresses of the office's active staff (the group Văn phòng)."""
    from django.contrib.auth import get_user_model

    from emulation.files import OFFICE_GROUP

    users = get_user_model().objects.filter(groups__name=OFFICE_GROUP, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def admin_url(name, *args):
    """The full address of an admin page, for the office's e-mails."""
    from django.conf import settings
    from django.urls import reverse

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def notify_initiative(initiative, event="submitted"):
    """E-mail the unit's accounts (a receipt) and the office (a notice) that an initiative was registered,
    corrected or withdrawn: its name, reference, authors and a link."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    for recipients, link, office in (
        (unit_recipients(initiative.unit), portal_url("unit_initiative", pk=initiative.pk), False),
        (office_recipients(), admin_url("emulation_initiative_modeladmin_inspect", initiative.pk), True),
    ):
        if not recipients:
            continue
        context = {"initiative": initiative, "event": event, "portal_url": link, "office": office}
        send_mail(
            render_to_string("emulation/email/initiative_subject.txt", context).strip(),
            render_to_string("emulation/email/initiative_body.txt", context),
            None,
            recipients,
        )


def registration_attach_scan(*, registration, unit, upload, kind, user=None, when=None):
    """The unit attaches the signed scan of its printed registration (PDF, PNG or JPEG), or replaces it, before
    its registration deadline. The file is private; a replaced one stays, named by the registration's revisions."""
    written = []
    try:
        with transaction.atomic():
            return _registration_attach_scan(registration, unit, upload, kind, user, when, written)
    except BaseException:
        for field_file in written:
            field_file.delete(save=False)
        raise


def _registration_attach_scan(registration, unit, upload, kind, user, when, written):
    from django.core.files.base import ContentFile

    registration = EmulationRegistration.objects.select_for_update().select_related("unit").get(pk=registration.pk)
    if unit is None or registration.unit_id != unit.pk:
        raise ValidationError(_("This registration belongs to another unit."))
    if kind not in ("pdf", "png", "jpg"):
        raise ValidationError({"scan": _("Only PDF and image (PNG, JPEG) files are accepted for the signed copy.")})
    if not registration_open(registration, when):
        raise ValidationError(
            _(
                "The registration deadline for %(year)s has passed: the signed copy can no longer be sent or replaced here."
            )
            % {"year": registration.year}
        )
    registration.signed_scan_name = f"dk-{registration.year}-{registration.unit.code.lower()}-ban-ky.{kind}"
    registration.signed_scan.save(registration.signed_scan_name, ContentFile(upload.read()), save=False)
    written.append(registration.signed_scan)
    registration.signed_scan_at = when or timezone.now()
    registration.save(update_fields=["signed_scan", "signed_scan_name", "signed_scan_at"])
    revision = registration.save_revision(user=user, log_action=False)
    log(registration, REGISTRATION_SCAN, user=user, revision=revision, content_changed=True)
    return registration


# -- councils and ballots (emulation/services_councils.py) and the province's emulation bloc
# (emulation/services_bloc.py), kept apart; this module stays the one write path
from emulation.services_bloc import *  # noqa: E402, F403
from emulation.services_councils import *  # noqa: E402, F403

# -- proposals to a higher body (emulation/services_proposals.py, kept apart likewise)
from emulation.services_proposals import *  # noqa: E402, F403

# -- the reward fund (emulation.fund computes its ledger) ------------------------------------------------------------


@transaction.atomic
def fund_save(fund, *, user=None):
    """Record a year's reward fund, new or changed, with its income lines (held in memory by modelcluster until
    saved): validated, saved and logged in its history. Refused when an income is dated outside the fund's year."""
    created = fund.pk is None
    fund.full_clean()
    outside = [income for income in fund.incomes.all() if income.date and income.date.year != fund.year]
    if outside:
        raise ValidationError(
            _("An income of the %(year)s fund must be dated in %(year)s: %(dates)s.")
            % {"year": fund.year, "dates": ", ".join(income.date.strftime("%d/%m/%Y") for income in outside)}
        )
    fund.save()
    log(fund, "wagtail.create" if created else "wagtail.edit", user=user)
    return fund
