"""The Word report an office would sign: laid out as Nghị định 30/2020/NĐ-CP asks (A4, margins, the header with its
rules, the page number from page 2), with the number, place, date, recipients and signer chosen on the Reports
screen (or on the command line), and dated at the period's end for a past year."""

import datetime
import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Cm

from tests.factories import make_agency_settings

pytestmark = pytest.mark.django_db

URL = "/admin/emulation/reports/"
AGENCY = {
    "superior_body": "UBND tỉnh Thử Nghiệm",
    "agency_name": "Sở Công Thương",
    "place_name": "Thành phố Thử",
    "signer_capacity": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "signer_name": "Lê Thị Người Ký",
    "recipients": "Ban TĐKT tỉnh (b/c);\nLưu: VT, VP.",
}
NAME_WIDTH = Cm(3.7)  # "SỞ CÔNG THƯƠNG" in Times New Roman 13 pt bold
MOTTO_WIDTH = Cm(5.72)  # "Độc lập - Tự do - Hạnh phúc" in Times New Roman 14 pt bold


@pytest.fixture
def agency(db):
    return make_agency_settings(**AGENCY)


def word(client, **params):
    response = client.get(URL, {"year": 2020, "period": "year-end", "format": "docx", **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return docx.Document(io.BytesIO(response.content))


def lines(cell):
    return [paragraph.text for paragraph in cell.paragraphs]


def rule_under(cell, text):
    """The paragraph right after the one reading `text`, which must draw a rule: a bottom border, nothing written."""
    paragraphs = cell.paragraphs
    index = [paragraph.text for paragraph in paragraphs].index(text)
    rule = paragraphs[index + 1]
    assert rule.text == ""
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    left, right = rule.paragraph_format.left_indent, rule.paragraph_format.right_indent
    assert left == right  # centred
    return cell.width - left - right


def date_line(document):
    return document.tables[0].rows[0].cells[1].paragraphs[-1]


def test_the_report_is_laid_out_as_an_administrative_document(agency, admin_client):
    document = word(admin_client)
    section = document.sections[0]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)
    assert [round(m.cm, 2) for m in (section.top_margin, section.bottom_margin)] == [2.0, 2.0]
    assert (round(section.left_margin.cm, 2), round(section.right_margin.cm, 2)) == (3.0, 2.0)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14

    header = document.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideV")).get(qn("w:val")) == "nil"
    agency_cell, nation_cell = header.rows[0].cells
    assert [text for text in lines(agency_cell) if text] == ["UBND TỈNH THỬ NGHIỆM", "SỞ CÔNG THƯƠNG", "Số: …/BC-SCT"]
    assert [run.bold for run in agency_cell.paragraphs[1].runs] == [True]
    assert not agency_cell.paragraphs[0].runs[0].bold
    assert NAME_WIDTH / 3 <= rule_under(agency_cell, "SỞ CÔNG THƯƠNG") <= NAME_WIDTH / 2
    assert [text for text in lines(nation_cell) if text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thành phố Thử, ngày 31 tháng 12 năm 2020",
    ]
    assert abs(rule_under(nation_cell, "Độc lập - Tự do - Hạnh phúc") - MOTTO_WIDTH) < Cm(0.2)
    assert date_line(document).runs[0].italic

    # The page number: a PAGE field centred in the header, not on the first page.
    assert section.different_first_page_header_footer
    numbered = section.header.paragraphs[0]
    assert numbered.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(node.text for node in numbered._p.iter(qn("w:instrText")))
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[:2] == ["BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm 2020"]
    assert "1. Đăng ký thi đua theo đơn vị" in texts
    units = next(table for table in document.tables if table.rows[0].cells[0].text == "Đơn vị")
    assert [cell.text for cell in units.rows[0].cells] == [
        "Đơn vị",
        "Trạng thái",
        "Danh hiệu tập thể",
        "Số cá nhân đăng ký",
    ]

    recipients, signer = document.tables[-1].rows[0].cells
    heading = recipients.paragraphs[0]
    assert heading.text == "Nơi nhận:" and heading.runs[0].bold and heading.runs[0].italic
    assert lines(recipients)[1:] == ["- Ban TĐKT tỉnh (b/c);", "- Lưu: VT, VP."]
    assert all(paragraph.runs[0].font.size.pt == 11 for paragraph in recipients.paragraphs[1:])
    capacity = signer.paragraphs[:2]
    assert [p.text for p in capacity] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and all(p.runs[0].bold for p in capacity)
    assert lines(signer)[2:-1] == ["", "", "", ""]  # room for the signature and the seal
    assert signer.paragraphs[-1].text == "Lê Thị Người Ký" and signer.paragraphs[-1].runs[0].bold


def test_what_is_chosen_on_the_screen_is_what_the_document_says(agency, admin_client):
    document = word(
        admin_client,
        number="45",
        place="Pleiku",
        issued_on="05/02/2021",
        recipients="Như trên;\n- Thường trực Hội đồng TĐKT tỉnh (b/c);\n\nLưu: VT.",
        signer_capacity="GIÁM ĐỐC",
        signer_name="Trần Văn Giám",
    )
    agency_cell, nation_cell = document.tables[0].rows[0].cells
    assert agency_cell.paragraphs[-1].text == "Số: 45/BC-SCT"
    assert nation_cell.paragraphs[-1].text == "Pleiku, ngày 05 tháng 02 năm 2021"
    recipients, signer = document.tables[-1].rows[0].cells
    assert lines(recipients) == [
        "Nơi nhận:",
        "- Như trên;",
        "- Thường trực Hội đồng TĐKT tỉnh (b/c);",
        "- Lưu: VT.",
    ]
    assert [text for text in lines(signer) if text] == ["GIÁM ĐỐC", "Trần Văn Giám"]


def test_a_past_year_is_dated_at_the_period_end_and_the_current_year_today(agency, admin_client):
    screen = admin_client.get(URL, {"year": 2020, "period": "half-year"}).content.decode()
    assert 'value="15/06/2020"' in screen
    assert 'value="Thành phố Thử"' in screen
    assert "Ban TĐKT tỉnh (b/c);\nLưu: VT, VP.</textarea>" in screen
    assert date_line(word(admin_client, period="half-year")).text == "Thành phố Thử, ngày 15 tháng 6 năm 2020"
    assert date_line(word(admin_client)).text == "Thành phố Thử, ngày 31 tháng 12 năm 2020"

    today = timezone.localdate()
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    expected = f"Thành phố Thử, ngày {today.day:02d} tháng {month} năm {today.year}"
    assert date_line(word(admin_client, year=today.year)).text == expected
    assert (
        f'value="{today:%d/%m/%Y}"'
        in admin_client.get(URL, {"year": today.year, "period": "year-end"}).content.decode()
    )


def test_a_bad_date_is_refused_next_to_the_field_with_everything_kept(agency, admin_client):
    response = admin_client.get(
        URL,
        {
            "year": 2020,
            "period": "year-end",
            "format": "docx",
            "number": "45",
            "issued_on": "31/02/2020",
            "place": "Pleiku",
            "recipients": "Như trên;\nLưu: VT.",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/12/2020." in html
    assert 'value="31/02/2020"' in html and 'value="45"' in html and 'value="Pleiku"' in html
    assert "Như trên;\nLưu: VT.</textarea>" in html
    assert "Chưa tạo được báo cáo Word" in html

    blank = admin_client.get(URL, {"year": 2020, "period": "year-end", "format": "docx", "place": "", "recipients": ""})
    assert blank.status_code == 200
    html = blank.content.decode()
    assert "Nhập địa danh ở dòng ngày tháng, ví dụ Gia Lai." in html
    assert "Ghi ít nhất một nơi nhận, mỗi nơi một dòng." in html


def test_the_reports_screen_asks_a_fixed_number_of_queries(agency, admin_client, django_assert_num_queries):
    admin_client.get(URL, {"year": 2020, "period": "year-end"})  # warm: sessions, site, settings
    with django_assert_num_queries(QUERIES):
        response = admin_client.get(URL, {"year": 2020, "period": "year-end"})
    assert response.status_code == 200
    assert "Tải Word (.docx)" in response.content.decode()


QUERIES = 21  # the figures (aggregates), the session and user, the agency settings, the template in use


def test_the_command_takes_the_same_choices_and_defaults(agency, tmp_path):
    path = tmp_path / "bc.docx"
    common = ["--year", "2020", "--period", "year-end", "--format", "docx", "--output", str(path)]
    call_command("report", *common, stdout=io.StringIO())
    document = docx.Document(path)
    assert document.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số: …/BC-SCT"
    assert date_line(document).text == "Thành phố Thử, ngày 31 tháng 12 năm 2020"
    assert lines(document.tables[-1].rows[0].cells[0])[1:] == ["- Ban TĐKT tỉnh (b/c);", "- Lưu: VT, VP."]

    call_command(
        "report",
        *common,
        "--number",
        "7",
        "--date",
        "10/01/2021",
        "--place",
        "Pleiku",
        "--recipient",
        "Như trên;",
        "--recipient",
        "Lưu: VT.",
        "--signer",
        "Trần Văn Giám",
        stdout=io.StringIO(),
    )
    document = docx.Document(path)
    assert document.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số: 7/BC-SCT"
    assert date_line(document).text == "Pleiku, ngày 10 tháng 01 năm 2021"
    recipients, signer = document.tables[-1].rows[0].cells
    assert lines(recipients)[1:] == ["- Như trên;", "- Lưu: VT."]
    assert signer.paragraphs[-1].text == "Trần Văn Giám"

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("report", *common, "--date", "2021-01-10", stdout=io.StringIO())


def test_the_date_parts_follow_decree_30():
    from portal.documents import date_parts

    assert date_parts(datetime.date(2021, 2, 5)) == {"day": "05", "month": "02", "year": "2021"}
    assert date_parts(datetime.date(2020, 6, 15)) == {"day": "15", "month": "6", "year": "2020"}
    assert date_parts(datetime.date(2020, 12, 31)) == {"day": "31", "month": "12", "year": "2020"}
