"""The office's reports for a year and a period, computed from the records with aggregate queries.

Sections come from this module and from providers other apps register (the plan tasks come from `home`, which
emulation must not import): `register_section(fn)`, where fn(year, period_end) returns a section or None.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import rules
from emulation.models import (
    Award,
    EmulationRegistration,
    EmulationYear,
    Evaluation,
    Grade,
    Initiative,
    RegistrationEntry,
    RegistrationStatus,
    Title,
    Unit,
)
from portal.documents import date_parts, document_lines, render_document, sections_subdoc
from portal.models import DocumentTemplate
from portal.sanitize import xlsx_bytes

PERIODS = ("half-year", "year-end")
_PROVIDERS = []


def register_section(provider):
    _PROVIDERS.append(provider)
    return provider


@dataclass
class Section:
    title: str
    columns: list
    rows: list
    chart: list = field(default_factory=list)  # (label, value) pairs, drawn as bars on the screen
    note: str = ""


@dataclass
class Report:
    year: int
    period: str
    period_end: datetime.date
    title: str
    sections: list


def period_end(year, period):
    return datetime.date(year, 6, 15) if period == "half-year" else datetime.date(year, 12, 31)


def _end_of(day):
    return rules.deadline_cutoff(day)


def registrations_section(year, end):
    units = Unit.objects.filter(active=True).order_by("sort_order", "name")
    emulation_year = EmulationYear.objects.filter(year=year).first()
    if emulation_year and emulation_year.participants.exists():
        units = emulation_year.participants.filter(active=True).order_by("sort_order", "name")
    registrations = {
        reg.unit_id: reg
        for reg in EmulationRegistration.objects.filter(year=year)
        .select_related("collective_title")
        .annotate(people=Count("entries__person", distinct=True))
    }
    rows = []
    for unit in units:
        reg = registrations.get(unit.pk)
        on_time = reg and reg.submitted_at and reg.submitted_at < _end_of(end)
        rows.append(
            [
                unit.name,
                reg.get_status_display() if reg and on_time else _("not submitted"),
                reg.collective_title.name if reg and on_time and reg.collective_title else "",
                reg.people if reg and on_time else 0,
            ]
        )
    by_title = (
        RegistrationEntry.objects.filter(registration__year=year, registration__submitted_at__lt=_end_of(end))
        .exclude(registration__status=RegistrationStatus.DRAFT)
        .values("title__name", "title__sort_order")
        .annotate(people=Count("person", distinct=True))
        .order_by("title__sort_order")
    )
    chart = [(item["title__name"], item["people"]) for item in by_title]
    return Section(
        _("Emulation registrations by unit"),
        [_("Unit"), _("Status"), _("Collective title"), _("Individuals registered")],
        rows,
        chart,
        note=", ".join(f"{label}: {value}" for label, value in chart),
    )


def initiatives_section(year, end):
    counts = (
        Initiative.objects.filter(year=year)
        .exclude(result=Initiative.Result.WITHDRAWN)  # a withdrawn initiative is kept, but no longer registered
        .filter(Q(registered_on__lte=end) | Q(registered_on__isnull=True))
        .values("unit__name", "unit__sort_order")
        .annotate(
            registered=Count("pk"),
            recognised=Count("pk", filter=Q(result=Initiative.Result.RECOGNISED)),
        )
        .order_by("unit__sort_order", "unit__name")
    )
    rows = [[item["unit__name"], item["registered"], item["recognised"]] for item in counts]
    total = [_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows)]
    return Section(
        _("Initiatives registered and recognised"),
        [_("Unit"), _("Registered"), _("Recognised")],
        rows + [total],
        [(_("Registered"), total[1]), (_("Recognised"), total[2])],
    )


def evaluations_section(year, end):
    counts = {
        item["grade"]: item
        for item in Evaluation.objects.filter(year=year)
        .values("grade")
        .annotate(people=Count("pk", filter=Q(person__isnull=False)), units=Count("pk", filter=Q(unit__isnull=False)))
    }
    rows = [
        [grade.label, counts.get(grade.value, {}).get("people", 0), counts.get(grade.value, {}).get("units", 0)]
        for grade in reversed(Grade)
    ]
    note = _("Grades are given at the end of the year.") if end.month < 12 else ""
    return Section(
        _("Evaluations by grade"),
        [_("Grade"), _("Individuals"), _("Units")],
        rows,
        [(row[0], row[1]) for row in rows],
        note,
    )


def awards_section(year, end):
    counts = {
        item["title_id"]: item["n"]
        for item in Award.objects.filter(year=year)
        .filter(Q(decision__date__lte=end) | Q(decision__isnull=True))
        .values("title_id")
        .annotate(n=Count("pk"))
    }
    try:
        rule_set = rules.rule_set_for(year)
    except rules.RuleSetMissing:
        rule_set = None
    quotas = {}
    if rule_set:
        for title in rule_set.offered_titles():
            for rule in rule_set.rules_for(title):
                if rule.id == "quota" and rule.ref_title_id:
                    base = counts.get(rule.ref_title_id, 0)
                    quotas[title.pk] = rules.quota_max(base, rule.number, rule_set.rounding)
    rows = []
    for title in Title.objects.filter(pk__in=set(counts) | set(quotas)).order_by("sort_order"):
        given = counts.get(title.pk, 0)
        limit = quotas.get(title.pk)
        rows.append(
            [
                title.name,
                title.get_category_display(),
                given,
                "" if limit is None else limit,
                "" if not limit else f"{100 * given / limit:.0f}%",
            ]
        )
    return Section(
        _("Awards by title and form"),
        [_("Title or form"), _("Category"), _("Given"), _("Quota (at most)"), _("Quota used")],
        rows,
        [(row[0], row[2]) for row in rows],
    )


def build_report(year, period):
    if period not in PERIODS:
        raise ValueError(period)
    end = period_end(year, period)
    title = (
        _("Review of emulation and commendation work in the first six months of %(year)s")
        if period == "half-year"
        else _("Year-end report on emulation and commendation work in %(year)s")
    ) % {"year": year}
    sections = [
        registrations_section(year, end),
        initiatives_section(year, end),
        evaluations_section(year, end),
        awards_section(year, end),
    ]
    for provider in _PROVIDERS:
        section = provider(year, end)
        if section:
            sections.append(section)
    return Report(year, period, end, title, sections)


# -- writers -----------------------------------------------------------------------------------------------------


def write_xlsx(report, agency):
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    sheet.append([agency.superior_body.upper()])
    sheet.append([agency.agency_name.upper()])
    sheet.append([])
    sheet.append([str(report.title)])
    sheet["A4"].font = Font(bold=True, size=13)
    sheet.append([_("Figures as of %(date)s") % {"date": report.period_end.strftime("%d/%m/%Y")}])
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([str(column) for column in section.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append([value if isinstance(value, int | float) else str(value) for value in row])
        if section.note:
            sheet.append([section.note])
    sheet.append([])
    sheet.append([agency.signer_capacity.replace("\n", " "), agency.signer_name])
    sheet.column_dimensions["A"].width = 48
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 22
    return xlsx_bytes(workbook)


def issue_date(year, period, today=None):
    """The default date of issue: today for a report of the current year (or a later one); for a past year the end
    of its period (31/12 for the year-end, 15/06 for the half-year), never today."""
    today = today or timezone.localdate()
    return today if year >= today.year else period_end(year, period)


def docx_defaults(year, period, agency, today=None):
    """What the Word report says unless the office chooses otherwise (the admin's form and `manage.py report`)."""
    return {
        "number": "",
        "place": agency.place_name,
        "issued_on": issue_date(year, period, today),
        "recipients": agency.recipient_lines,
        "signer_capacity": agency.signer_capacity,
        "signer_name": agency.signer_name,
    }


def write_docx(
    report, agency, *, number="", place=None, issued_on=None, recipients=None, signer_capacity=None, signer_name=None
):
    """A Word report laid out as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I), filled in
    from the report template the office uses (portal.documents: the uploaded one, else the default): the agency and
    the national motto side by side, number and dated place line, title, the sections as tables, recipients and the
    signer's block. What is not given comes from `docx_defaults`."""
    chosen = {
        "number": number,
        "place": place,
        "issued_on": issued_on,
        "recipients": recipients,
        "signer_capacity": signer_capacity,
        "signer_name": signer_name,
    }
    values = docx_defaults(report.year, report.period, agency)
    values.update({name: value for name, value in chosen.items() if value is not None})

    def context(template):
        return {
            "superior_body": agency.superior_body,
            "agency_name": agency.agency_name,
            "number": values["number"].strip() or "…",
            "place": values["place"],
            "issued_on": values["issued_on"],
            **date_parts(values["issued_on"]),
            "title": str(report.title),
            "intro": _("Figures as of %(date)s, from the records of the Emulation and Commendation Portal.")
            % {"date": report.period_end.strftime("%d/%m/%Y")},
            "content": sections_subdoc(template, report.sections),
            "recipients": document_lines(values["recipients"]),
            "signer_capacity_lines": document_lines(values["signer_capacity"], dashes=False),
            "signer_name": values["signer_name"],
        }

    return render_document(DocumentTemplate.Kind.REPORT, context)
