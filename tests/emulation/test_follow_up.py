"""Reminders, reports and commendation history: the office's follow-up, counted from the records."""

import datetime
import io
from collections import Counter

import docx
import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emulation.models import (
    Award,
    EmulationRegistration,
    Evaluation,
    Grade,
    Initiative,
    RegistrationEntry,
    ReminderLog,
)
from emulation.reports import build_report
from emulation.selectors import missing_units
from tests.emulation import builders as b
from tests.factories import date, make_agency_settings, make_done_task, make_plan, make_task

pytestmark = pytest.mark.django_db

COMING = timezone.localdate().year + 1


def remind(today, *extra):
    out = io.StringIO()
    call_command("send_reminders", "--today", today.strftime("%d/%m/%Y"), *extra, stdout=out)
    return out.getvalue().splitlines()


def test_reminders_go_to_exactly_the_units_missing_and_never_twice_a_day():
    office, planning, trade, industry, inspection = (b.unit(code) for code in ("VP", "KHTC", "QLTM", "QLCN", "TTRA"))
    b.unit_account(office, "vanphong")
    b.unit_account(planning, "khtc")
    b.unit_account(trade, "qltm1")
    b.unit_account(trade, "qltm2")  # industry has no account
    left = b.unit_account(inspection, "thanhtra").user
    left.is_active = False
    left.save()
    year = b.open_year(COMING)
    b.unit_account(b.unit("CD"), "congdoan")  # a unit made after the year opened: not taking part
    b.register(office, year=COMING, collective=None, status="submitted")
    b.initiative(f"SK-{COMING}-KHTC-01", [b.person("K1", planning, grade=None)], year=COMING)
    assert {unit.code for unit in missing_units(year, "registration")} == {"KHTC", "QLTM", "QLCN", "TTRA"}
    assert {unit.code for unit in missing_units(year, "initiative")} == {"VP", "QLTM", "QLCN", "TTRA"}

    deadline = year.registration_deadline  # 28/02, or the Friday before when it falls on a weekend
    fortnight = deadline - datetime.timedelta(days=14)
    due = f"đăng ký thi đua – {deadline:%d/%m/%Y}"
    assert remind(fortnight, "--dry-run") == [  # one line an e-mail, nothing else
        f"KHTC Phòng KHTC: {due} → khtc@example.gov.vn",
        f"QLCN Phòng QLCN: {due} → –",
        f"QLTM Phòng QLTM: {due} → qltm1@example.gov.vn, qltm2@example.gov.vn",
        f"TTRA Phòng TTRA: {due} → –",
    ]
    assert not mail.outbox
    assert not ReminderLog.objects.exists()

    remind(fortnight)
    assert Counter(frozenset(m.to) for m in mail.outbox) == {
        frozenset({"khtc@example.gov.vn"}): 1,
        frozenset({"qltm1@example.gov.vn", "qltm2@example.gov.vn"}): 1,
    }
    assert f"{deadline:%d/%m/%Y}" in mail.outbox[0].body
    assert "/don-vi/" in mail.outbox[0].body  # where to submit
    remind(fortnight)
    assert len(mail.outbox) == 2  # at most one a unit and day
    assert remind(fortnight + datetime.timedelta(days=1), "--dry-run") == []  # 13 days before: not a reminder day

    mail.outbox.clear()
    remind(year.initiative_deadline)  # the initiative deadline itself
    assert Counter(frozenset(m.to) for m in mail.outbox) == {
        frozenset({"vanphong@example.gov.vn"}): 1,
        frozenset({"qltm1@example.gov.vn", "qltm2@example.gov.vn"}): 1,
    }


def test_a_unit_missing_two_deadlines_due_the_same_day_gets_one_email_listing_both():
    unit = b.unit("QLTM")
    b.unit_account(unit, "qltm")
    year = b.open_year(COMING)
    year.initiative_deadline = year.registration_deadline
    year.reminder_days = "3"
    year.save()
    deadline = year.registration_deadline
    remind(deadline - datetime.timedelta(days=3))
    [message] = mail.outbox
    assert message.subject == f"Nhắc hạn: 2 thời hạn của năm thi đua {COMING} sắp đến"
    assert f"đăng ký thi đua năm {COMING}, hạn {deadline:%d/%m/%Y} (còn 3 ngày)" in message.body
    assert f"sáng kiến năm {COMING}, hạn {deadline:%d/%m/%Y} (còn 3 ngày)" in message.body


