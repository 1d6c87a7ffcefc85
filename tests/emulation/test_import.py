import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from emulation.importers import SHEETS, ImportFailed, import_workbook
from emulation.models import (
    Award,
    Decision,
    EmulationRegistration,
    Evaluation,
    Initiative,
    Person,
    RegistrationEntry,
    Unit,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "units": [
        ["P1", "Phòng Một", "P.1", "phòng chuyên môn", "có"],
        ["P2", "Trung tâm Hai", "", "Trung tâm", "x"],
    ],
    "people": [
        ["A1", "Nguyễn Văn Một", "Trưởng phòng", "P1"],
        ["A2", "Trần Thị Hai", "Chuyên viên", "p1"],
        ["B1", "Lê Văn Ba", "Giám đốc", "P2"],
    ],
    "registrations": [[2019, "P1", "Tập thể lao động tiên tiến", "đã chấp nhận", "20/02/2019", ""]],
    "entries": [[2019, "A1", "chien sy thi dua cap co so"], [2019, "A2", "Lao động tiên tiến"]],
    "initiatives": [
        ["SK-19-1", 2019, "Sổ tay nghiệp vụ", "A1", "P1", datetime.datetime(2019, 8, 1), "được công nhận", "cơ sở", 85]
    ],
    "evaluations": [
        [2019, "A1", "cá nhân", "Hoàn thành xuất sắc nhiệm vụ", ""],
        [2019, "A2", "cá nhân", "hoàn thành tốt nhiệm vụ", ""],
        [2019, "B1", "cá nhân", "hoàn thành nhiệm vụ", "khiển trách"],
        [2019, "P1", "tập thể", "hoàn thành tốt nhiệm vụ", ""],
    ],
    "awards": [
        [2019, "A2", "cá nhân", "Lao động tiên tiến", "12/QĐ-SCT", "20/12/2019", "Sở Công Thương", "không"],
        [2019, "A1", "cá nhân", "Lao động tiên tiến", "12/QĐ-SCT", "20/12/2019", "Sở Công Thương", "không"],
        [2019, "B1", "cá nhân", "Lao động tiên tiến", "12/QĐ-SCT", "20/12/2019", "Sở Công Thương", "có"],
    ],
}


