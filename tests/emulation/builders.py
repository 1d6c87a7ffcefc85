"""Builders for small, hand-made emulation years, going through the models as the importer and the forms do."""

import datetime

from emulation.models import (
    Award,
    Discipline,
    EmulationRegistration,
    EmulationYear,
    Evaluation,
    Grade,
    Initiative,
    Person,
    PlanRule,
    RegistrationEntry,
    RegistrationStatus,
    RuleRow,
    Scope,
    Title,
    Unit,
    UnitAccount,
)

PLAN_SOURCE = "Kế hoạch năm (mục IV.1)"
PASSWORD = "Thidua@thu-nghiem-1"  # the password of the portal accounts made by `unit_account`


def title(code):
    return Title.objects.get(code=code)


def unit(code="U1", **extra):
    return Unit.objects.get_or_create(code=code, defaults={"name": f"Phòng {code}", **extra})[0]


def person(code, unit_obj, *, grade=Grade.GOOD, year=2020, discipline=Discipline.NONE, recruited_on=None):
    person_obj = Person.objects.create(code=code, full_name=f"Cán bộ {code}", unit=unit_obj, recruited_on=recruited_on)
    if grade is not None:
        Evaluation.objects.create(year=year, person=person_obj, grade=grade, discipline=discipline)
    return person_obj


def grade_unit(unit_obj, grade=Grade.GOOD, year=2020):
    return Evaluation.objects.create(year=year, unit=unit_obj, grade=grade)


def register(unit_obj, year=2020, collective="ttldtt", entries=(), status=RegistrationStatus.ACCEPTED):
    registration = EmulationRegistration.objects.create(
        year=year, unit=unit_obj, collective_title=title(collective) if collective else None, status=status
    )
    for person_obj, code in entries:
        RegistrationEntry.objects.create(registration=registration, person=person_obj, title=title(code))
    return registration


def initiative(code, authors, *, year=2020, result=Initiative.Result.RECOGNISED, scope=Scope.BASE):
    item = Initiative(code=code, year=year, title=f"Sáng kiến {code}", unit=authors[0].unit, result=result, scope=scope)
    item.authors = list(authors)
    item.save()
    return item


def award(recipient, code, year=2020, **extra):
    field = "person" if isinstance(recipient, Person) else "unit"
    return Award.objects.create(year=year, title=title(code), **{field: recipient}, **extra)


def plan_year(year=2020, *, registration=True, strict_initiative=True, **fields):
    """A year with the seed plan's own rules: registration required; CSTĐCS needs an initiative."""
    emulation_year = EmulationYear(
        year=year,
        registration_deadline=datetime.date(year, 2, 28),
        initiative_deadline=datetime.date(year, 8, 28),
        **fields,
    )
    rules = []
    if registration:
        rules.append(PlanRule(rule=RuleRow.Rule.REGISTRATION, source=PLAN_SOURCE))
    if strict_initiative:
        rules.append(
            PlanRule(title=title("cstdcs"), rule=RuleRow.Rule.INITIATIVE, scope=Scope.BASE, source=PLAN_SOURCE)
        )
    emulation_year.rules = rules
    emulation_year.save()
    return emulation_year


def enter(registration, person_obj, code):
    """Add a person's row to a saved registration."""
    return RegistrationEntry.objects.create(registration=registration, person=person_obj, title=title(code))


def retitle(person_obj, code):
    """Change the title a person registered for."""
    RegistrationEntry.objects.filter(person=person_obj).update(title=title(code))


def open_year(year, *, source=2020):
    """`year` opened from `source` as `manage.py open_year` opens it (services.year_open): the source's deadlines
    moved to `year`, its plan rules copied, its active units taking part. A missing source is made by plan_year."""
    from emulation import services

    if not EmulationYear.objects.filter(year=source).exists():
        plan_year(source)
    return services.year_open(year=year, source=source)


def members(unit_obj, count, *, active=True):
    """`count` people of the unit, coded UNIT01, UNIT02… after those it has, named "Cán bộ <code>"; no grades."""
    start = unit_obj.people.count() + 1
    return [
        Person.objects.create(
            code=f"{unit_obj.code}{number:02d}",
            full_name=f"Cán bộ {unit_obj.code}{number:02d}",
            unit=unit_obj,
            active=active,
        )
        for number in range(start, start + count)
    ]


def unit_account(unit_obj, username=None, *, email=None, password=PASSWORD, role=UnitAccount.Role.STAFF):
    """A portal account of the unit, as the demo's accounts are made: a user with a password, and its membership."""
    from django.contrib.auth import get_user_model

    username = username or unit_obj.code.lower()
    user = get_user_model().objects.create_user(username, email or f"{username}@example.gov.vn", password)
    return UnitAccount.objects.create(user=user, unit=unit_obj, role=role)


def office_user(username="chanhvp", **extra):
    """An account of the office (the Văn phòng group: the admin's records, councils and proposals)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    user.groups.add(Group.objects.get(name="Văn phòng"))
    return user


def grade_person(person_obj, grade=Grade.GOOD, year=2020, discipline=Discipline.NONE):
    """A person's grade for one more year (`person` grades them for one year only)."""
    return Evaluation.objects.create(year=year, person=person_obj, grade=grade, discipline=discipline)


def sent(registration, day):
    """Mark a registration as sent on `day` (9:00 in Vietnam), as the importer's "Ngày gửi" does."""
    from django.utils import timezone

    registration.submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    registration.save(update_fields=["submitted_at"])
    return registration


def scoring_grid(emulation_year, criteria):
    """Give the year its initiative scoring grid: `criteria` are (name, maximum points) pairs, in order."""
    from emulation.models import ScoringCriterion

    emulation_year.criteria = [ScoringCriterion(name=name, max_points=points) for name, points in criteria]
    emulation_year.save()
    return list(emulation_year.criteria.all())


def scores(initiative_obj, criteria, by_member):
    """Record the council's scores: `by_member` maps each member's name to their points, one per criterion."""
    from emulation.models import InitiativeScore

    initiative_obj.scores = [
        InitiativeScore(member=member, criterion=criterion, points=points)
        for member, row in by_member.items()
        for criterion, points in zip(criteria, row, strict=True)
    ]
    initiative_obj.save()
    return initiative_obj


def decision(number, day, authority="Sở Thử Nghiệm", level="director"):
    """A decision of the Sở (level "director"), or of a body above it ("province", "prime-minister", "president")."""
    from emulation.models import Decision

    return Decision.objects.create(number=number, date=day, authority=authority, level=level)


def imported(*, user=None, **sheets):
    """Rows brought in through the records importer, as the office's uploads (and the demo) bring them: `sheets`
    maps the exchange format's sheet keys (units, people, registrations…) to rows in the format's column order."""
    import io

    import openpyxl

    from emulation.importers import SHEETS, import_workbook

    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, rows in sheets.items():
        name, columns = SHEETS[key]
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return import_workbook(buffer, user=user)