def test_a_year_of_reminders_sends_each_unit_a_handful_and_never_two_years_at_once():
    """Every day of the year in turn, as cron would run it (365 runs of the command, under a second)."""
    units = [b.unit(code) for code in ("VP", "KHTC", "QLTM")]
    for unit in units:
        b.unit_account(unit, unit.code.lower())
    year = b.open_year(COMING)
    b.open_year(COMING + 1, source=COMING)  # next year's draft rule set, already opened
    day = datetime.date(COMING, 1, 1)
    while day.year == COMING:
        remind(day)
        day += datetime.timedelta(days=1)
    per_unit = Counter(address for message in mail.outbox for address in message.to)
    assert per_unit == {f"{unit.code.lower()}@example.gov.vn": 10 for unit in units}  # 5 days × 2 deadlines
    days = sorted({log.sent_on for log in ReminderLog.objects.all()})
    expected = [year.registration_deadline - datetime.timedelta(days=d) for d in (14, 7, 3, 1, 0)]
    expected += [year.initiative_deadline - datetime.timedelta(days=d) for d in (14, 7, 3, 1, 0)]
    assert days == expected
    assert not any(str(COMING + 1) in message.subject + message.body for message in mail.outbox)
    assert set(ReminderLog.objects.values_list("year", flat=True)) == {COMING}


def test_the_office_sees_when_the_reminders_go(admin_client):
    year = b.open_year(COMING)
    html = admin_client.get("/admin/").content.decode()
    assert f"Nhắc hạn các đơn vị chưa gửi ({COMING})" in html
    for deadline in (year.registration_deadline, year.initiative_deadline):
        days = [deadline - datetime.timedelta(days=d) for d in (14, 7, 3, 1, 0)]
        assert ", ".join(f"{day:%d/%m}" for day in days) in html


OFFICE, PLANNING = "Văn phòng Sở", "Phòng Kế hoạch – Tài chính"
INDUSTRY, TRADE = "Phòng Quản lý Công nghiệp", "Phòng Quản lý Thương mại"


@pytest.fixture
def records_2020(home_page):
    """2020 of four units and thirteen people, with its plan page. Registrations: the office's accepted (5 people),
    planning's submitted (2), industry's a draft (1), trade none. Initiatives: two recognised, one rejected, one
    not scored (and one of 2019). Grades: one excellent, one 'completed', the rest good. Awards: LĐTT to the twelve
    graded good or better, CSTĐCS to one (the 15 % of 12 rounds down to 1), TTLĐXS to the office. Plan tasks: three
    done on time, two late, one never done."""
    office, planning = b.unit("VP", name=OFFICE), b.unit("KHTC", name=PLANNING)
    industry, trade = b.unit("QLCN", name=INDUSTRY), b.unit("QLTM", name=TRADE)
    staff = [b.person("P1", office, grade=Grade.EXCELLENT)] + [b.person(f"P{i}", office) for i in range(2, 6)]
    planners = [b.person(f"K{i}", planning) for i in range(1, 5)]
    engineers = [b.person("C1", industry), b.person("C2", industry), b.person("C3", industry, grade=Grade.COMPLETED)]
    traders = [b.person("M1", trade)]
    b.grade_unit(office, Grade.EXCELLENT)
    b.grade_unit(planning, Grade.GOOD)
    b.plan_year(2020)
    accepted = b.register(office, entries=[(staff[0], "cstdcs")] + [(p, "ldtt") for p in staff[1:]])
    b.sent(accepted, datetime.date(2020, 2, 20))
    submitted = b.register(planning, entries=[(p, "ldtt") for p in planners[:2]], status="submitted")
    b.sent(submitted, datetime.date(2020, 2, 21))
    b.register(industry, entries=[(engineers[0], "ldtt")], status="draft")
    b.initiative("SK1", [staff[0]])
    b.initiative("SK2", [planners[0]])
    b.initiative("SK3", [engineers[0]], result=Initiative.Result.REJECTED)
    b.initiative("SK4", [traders[0]], result=Initiative.Result.PENDING)
    b.initiative("SK5", [traders[0]], result=Initiative.Result.WITHDRAWN)  # kept, but not counted as registered
    b.initiative("SK0", [staff[1]], year=2019)
    for person in staff + planners + engineers[:2] + traders:
        b.award(person, "ldtt")
    b.award(staff[0], "cstdcs")
    b.award(office, "ttldxs")
    b.award(staff[1], "ldtt", year=2019)
    tasks = [
        make_done_task("1.1", deadline=date("28/02/2020"), done_on=date("25/02/2020")),
        make_done_task("1.2", deadline=date("15/06/2020"), done_on=date("19/06/2020")),
        make_done_task("2.2", deadline=None, done_on=date("10/07/2020"), period="q2"),
        make_done_task("2.3", deadline=date("16/06/2020"), done_on=date("16/06/2020"), period="q2"),
        make_done_task("3.2", deadline=date("30/10/2020"), done_on=date("02/11/2020"), period="q3"),
        make_task("4.1", deadline=date("31/12/2020"), period="q4"),
    ]
    make_plan(home_page, year=2020, tasks=tasks)


