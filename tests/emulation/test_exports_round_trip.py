"""The records listings (and the initiatives' screen) export the records workbook's own sheets: export → edit in a spreadsheet → import changes
exactly what was edited. Every listing's workbook reads as an office expects: a named sheet, a bold frozen header,
sized columns, dates as dd/mm/yyyy, Có/Không."""

import datetime
import io

import openpyxl
import pytest

from emulation.importers import import_workbook
from emulation.models import Award, Decision, Evaluation, Grade, Person
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
LISTINGS = {
    "units": "/admin/snippets/emulation/unit/",
    "people": "/admin/snippets/emulation/person/",
    "registrations": "/admin/snippets/emulation/emulationregistration/",
    "evaluations": "/admin/snippets/emulation/evaluation/",
    "awards": "/admin/snippets/emulation/award/",
    "initiatives": "/admin/emulation/initiative/",
}


@pytest.fixture
def records(db):
    office, centre = b.unit("VP", name="Văn phòng Sở"), b.unit("TTKC", name="Trung tâm Khuyến công")
    an = b.person("A01", office, grade=Grade.EXCELLENT)
    cuong = b.person("C03", centre)
    b.initiative("SK-2020-VP-01", [an])
    b.grade_unit(centre, Grade.GOOD)
    b.register(office, status="accepted", entries=[(an, "cstdcs")])
    decision = Decision.objects.create(number="125/QĐ-SCT", date=datetime.date(2020, 12, 21), authority="Giám đốc Sở")
    b.award(an, "ldtt", decision=decision, public=True)
    b.award(cuong, "ldtt", decision=decision)
    b.award(centre, "ttldtt", decision=decision, public=True)
    return an, cuong


def export(client, url):
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_an_export_edited_in_a_spreadsheet_imports_back(records, admin_client):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for url in LISTINGS.values():  # the five listings, one workbook, as an office would put them together
        source = export(admin_client, url).active
        sheet = book.create_sheet(source.title)
        for row in source.iter_rows(values_only=True):
            sheet.append(row)
    unchanged = io.BytesIO()
    book.save(unchanged)
    result = import_workbook(io.BytesIO(unchanged.getvalue()))
    assert dict(result.counts) == {  # imported back as it was exported: nothing new, nothing changed
        "Đơn vị": {"created": 0, "updated": 0, "unchanged": 2},
        "Cá nhân": {"created": 0, "updated": 0, "unchanged": 2},
        "Đăng ký thi đua": {"created": 0, "updated": 0, "unchanged": 1},
        "Đánh giá": {"created": 0, "updated": 0, "unchanged": 3},
        "Khen thưởng": {"created": 0, "updated": 0, "unchanged": 3},
        "Sáng kiến": {"created": 0, "updated": 0, "unchanged": 1},
    }

    people = book["Cá nhân"]
    header = [cell.value for cell in people[1]]
    row = next(r for r in people.iter_rows(min_row=2) if r[0].value == "C03")
    row[header.index("Chức vụ")].value = "Phó Giám đốc Trung tâm"
    awards = book["Khen thưởng"]
    header = [cell.value for cell in awards[1]]
    row = next(r for r in awards.iter_rows(min_row=2) if r[1].value == "C03")
    row[header.index("Công khai")].value = "Có"
    edited = io.BytesIO()
    book.save(edited)
    result = import_workbook(io.BytesIO(edited.getvalue()))
    assert result.counts["Cá nhân"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert result.counts["Khen thưởng"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert result.counts["Sáng kiến"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert Person.objects.get(code="C03").position == "Phó Giám đốc Trung tâm"
    assert Award.objects.get(person__code="C03").public is True
    assert Award.objects.count() == 3  # nothing added
    assert Evaluation.objects.count() == 3  # two people and a unit, as before


def test_every_listing_reads_as_an_office_expects(records, admin_client):
    for key, url in {**LISTINGS, "decisions": "/admin/snippets/emulation/decision/"}.items():
        sheet = export(admin_client, url).active
        assert sheet.title != "Sheet", key
        assert sheet.freeze_panes == "A2", key
        assert all(cell.font.bold for cell in sheet[1] if cell.value), key
        assert all(sheet.column_dimensions[letter].width >= 8 for letter in "AB"), key
        values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not [cell.value for cell in values if cell.value in (True, False, "TRUE", "FALSE")], key
        for cell in values:
            if isinstance(cell.value, datetime.datetime):
                assert cell.number_format in ("DD/MM/YYYY", "DD/MM/YYYY HH:MM"), (key, cell.coordinate)
    awards = export(admin_client, LISTINGS["awards"]).active
    rows = list(awards.iter_rows(min_row=2, values_only=True))
    assert {row[7] for row in rows} == {"Có", "Không"}
    assert all(row[8] for row in rows)  # the unit column filled on every row, people's awards too
    csv = admin_client.get(LISTINGS["awards"] + "?export=csv")
    text = b"".join(csv.streaming_content).decode()
    assert "21/12/2020" in text
    assert "2020-12-21" not in text
