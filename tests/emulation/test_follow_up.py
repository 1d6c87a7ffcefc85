"""Reminders, reports and commendation history: the office's follow-up, counted from the records."""

import io
from collections import Counter

import docx
import openpyxl
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emulation.models import (
    Award,
    EmulationRegistration,
    EmulationYear,
    Evaluation,
    Initiative,
    Person,
    ReminderLog,
    UnitAccount,
)
from emulation.reports import build_report
from emulation.selectors import missing_units

COMING = timezone.localdate().year + 1


def test_reminders_go_to_exactly_the_units_missing_and_never_twice_a_day(demo, capsys):
    year = EmulationYear.objects.get(year=COMING)
    EmulationRegistration.objects.create(unit=year.participants.get(code="VP"), year=COMING, status="submitted")
    missing = missing_units(year, "registration")
    assert "VP" not in {unit.code for unit in missing}
    assert len(missing) == year.participants.count() - 1

    call_command("send_reminders", "--dry-run")
    assert "Sẽ nhắc" in capsys.readouterr().out
    assert not mail.outbox
    assert not ReminderLog.objects.exists()

    call_command("send_reminders")
    with_accounts = {
        unit.pk for unit in missing if UnitAccount.objects.filter(unit=unit, user__is_active=True).exists()
    }
    registration_mails = [m for m in mail.outbox if "đăng ký thi đua" in m.subject]
    assert len(registration_mails) == len(with_accounts)
    assert "vanphong@demo.thidua.invalid" not in {address for m in registration_mails for address in m.to}
    sent = len(mail.outbox)
    call_command("send_reminders")
    assert len(mail.outbox) == sent  # at most one per unit, deadline and day
    assert ReminderLog.objects.filter(kind="registration").count() == len(with_accounts)


def test_year_end_figures_equal_the_records_counted_independently(demo):
    report = build_report(2020, "year-end")
    sections = {section.title: section for section in report.sections}

    registrations = sections["Đăng ký thi đua theo đơn vị"]
    accepted = EmulationRegistration.objects.filter(year=2020, status="accepted").count()
    assert sum(1 for row in registrations.rows if row[1] == "đã chấp nhận") == accepted == 7
    assert sum(row[3] for row in registrations.rows) == 35

    initiatives = sections["Sáng kiến đăng ký và được công nhận"]
    total = initiatives.rows[-1]
    assert total[1] == Initiative.objects.filter(year=2020).count() == 8
    assert total[2] == Initiative.objects.filter(year=2020, result="recognised").count() == 6

    grades = {row[0]: row[1] for row in sections["Đánh giá, xếp loại"].rows}
    expected = Counter(e.get_grade_display() for e in Evaluation.objects.filter(year=2020, person__isnull=False))
    assert {k: v for k, v in grades.items() if v} == dict(expected)

    awards = {row[0]: row for row in sections["Khen thưởng theo danh hiệu và hình thức"].rows}
    assert awards["Lao động tiên tiến"][2] == Award.objects.filter(year=2020, title__code="ldtt").count() == 32
    assert awards["Chiến sĩ thi đua cơ sở"][2:] == [4, 4, "100%"]  # 15 % of 32 rounds down to 4

    tasks = sections["Tiến độ thực hiện các nhiệm vụ của kế hoạch"]
    states = Counter(row[3] for row in tasks.rows)
    assert states == {"Hoàn thành đúng hạn": 9, "Hoàn thành trễ hạn": 3}


def test_the_half_year_counts_what_was_due_by_15_june(demo):
    report = build_report(2020, "half-year")
    tasks = next(s for s in report.sections if s.title == "Tiến độ thực hiện các nhiệm vụ của kế hoạch")
    assert [row[0] for row in tasks.rows] == ["1.1", "1.2", "2.1", "2.2", "2.3", "4.4"]  # dated by 15/06, or undated


def test_the_reports_open_and_hold_the_figures_header_and_signer(demo, admin_client, tmp_path):
    response = admin_client.get("/admin/emulation/reports/?year=2020&period=year-end")
    html = response.content.decode()
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in html
    assert "Tải Word (.docx)" in html

    document = docx.Document(
        io.BytesIO(admin_client.get("/admin/emulation/reports/?year=2020&period=year-end&format=docx").content)
    )
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[0].startswith("UBND TỈNH GIA LAI\nSỞ CÔNG THƯƠNG\nSố:")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nGia Lai, ngày" in header[1]
    texts = [p.text for p in document.paragraphs]
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in texts
    signer = document.tables[-1].rows[0].cells[1].text
    assert signer.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    assert signer.endswith("Đào Thị Thu Nguyệt")
    awards_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Danh hiệu / hình thức")
    assert ["Chiến sĩ thi đua cơ sở", "danh hiệu thi đua", "4", "4", "100%"] in [
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
    assert rows[0][0] == "UBND TỈNH GIA LAI"
    assert rows[3][0] == "Tổng kết công tác thi đua, khen thưởng năm 2020"
    assert ("Lao động tiên tiến", "danh hiệu thi đua", 32, None, None) in rows or any(
        r[:3] == ("Lao động tiên tiến", "danh hiệu thi đua", 32) for r in rows
    )


def test_commendation_history_of_a_person_across_the_years(demo, admin_client):
    person = Person.objects.get(code="P004")
    html = admin_client.get(f"/admin/emulation/history/person/{person.pk}/").content.decode()
    for text in ("2018", "2019", "2020", "Chiến sĩ thi đua cơ sở", "SK2019-01", "hoàn thành xuất sắc nhiệm vụ"):
        assert text in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin_client.get(f"/admin/emulation/history/person/{person.pk}/?format=xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    # one registration (2020), three initiatives, three grades, seven awards (LĐTT and CSTĐCS 2018–2020, CSTĐCS quota)
    assert rows[0][0] == "Phạm Thị Dung"
    assert len(rows) - 2 == 1 + 3 + 3 + 6