def sections(report):
    return {section.title: section for section in report.sections}


def test_year_end_figures_equal_the_records_counted_independently(records_2020):
    report = sections(build_report(2020, "year-end"))

    registrations = {row[0]: row[1:] for row in report["Đăng ký thi đua theo đơn vị"].rows}
    assert registrations == {
        OFFICE: ["đã chấp nhận", "Tập thể lao động tiên tiến", 5],
        PLANNING: ["đã gửi", "Tập thể lao động tiên tiến", 2],
        INDUSTRY: ["chưa gửi", "", 0],
        TRADE: ["chưa gửi", "", 0],
    }
    accepted = EmulationRegistration.objects.filter(year=2020, status="accepted").count()
    assert sum(1 for row in registrations.values() if row[0] == "đã chấp nhận") == accepted
    sent = RegistrationEntry.objects.filter(registration__year=2020, registration__submitted_at__isnull=False)
    assert sum(row[2] for row in registrations.values()) == sent.count()

    initiatives = report["Sáng kiến đăng ký và được công nhận"].rows
    assert {row[0]: row[1:] for row in initiatives[:-1]} == {
        OFFICE: [1, 1],
        PLANNING: [1, 1],
        INDUSTRY: [1, 0],
        TRADE: [1, 0],
    }
    assert initiatives[-1] == ["Tổng", 4, 2]
    assert initiatives[-1][1] == Initiative.objects.filter(year=2020).exclude(result="withdrawn").count()
    assert initiatives[-1][2] == Initiative.objects.filter(year=2020, result="recognised").count()

    grades = report["Đánh giá, xếp loại"].rows
    people = Counter(e.get_grade_display() for e in Evaluation.objects.filter(year=2020, person__isnull=False))
    assert {row[0]: row[1] for row in grades if row[1]} == dict(people)
    assert dict(people) == {"hoàn thành xuất sắc nhiệm vụ": 1, "hoàn thành tốt nhiệm vụ": 11, "hoàn thành nhiệm vụ": 1}
    assert {row[0]: row[2] for row in grades if row[2]} == {
        "hoàn thành xuất sắc nhiệm vụ": 1,
        "hoàn thành tốt nhiệm vụ": 1,
    }

    awards = {row[0]: row[1:] for row in report["Khen thưởng theo danh hiệu và hình thức"].rows}
    assert awards["Lao động tiên tiến"][1] == Award.objects.filter(year=2020, title__code="ldtt").count()
    assert awards == {
        "Lao động tiên tiến": ["danh hiệu thi đua", 12, "", ""],
        "Chiến sĩ thi đua cơ sở": ["danh hiệu thi đua", 1, 1, "100%"],  # 15 % of 12 rounds down to 1
        "Tập thể lao động xuất sắc": ["danh hiệu thi đua", 1, "", ""],
    }

    tasks = report["Tiến độ thực hiện các nhiệm vụ của kế hoạch"].rows
    assert Counter(row[3] for row in tasks) == {"Hoàn thành đúng hạn": 3, "Hoàn thành trễ hạn": 2, "Quá hạn": 1}


def test_the_half_year_counts_what_was_due_by_15_june(records_2020):
    tasks = sections(build_report(2020, "half-year"))["Tiến độ thực hiện các nhiệm vụ của kế hoạch"]
    assert [row[0] for row in tasks.rows] == ["1.1", "1.2", "2.2"]  # dated by 15/06, or undated


AGENCY = {
    "superior_body": "UBND tỉnh Thử Nghiệm",
    "agency_name": "Sở Công Thương Thử Nghiệm",
    "place_name": "Thành phố Thử",
    "signer_capacity": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "signer_name": "Lê Thị Người Ký",
}


