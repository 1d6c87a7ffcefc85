"""The ledger of a year's reward fund (sổ quỹ thi đua, khen thưởng): the opening balance, each income the office
records, and as expenses the money of each decision dated in the year, with the running and closing balances.

A decision's money is that of its awards, as the draft decision computes it (emulation.council_documents): the
multiple the title carries under the framework in force on the decision's date, times the base salary in force on
that date, rounded the same way. A decision with an award whose amount is not on record (no TitleReward row, or no
base salary) is listed with "–" and a note, never guessed, and is left out of the balances, which then say so.

Whether a decision of a body above the Sở is paid from the Sở's fund is the office's call: every decision dated in
the year is listed, with its issuer.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from emulation.council_documents import amount, dong, reward_for
from emulation.models import Authority, Award, BaseSalary, Decision, LegalFramework, RewardFund
from emulation.rules.ruleset import framework_for
from portal.sanitize import finish_table, xlsx_bytes

XLSX_AMOUNT = '#,##0 "đ"'


@dataclass
class Line:
    kind: str  # "opening", "income", "expense", "closing"
    date: datetime.date | None
    description: str
    number: str = ""
    issuer: str = ""
    awards: int | None = None
    income: int | None = None
    expense: int | None = None  # None on an expense line: the amount is not known
    balance: int | None = None
    note: str = ""


@dataclass
class Ledger:
    year: int
    fund: RewardFund | None
    opening: int
    lines: list
    total_income: int
    total_expense: int
    closing: int
    unknown: int  # decisions whose amount is not known
    notes: list = field(default_factory=list)


def _kind(award):
    return "person" if award.person_id else "unit"


def decision_expense(decision, frameworks, salaries):
    """(amount in đồng or None, note) for one decision, its awards prefetched."""
    framework = framework_for(decision.date, frameworks)
    salary = BaseSalary.in_force_on(decision.date, salaries)
    known, missing = 0, []
    for award in decision.awards.all():
        reward = reward_for(framework, award.title, _kind(award))
        if reward is None or salary is None:
            if award.title.name not in missing:
                missing.append(award.title.name)
            continue
        known += amount(reward.multiple, salary.amount)
    if not missing:
        return known, ""
    if salary is None:
        return None, _("No base salary on record on %(date)s; to be filled in.") % {
            "date": decision.date.strftime("%d/%m/%Y")
        }
    return None, _("No amount on record for %(titles)s under %(framework)s; to be filled in.") % {
        "titles": ", ".join(missing),
        "framework": framework or "–",
    }


def fund_ledger(year):
    """The ledger of the year's fund (the fund may be missing: an opening balance of 0, and a note saying so).
    Asks the same few queries however many decisions and awards the year has."""
    fund = RewardFund.objects.filter(year=year).prefetch_related("incomes").first()
    frameworks = list(LegalFramework.objects.order_by("-in_force_from").prefetch_related("rewards"))
    salaries = list(BaseSalary.objects.order_by("-effective_from"))
    decisions = (
        # The Sở's own decisions: a higher body's decision (the Chủ tịch UBND tỉnh's …) is paid from that level's fund.
        Decision.objects.filter(date__year=year, level=Authority.DIRECTOR)
        .prefetch_related(
            Prefetch(
                "awards",
                queryset=Award.objects.filter(withdrawn_on__isnull=True).select_related("title").order_by("pk"),
            )
        )
        .order_by("date", "number", "pk")
    )
    entries = []
    for income in fund.incomes.all() if fund else []:
        entries.append(
            (income.date, 0, income.pk, Line("income", income.date, income.description, income=income.amount))
        )
    for decision in decisions:
        expense, note = decision_expense(decision, frameworks, salaries)
        line = Line(
            "expense",
            decision.date,
            _("Money of the awards of Decision No. %(number)s") % {"number": decision.number},
            number=decision.number,
            issuer=decision.authority,
            awards=len(decision.awards.all()),
            expense=expense,
            note=note,
        )
        entries.append((decision.date, 1, decision.pk, line))
    entries.sort(key=lambda entry: entry[:3])
    opening = fund.opening_balance if fund else 0
    lines = [Line("opening", datetime.date(year, 1, 1), _("Opening balance"), balance=opening)]
    balance, total_income, total_expense, unknown = opening, 0, 0, 0
    for _day, _order, _pk, line in entries:
        if line.income is not None:
            total_income += line.income
            balance += line.income
        elif line.expense is not None:
            total_expense += line.expense
            balance -= line.expense
        else:
            unknown += 1
        line.balance = balance
        lines.append(line)
    notes = []
    if fund is None:
        notes.append(_("No fund is recorded for %(year)s: the opening balance is taken as 0.") % {"year": year})
    elif fund.note:
        notes.append(fund.note)
    if unknown:
        notes.append(
            _(
                "%(count)d decision(s) without a known amount are left out of the balances: the closing balance is "
                "not final."
            )
            % {"count": unknown}
        )
    if total_expense:
        notes.append(_("Amounts rounded to the nearest 1,000 đồng."))
    lines.append(
        Line(
            "closing",
            datetime.date(year, 12, 31),
            _("Closing balance"),
            income=total_income,
            expense=total_expense,
            balance=balance,
        )
    )
    return Ledger(year, fund, opening, lines, total_income, total_expense, balance, unknown, notes)


def columns():
    return [
        _("Date"),
        _("Description"),
        _("Decision number"),
        _("Issuing authority"),
        _("Awards"),
        _("Income (đồng)"),
        _("Expense (đồng)"),
        _("Balance (đồng)"),
        _("Note"),
    ]


def screen_rows(ledger):
    """The ledger's lines as the screen shows them: amounts written as "702.000 đồng", "–" where unknown."""

    def money(value, show_unknown=False):
        if value is None:
            return "–" if show_unknown else ""
        return dong(value)

    return [
        {
            "kind": line.kind,
            "cells": [
                line.date.strftime("%d/%m/%Y") if line.date else "",
                line.description,
                line.number,
                line.issuer,
                "" if line.awards is None else line.awards,
                money(line.income),
                money(line.expense, show_unknown=line.kind == "expense"),
                money(line.balance),
                line.note,
            ],
        }
        for line in ledger.lines
    ]