def workbook(data=None, *, shuffle_columns=False, drop=None):
    data = {key: [list(row) for row in rows] for key, rows in (data or GOOD).items()}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, (name, columns) in SHEETS.items():
        if key not in data or key == drop:
            continue
        sheet = book.create_sheet(name)
        order = list(reversed(range(len(columns)))) if shuffle_columns else list(range(len(columns)))
        sheet.append([columns[i] for i in order] + ["Cột thừa"])
        for row in data[key]:
            row = row + [""] * (len(columns) - len(row))
            sheet.append([row[i] for i in order] + ["bỏ qua"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def counts():
    return [
        m.objects.count()
        for m in (Unit, Person, EmulationRegistration, RegistrationEntry, Initiative, Evaluation, Decision, Award)
    ]


def test_a_good_workbook_imports_and_a_second_import_changes_nothing():
    result = import_workbook(workbook(shuffle_columns=True))
    assert counts() == [2, 3, 1, 2, 1, 4, 1, 3]
    assert result.counts["Cá nhân"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert Person.objects.get(code="A2").unit.code == "P1"  # codes are matched without regard to case
    entry_titles = set(RegistrationEntry.objects.values_list("title__code", flat=True))
    assert entry_titles == {"cstdcs", "ldtt"}  # "chien sy thi dua cap co so" is Chiến sĩ thi đua cơ sở
    initiative = Initiative.objects.get()
    assert [a.code for a in initiative.authors.all()] == ["A1"]
    assert initiative.registered_on == datetime.date(2019, 8, 1)
    # B1 was graded 'hoàn thành nhiệm vụ' and disciplined: the award is history, recorded with warnings.
    assert any("Lê Văn Ba" in w and "khiển trách" in w for w in result.warnings)
    assert any("Lê Văn Ba" in w and "hoàn thành tốt nhiệm vụ" in w for w in result.warnings)
    second = import_workbook(workbook())
    assert counts() == [2, 3, 1, 2, 1, 4, 1, 3]
    assert all(c["created"] == 0 and c["updated"] == 0 for c in second.counts.values())


def test_a_changed_row_is_updated():
    import_workbook(workbook())
    data = dict(GOOD, people=[["A1", "Nguyễn Văn Một", "Phó Giám đốc", "P1"]])
    result = import_workbook(workbook(data))
    assert result.counts["Cá nhân"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert Person.objects.get(code="A1").position == "Phó Giám đốc"


BAD_ROWS = [
    (
        "people",
        ["A9", "Người Lạ", "", "KHONGCO"],
        "Trang tính “Cá nhân”, dòng 5, cột “Mã đơn vị”",
        "không có đơn vị nào mã “KHONGCO”",
    ),
    (
        "entries",
        [2019, "A1", "Danh hiệu bịa"],
        "“Đăng ký cá nhân”",
        "danh hiệu không có trong danh mục: “Danh hiệu bịa”",
    ),
    ("evaluations", [2019, "P2", "tập thể", "tốt lắm", ""], "“Đánh giá”", "“tốt lắm” không thuộc các giá trị"),
    (
        "awards",
        [2019, "B1", "cá nhân", "Giấy khen", "13/QĐ", "31/02/2019", "Sở", "không"],
        "“Khen thưởng”",
        "“31/02/2019” không phải ngày theo dạng dd/mm/yyyy",
    ),
    ("units", ["P1", "Phòng Một lặp", "", "khác", "có"], "“Đơn vị”", "trùng với dòng 2"),
    (
        "initiatives",
        ["SK-X", "năm ngoái", "Tên", "A1", "P1", "", "chưa chấm", "", ""],
        "“Sáng kiến”",
        "“năm ngoái” không phải là năm",
    ),
    (
        "entries",
        [2020, "A1", "Lao động tiên tiến"],
        "“Đăng ký cá nhân”",
        "đơn vị P1 chưa có bản đăng ký thi đua năm 2020",
    ),
]


@pytest.mark.parametrize(("sheet", "row", "where", "message"), BAD_ROWS)
def test_a_bad_row_refuses_the_whole_file_and_says_where(sheet, row, where, message):
    data = {key: list(rows) for key, rows in GOOD.items()}
    data[sheet] = data[sheet] + [row]
    with pytest.raises(ImportFailed) as failed:
        import_workbook(workbook(data))
    assert counts() == [0, 0, 0, 0, 0, 0, 0, 0]
    errors = failed.value.errors
    assert len(errors) == 1, errors
    assert where in errors[0], errors[0]
    assert message in errors[0], errors[0]


def test_missing_columns_and_not_a_workbook_are_explained():
    book = openpyxl.Workbook()
    book.active.title = "Cá nhân"
    book.active.append(["Mã", "Họ và tên"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportFailed) as failed:
        import_workbook(buffer)
    assert failed.value.errors == ["Trang tính “Cá nhân”: thiếu cột “Chức vụ”, “Mã đơn vị”."]
    with pytest.raises(ImportFailed) as failed:
        import_workbook(io.BytesIO(b"not a workbook"))
    assert failed.value.errors[0].startswith("Tệp tải lên không phải tệp Excel (.xlsx)")


def test_imported_text_is_kept_as_written_and_never_becomes_markup(admin_client):
    typed = "<script>alert(1)</script>Lê <b>Thị</b> Tư &lt;i&gt; a < b"
    data = dict(GOOD, people=GOOD["people"] + [["A3", typed, "", "P1"]])
    import_workbook(workbook(data))
    person = Person.objects.get(code="A3")
    assert person.full_name == typed  # as written in the cell: no tag dropped, no entity decoded into markup
    listing = admin_client.get("/admin/snippets/emulation/person/?q=A3")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Lê &lt;b&gt;Thị&lt;/b&gt; Tư &amp;lt;i&amp;gt; a &lt; b" in html
    assert "<script>alert(1)" not in html


def test_import_command_prints_a_summary_and_fails_cleanly(tmp_path, capsys):
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(workbook().getvalue())
    call_command("import_records", str(path))
    out = capsys.readouterr().out
    assert "Cá nhân: tạo mới 3, cập nhật 0, không đổi 0" in out
    assert "Đã nhập xong." in out
    bad = dict(GOOD, people=GOOD["people"] + [["A9", "X", "", "KHONGCO"]])
    path.write_bytes(workbook(bad).getvalue())
    with pytest.raises(CommandError) as error:
        call_command("import_records", str(path))
    assert "Không nhập gì: có 1 lỗi cần sửa." in str(error.value)


def test_the_admin_upload_is_the_same_import(admin_client):
    page = admin_client.get("/admin/emulation/import/").content.decode()
    assert "Tải tệp mẫu" in page
    template = admin_client.get("/admin/emulation/import/template.xlsx")
    sheets = openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames
    assert sheets == [name for name, _ in SHEETS.values()]
    upload = workbook()
    upload.name = "ho-so.xlsx"
    html = admin_client.post("/admin/emulation/import/", {"workbook": upload}).content.decode()
    assert "Cá nhân: tạo mới 3, cập nhật 0, không đổi 0" in html
    assert Person.objects.count() == 3