def test_the_reports_open_and_hold_the_figures_header_and_signer(records_2020, admin_client, tmp_path):
    make_agency_settings(**AGENCY)
    title = "Tổng kết công tác thi đua, khen thưởng năm 2020"
    response = admin_client.get("/admin/emulation/reports/?year=2020&period=year-end")
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert "Tải Word (.docx)" in html

    download = admin_client.get("/admin/emulation/reports/?year=2020&period=year-end&format=docx")
    assert download.status_code == 200
    document = docx.Document(io.BytesIO(download.content))
    header = ["\n".join(line for line in cell.text.splitlines() if line) for cell in document.tables[0].rows[0].cells]
    assert header[0].startswith("UBND TỈNH THỬ NGHIỆM\nSỞ CÔNG THƯƠNG THỬ NGHIỆM\nSố:")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nThành phố Thử, ngày" in header[1]
    assert title in [p.text for p in document.paragraphs]
    signer = document.tables[-1].rows[0].cells[1].text
    assert signer.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    assert signer.endswith("Lê Thị Người Ký")
    awards_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Danh hiệu / hình thức")
    assert ["Chiến sĩ thi đua cơ sở", "danh hiệu thi đua", "1", "1", "100%"] in [
        [c.text for c in r.cells] for r in awards_table.rows
    ]

    path = tmp_path / "bc.xlsx"
    call_command(
        "report",
        "--year",
        "2020",
        "--period",
        "year-end",
        "--format",
        "xlsx",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "UBND TỈNH THỬ NGHIỆM"
    assert rows[1][0] == "SỞ CÔNG THƯƠNG THỬ NGHIỆM"
    assert rows[3][0] == title
    assert [row[:3] for row in rows if row[0] == "Lao động tiên tiến"] == [
        ("Lao động tiên tiến", "danh hiệu thi đua", 12)
    ]
    assert rows[-1][:2] == ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "Lê Thị Người Ký")


def test_commendation_history_of_a_person_across_the_years(admin_client):
    office = b.unit("VP", name=OFFICE)
    person = b.person("P04", office, grade=Grade.EXCELLENT, year=2020)
    colleague = b.person("P05", office)
    b.grade_person(person, Grade.GOOD, 2018)
    b.grade_person(person, Grade.EXCELLENT, 2019)
    b.register(office, entries=[(person, "cstdcs"), (colleague, "ldtt")])
    for code, year in (("SK2018-01", 2018), ("SK2019-01", 2019), ("SK2020-02", 2020)):
        b.initiative(code, [person], year=year)
    b.initiative("SK2020-09", [colleague])
    signed = b.decision("1302/QĐ-SCT", datetime.date(2019, 12, 19))
    for year in (2018, 2019, 2020):
        b.award(person, "ldtt", year=year)
    b.award(person, "cstdcs", year=2019, decision=signed)
    b.award(person, "cstdcs", year=2020)
    b.award(colleague, "giay-khen")

    response = admin_client.get(f"/admin/emulation/history/person/{person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "<td>SK2019-01 – Sáng kiến SK2019-01</td>",
        "<td>hoàn thành xuất sắc nhiệm vụ</td>",
        "<td>Chiến sĩ thi đua cơ sở</td><td>Quyết định số 1302/QĐ-SCT ngày 19/12/2019</td>",
    ):
        assert text in html
    assert "SK2020-09" not in html  # the colleague's records stay out
    assert "Giấy khen" not in html

    download = admin_client.get(f"/admin/emulation/history/person/{person.pk}/?format=xlsx")
    assert download.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Cán bộ P04"
    records = [(row[0], row[2]) for row in rows[2:]]
    assert Counter(records) == Counter(
        [
            (2020, "Chiến sĩ thi đua cơ sở"),  # the registration
            (2018, "SK2018-01 – Sáng kiến SK2018-01"),
            (2019, "SK2019-01 – Sáng kiến SK2019-01"),
            (2020, "SK2020-02 – Sáng kiến SK2020-02"),
            (2018, "hoàn thành tốt nhiệm vụ"),
            (2019, "hoàn thành xuất sắc nhiệm vụ"),
            (2020, "hoàn thành xuất sắc nhiệm vụ"),
            (2018, "Lao động tiên tiến"),
            (2019, "Lao động tiên tiến"),
            (2020, "Lao động tiên tiến"),
            (2019, "Chiến sĩ thi đua cơ sở"),
            (2020, "Chiến sĩ thi đua cơ sở"),
        ]
    )
    years = [year for year, _detail in records]
    assert years == sorted(years, reverse=True)  # newest first
