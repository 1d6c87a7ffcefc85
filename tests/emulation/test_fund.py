"""The reward fund of a year (quỹ thi đua, khen thưởng): its ledger (opening balance, income, the decisions' money
as expenses, running and closing balances) on screen, as XLSX and from `manage.py fund_ledger`; private to the
office."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation import services
from emulation.fund import fund_ledger, write_xlsx
from emulation.models import FundIncome, RewardFund
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
URL = "/admin/emulation/fund/"
LDTT_2026 = 702_000  # 0,3 × 2.340.000 đ (Nghị định 152/2025, Điều 50; Nghị định 73/2024)


def fund(year=2026, opening=10_000_000, incomes=()):
    item = RewardFund(year=year, opening_balance=opening, note="Số liệu thử")
    item.incomes = [FundIncome(date=day, description=text, amount=value) for day, text, value in incomes]
    return services.fund_save(item)


def people(count, unit=None):
    unit = unit or b.unit("U1")
    return [b.person(f"{unit.code}P{index:03d}", unit, year=2026) for index in range(count)]


def decision_with(number, day, recipients, code="ldtt", year=2026):
    decision = b.decision(number, day)
    for recipient in recipients:
        b.award(recipient, code, year=year, decision=decision)
    return decision


@pytest.fixture
def year_2026():
    staff = people(5)
    unit = staff[0].unit
    first = decision_with("10/QĐ-SCT", datetime.date(2026, 3, 2), staff[:3])
    second = decision_with("20/QĐ-SCT", datetime.date(2026, 6, 1), staff[3:])
    unknown = decision_with("30/QĐ-SCT", datetime.date(2026, 9, 1), [unit], code="giay-khen")
    item = fund(
        incomes=[
            (datetime.date(2026, 1, 15), "Trích lập từ dự toán", 5_000_000),
            (datetime.date(2026, 7, 1), '=HYPERLINK("http://x")', 1_000_000),
        ]
    )
    return item, first, second, unknown


def test_the_ledger_counts_each_decision_as_its_awards_counted_independently(year_2026):
    item, first, second, unknown = year_2026
    ledger = fund_ledger(2026)
    expenses = {line.number: line for line in ledger.lines if line.kind == "expense"}
    for decision in (first, second):
        awards = decision.awards.filter(title__code="ldtt").count()
        assert expenses[decision.number].awards == awards
        assert expenses[decision.number].expense == awards * LDTT_2026
        assert expenses[decision.number].issuer == decision.authority
    assert expenses["10/QĐ-SCT"].expense == 2_106_000
    # No reward is on record for a Giấy khen: listed with "–" and a note, never guessed, left out of the balances.
    assert expenses["30/QĐ-SCT"].expense is None
    assert expenses["30/QĐ-SCT"].awards == 1
    assert "Giấy khen của Giám đốc Sở" in expenses["30/QĐ-SCT"].note
    assert ledger.unknown == 1
    assert any("not final" in note or "chưa phải" in note for note in ledger.notes)


def test_running_and_closing_balances(year_2026):
    ledger = fund_ledger(2026)
    kinds = [line.kind for line in ledger.lines]
    assert kinds == ["opening", "income", "expense", "expense", "income", "expense", "closing"]
    balances = [line.balance for line in ledger.lines]
    assert balances == [
        10_000_000,
        15_000_000,
        15_000_000 - 3 * LDTT_2026,
        15_000_000 - 5 * LDTT_2026,
        16_000_000 - 5 * LDTT_2026,
        16_000_000 - 5 * LDTT_2026,  # the unknown decision changes nothing
        16_000_000 - 5 * LDTT_2026,
    ]
    assert ledger.total_income == 6_000_000
    assert ledger.total_expense == 5 * LDTT_2026 == 3_510_000
    assert ledger.closing == 12_490_000


def test_a_year_without_a_fund_opens_at_zero_and_says_so():
    decision_with("10/QĐ-SCT", datetime.date(2026, 3, 2), people(2))
    ledger = fund_ledger(2026)
    assert ledger.fund is None and ledger.opening == 0
    assert ledger.closing == -2 * LDTT_2026
    assert ledger.notes


def test_decisions_of_other_years_are_not_counted(year_2026):
    decision_with("99/QĐ-SCT", datetime.date(2025, 12, 31), people(1, b.unit("U2")), year=2025)
    assert "99/QĐ-SCT" not in [line.number for line in fund_ledger(2026).lines]


def test_an_income_outside_the_year_is_refused():
    with pytest.raises(ValidationError):
        fund(incomes=[(datetime.date(2025, 12, 31), "Năm trước", 1_000)])
    assert not RewardFund.objects.exists()


def test_the_xlsx_ledger(year_2026):
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(fund_ledger(2026)))).active
    assert sheet.title == "Sổ quỹ"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1] if cell.value)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    opening, income, first = rows[0], rows[1], rows[2]
    assert opening[7] == 10_000_000
    assert income[0] == datetime.datetime(2026, 1, 15) and income[5] == 5_000_000
    assert sheet["A3"].number_format == "DD/MM/YYYY"
    assert first[2] == "10/QĐ-SCT" and first[4] == 3 and first[6] == 2_106_000
    assert "đ" in sheet["G4"].number_format
    unknown = next(row for row in rows if row[2] == "30/QĐ-SCT")
    assert unknown[6] == "–"
    closing = next(row for row in rows if row[5] == 6_000_000 and row[6] == 3_510_000)
    assert closing[7] == 12_490_000
    # The office's text is never run by a spreadsheet: a string cell, read back as it was written.
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value and "HYPERLINK" in str(cell.value)]
    assert [cell.value for cell in cells] == ['=HYPERLINK("http://x")']
    assert all(cell.data_type == "s" for cell in cells)


def test_the_ledger_keeps_its_query_count(django_assert_num_queries):
    fund(incomes=[(datetime.date(2026, 1, 15), "Thu", 1_000_000)])
    staff = people(12)
    decision_with("1/QĐ-SCT", datetime.date(2026, 2, 1), staff[:2])
    with CaptureQueriesContext(connection) as small:
        fund_ledger(2026)
    decision_with("2/QĐ-SCT", datetime.date(2026, 5, 1), staff[2:6])
    decision_with("3/QĐ-SCT", datetime.date(2026, 8, 1), staff[6:9], code="cstdcs")
    decision_with("4/QĐ-SCT", datetime.date(2026, 11, 1), [staff[0].unit], code="giay-khen")
    decision_with("5/QĐ-SCT", datetime.date(2026, 12, 1), staff[9:])
    with django_assert_num_queries(len(small.captured_queries)):
        ledger = fund_ledger(2026)
    assert len([line for line in ledger.lines if line.kind == "expense"]) == 5


# -- privacy ------------------------------------------------------------------------------------------------------


def user_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, password=b.PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.parametrize(
    "path",
    [
        f"{URL}?year=2026",
        f"{URL}?year=2026&format=xlsx",
        "/admin/snippets/emulation/rewardfund/",
        "/admin/snippets/emulation/rewardfund/add/",
    ],
)
def test_only_the_office_and_administrators_see_the_fund(path, client, django_user_model, year_2026):
    unit_user = b.unit_account(b.unit("U9"), "donvi").user
    allowed = {
        "the office": user_in(django_user_model, "vanphong", "Văn phòng"),
        "an administrator": user_in(django_user_model, "quantri", is_superuser=True, is_staff=True),
    }
    refused = {
        "a unit account": unit_user,
        "an editor": user_in(django_user_model, "bientap", "Biên tập viên"),
        "the council": user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"),
    }
    for who, user in allowed.items():
        client.force_login(user)
        assert client.get(path).status_code == 200, who
    for who, user in refused.items():
        client.force_login(user)
        response = client.get(path)
        assert response.status_code in (302, 403), who
        assert b"HYPERLINK" not in response.content and b"702" not in response.content, who
    client.logout()
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_office_sees_the_ledger_and_the_reports_link(client, django_user_model, year_2026):
    b.plan_year(2026)
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    page = client.get(f"{URL}?year=2026").content.decode()
    assert "10/QĐ-SCT" in page and "2.106.000 đồng" in page and "12.490.000 đồng" in page
    assert "–" in page
    response = client.get(f"{URL}?year=2026&format=xlsx")
    assert response["Content-Disposition"].endswith('so-quy-thi-dua-khen-thuong-2026.xlsx"')
    reports = client.get("/admin/emulation/reports/?year=2026&period=year-end").content.decode()
    assert f"{URL}?year=2026" in reports
    client.force_login(user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"))
    reports = client.get("/admin/emulation/reports/?year=2026&period=year-end").content.decode()
    assert URL not in reports


def test_the_office_records_a_fund_in_the_admin(client, django_user_model):
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    data = {
        "year": "2026",
        "opening_balance": "1000000",
        "note": "",
        "incomes-TOTAL_FORMS": "1",
        "incomes-INITIAL_FORMS": "0",
        "incomes-MIN_NUM_FORMS": "0",
        "incomes-MAX_NUM_FORMS": "1000",
        "incomes-0-date": "2025-12-31",
        "incomes-0-description": "Thu",
        "incomes-0-amount": "500000",
        "incomes-0-ORDER": "1",
        "incomes-0-DELETE": "",
    }
    response = client.post("/admin/snippets/emulation/rewardfund/add/", data)
    assert response.status_code == 200 and not RewardFund.objects.exists()  # refused next to the date
    data["incomes-0-date"] = "2026-01-15"
    response = client.post("/admin/snippets/emulation/rewardfund/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = RewardFund.objects.get()
    assert [(i.date, i.amount) for i in item.incomes.all()] == [(datetime.date(2026, 1, 15), 500_000)]
    assert fund_ledger(2026).closing == 1_500_000


def test_the_command_writes_the_ledger(tmp_path, year_2026):
    output = tmp_path / "so-quy.xlsx"
    out = io.StringIO()
    call_command("fund_ledger", year=2026, output=str(output), stdout=out)
    sheet = openpyxl.load_workbook(output).active
    assert sheet.title == "Sổ quỹ"
    assert "12.490.000" in out.getvalue()


def test_the_demo_funds(demo):
    ledger = fund_ledger(2020)
    assert ledger.fund is not None and "minh hoạ" in ledger.fund.note
    expenses = [line for line in ledger.lines if line.kind == "expense"]
    assert expenses and all(line.expense is None and line.note for line in expenses)  # none under Nghị định 91/2017
    assert ledger.closing == ledger.opening + ledger.total_income
    assert RewardFund.objects.filter(year=2026).exists()
    ledger_2026 = fund_ledger(2026)
    # 2026's only decision is the Chủ tịch UBND tỉnh's (215/QĐ-UBND): paid from the province's fund, not the Sở's.
    assert [line for line in ledger_2026.lines if line.kind == "expense"] == []