def write_xlsx(ledger):
    """The ledger as the office's exports are written: a sheet named "Sổ quỹ", a bold frozen header, sized columns,
    dates as dd/mm/yyyy, amounts as numbers in đồng, "–" where an amount is unknown, the notes below."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(_("Fund ledger"))[:31]
    headings = [str(heading) for heading in columns()]
    sheet.append(headings)
    widths = [len(heading) for heading in headings]
    sheet_row = 2  # the row each line is written to (sheet.max_row reads every cell: once a line is quadratic)
    for line in ledger.lines:
        expense = "–" if line.kind == "expense" and line.expense is None else line.expense
        row = [
            line.date,
            str(line.description),
            line.number or None,
            line.issuer or None,
            line.awards,
            line.income,
            expense,
            line.balance,
            str(line.note) or None,
        ]
        sheet.append(row)
        cells = [sheet.cell(row=sheet_row, column=column) for column in range(1, len(row) + 1)]
        sheet_row += 1
        cells[0].number_format = "DD/MM/YYYY"
        for cell in cells[5:8]:
            if isinstance(cell.value, int):
                cell.number_format = XLSX_AMOUNT
        cells[8].alignment = Alignment(wrap_text=True, vertical="top")
        if line.kind in ("opening", "closing"):
            for cell in cells:
                cell.font = Font(bold=True)
        for index, value in enumerate(row):
            size = 10 if isinstance(value, datetime.date) else 14 if isinstance(value, int) else len(str(value or ""))
            widths[index] = max(widths[index], size)
    if ledger.notes:
        sheet.append([])
        for note in ledger.notes:
            sheet.append([None, str(note)])
    finish_table(sheet, widths)
    return xlsx_bytes(workbook)


def filename(year):
    return f"so-quy-thi-dua-khen-thuong-{year}.xlsx"
