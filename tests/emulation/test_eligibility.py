import io
import json
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from emulation import rules, services
from emulation.models import EmulationYear, Grade, Unit
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_year():
    """A hand-made 2020: one unit, four people, one of them with an initiative, one disciplined."""
    unit = b.unit("VP")
    b.grade_unit(unit, Grade.EXCELLENT)
    ann = b.person("A", unit, grade=Grade.EXCELLENT)
    binh = b.person("B", unit)
    chi = b.person("C", unit, grade=Grade.COMPLETED)
    dung = b.person("D", unit, discipline=2)
    b.register(unit, collective="ttldxs", entries=[(ann, "cstdcs"), (binh, "ldtt"), (chi, "ldtt"), (dung, "ldtt")])
    b.initiative("SK1", [ann])
    b.plan_year(2020)
    return unit, [ann, binh, chi, dung]


def eligibility_json(year):
    out = io.StringIO()
    call_command("eligibility", "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def expected_by_hand():
    """What the rules say for the small year, worked out by hand."""
    ldtt = {"A": True, "B": True, "C": False, "D": False}  # C graded 'hoàn thành'; D disciplined (cảnh cáo)
    cstdcs = {"A": True, "B": False, "C": False, "D": False}  # only A registered for it and has an initiative
    return ldtt, cstdcs


def test_eligibility_json_matches_the_rules_worked_by_hand(small_year):
    document = eligibility_json(2020)
    assert document["year"] == 2020
    assert document["rule_set"] == "2020 — Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP"
    ldtt, cstdcs = expected_by_hand()
    people = {c["code"]: c for c in document["candidates"] if c["kind"] == "person"}
    assert set(people) == {"A", "B", "C", "D"}
    for code, candidate in people.items():
        titles = {t["title"]: t for t in candidate["titles"]}
        assert titles["Lao động tiên tiến"]["eligible"] is ldtt[code], code
        assert titles["Chiến sĩ thi đua cơ sở"]["eligible"] is cstdcs[code], code
        for title in titles.values():
            assert title["eligible"] is (not title["reasons"])
            for reason in title["reasons"]:
                assert set(reason) == {"rule", "source", "message"}
                assert reason["message"]
                assert reason["source"]
    # A failing candidate gets every rule it fails, not only the first.
    d_reasons = {
        r["rule"] for t in people["D"]["titles"] if t["title"] == "Chiến sĩ thi đua cơ sở" for r in t["reasons"]
    }
    assert {"presupposes", "registration-required", "initiative-required"} <= d_reasons
    unit = next(c for c in document["candidates"] if c["kind"] == "unit")
    titles = {t["title"]: t for t in unit["titles"]}
    # 2 of 4 members reach LĐTT: not more than half, not 70 %; one member disciplined at cảnh cáo.
    assert not titles["Tập thể lao động tiên tiến"]["eligible"]
    assert {r["rule"] for r in titles["Tập thể lao động tiên tiến"]["reasons"]} == {"member-share", "no-discipline"}
    assert {r["rule"] for r in titles["Tập thể lao động xuất sắc"]["reasons"]} == {"member-share", "no-discipline"}
    assert document["quotas"] == [
        {"title": "Chiến sĩ thi đua cơ sở", "base_title": "Lao động tiên tiến", "base": 2, "max": 0}
    ]


def test_eligibility_text_output_names_rules_and_sources(small_year):
    out, err = io.StringIO(), io.StringIO()
    call_command("eligibility", "--year", "2020", stdout=out, stderr=err)
    text = out.getvalue()
    progress = err.getvalue()  # the progress bar goes to standard error, the result alone to standard output
    assert "hồ sơ [##############################] 1/1" in progress
    assert re.search(r"danh hiệu \[#{30}\] (\d+)/\1", progress)
    assert "[#" not in text
    assert "✓ Lao động tiên tiến" in text
    assert "[no-discipline; Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 28 khoản 1 điểm c]" in text


def test_eligibility_screen_shows_the_same(small_year, admin_client):
    html = admin_client.get("/admin/emulation/eligibility/?year=2020").content.decode()
    assert "Xét điều kiện khen thưởng" in html
    assert "Cán bộ C" in html
    assert "Năm 2020 được xếp loại “hoàn thành nhiệm vụ”" in html
    assert "Chiến sĩ thi đua cơ sở: tối đa 0" in html


def test_eligibility_screen_query_count_does_not_grow_with_people(
    small_year, admin_client, django_assert_max_num_queries
):
    unit = small_year[0]
    url = "/admin/emulation/eligibility/?year=2020"
    assert admin_client.get(url).status_code == 200
    # The first view after a change judges everybody once for the counts (the summary), then the page's candidates.
    rules.records_changed()
    with django_assert_max_num_queries(45) as cold:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert "Cán bộ N59" not in response.content.decode()
    # Later views read the summary: only the page's candidates are judged.
    with django_assert_max_num_queries(len(cold.captured_queries) - 5) as warm:
        admin_client.get(url)
    for i in range(60):
        b.person(f"N{i}", unit)
    pages = []
    for page, budget in ((1, cold), (2, warm)):
        with django_assert_max_num_queries(len(budget.captured_queries)):
            response = admin_client.get(f"{url}&page={page}")
        assert response.status_code == 200
        pages.append(response.content.decode())
    # fifty candidates a page, the 60 new people among them, judged; the counts cover every candidate
    assert pages[0].count("<td><strong>") == 50 and "Trang 1 / 2" in pages[0]
    assert "Cán bộ N59" in pages[0] + pages[1] and "Trang 2 / 2" in pages[1]
    assert counts(response)["Lao động tiên tiến"] == (2, 64)
    # The unit, alone on page 2, is judged with its members (its collective titles count them): as the command says.
    unit_row = next(c for c in eligibility_json(2020)["candidates"] if c["kind"] == "unit")
    for item in unit_row["titles"]:
        assert ("✓ " if item["eligible"] else "✗ ") + item["title"] in pages[1]
    assert any(not item["eligible"] for item in unit_row["titles"])


def test_the_counts_follow_every_change_to_the_records(small_year, admin_client):
    unit, (ann, binh, chi, dung) = small_year
    url = "/admin/emulation/eligibility/?year=2020"
    assert counts(admin_client.get(url))["Lao động tiên tiến"] == (2, 4)
    evaluation = chi.evaluations.get(year=2020)
    evaluation.grade = Grade.GOOD
    evaluation.save()  # as the admin's edit form does
    assert counts(admin_client.get(url))["Lao động tiên tiến"] == (3, 4)
    chi.evaluations.filter(year=2020).delete()
    assert counts(admin_client.get(url))["Lao động tiên tiến"] == (2, 4)
    assert counts(admin_client.get(url))["Chiến sĩ thi đua cơ sở"] == (1, 4)
    initiative = ann.initiatives.get()
    initiative.authors = [binh]  # Ann's initiative is Bình's after all: Ann has none left
    initiative.save()
    assert counts(admin_client.get(url))["Chiến sĩ thi đua cơ sở"] == (0, 4)


def test_a_year_with_no_rule_set_is_explained(db, admin_client):
    html = admin_client.get("/admin/emulation/eligibility/?year=2010").content.decode()
    assert "Không có khung pháp lý nào có hiệu lực vào ngày 31/12/2010" in html


# -- one reason per failed condition, no council, no non-failure ------------------------------------------------
INITIATIVE_MESSAGE = "Không có sáng kiến được công nhận (phạm vi cơ sở trở lên) trong năm 2020"
BOTH_SOURCES = "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 điểm b; Kế hoạch năm (mục IV.1)"


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_law_row_and_a_plan_row_of_the_same_condition_give_one_reason_with_both_sources(small_year, admin_client):
    document = eligibility_json(2020)
    people = {c["code"]: c for c in document["candidates"] if c["kind"] == "person"}
    for code in ("B", "C", "D"):  # none of them has a recognised initiative
        cstdcs = next(t for t in people[code]["titles"] if t["title"] == "Chiến sĩ thi đua cơ sở")
        initiative = [r for r in cstdcs["reasons"] if r["rule"] == "initiative-required"]
        assert len(initiative) == 1, code
        assert initiative[0]["source"] == BOTH_SOURCES
        rules = [r["rule"] for r in cstdcs["reasons"]]
        assert len(rules) == len(set(rules)), code  # no condition twice
    cstdcs = b.title("cstdcs")
    text = page_text(admin_client.get(f"/admin/emulation/eligibility/?year=2020&title={cstdcs.pk}"))
    assert text.count(INITIATIVE_MESSAGE) == 3  # B, C and D, once each
    assert f"({BOTH_SOURCES})" in text


def test_a_council_is_not_judged(small_year, admin_client):
    council = b.unit("HDTDKT", name="Hội đồng Thi đua – Khen thưởng Sở", kind=Unit.Kind.COUNCIL)
    document = eligibility_json(2020)
    assert "HDTDKT" not in {c["code"] for c in document["candidates"]}
    assert {c["code"] for c in document["candidates"] if c["kind"] == "unit"} == {"VP"}
    text = page_text(admin_client.get("/admin/emulation/eligibility/?year=2020"))
    assert "Hội đồng Thi đua – Khen thưởng Sở" not in text
    assert "Cán bộ A" in text
    # Nor can an award be given to it.
    with pytest.raises(ValidationError) as refused:
        services.award_create(year=2020, unit=council, title=b.title("giay-khen"))
    assert refused.value.message_dict["title"] == [
        "Hội đồng Thi đua – Khen thưởng Sở là hội đồng: không thuộc diện xét danh hiệu thi đua hay hình thức khen "
        "thưởng. (2020 — Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP)"
    ]


def test_a_condition_that_holds_gives_no_reason(db):
    b.plan_year(2020)
    done = b.unit("KHTC")
    b.grade_unit(done, Grade.EXCELLENT)
    for code in ("K1", "K2"):
        b.person(code, done, grade=Grade.COMPLETED)  # every member completed their tasks, none reached LĐTT
    empty = b.unit("QLTM")
    b.grade_unit(empty, Grade.EXCELLENT)
    document = eligibility_json(2020)
    units = {c["code"]: c for c in document["candidates"] if c["kind"] == "unit"}
    for code in ("KHTC", "QLTM"):
        ttldxs = next(t for t in units[code]["titles"] if t["title"] == "Tập thể lao động xuất sắc")
        assert not ttldxs["eligible"]
        rules = {r["rule"] for r in ttldxs["reasons"]}
        assert "members-completed" not in rules, code  # it holds: no member short
        assert "no-discipline" not in rules, code
        assert "min-grade" not in rules, code
        assert not any(r["message"].startswith("0 ") for r in ttldxs["reasons"]), code
    messages = {r["message"] for t in units["QLTM"]["titles"] for r in t["reasons"]}
    assert "Chưa có thành viên đang hoạt động: không thể đạt tỷ lệ thành viên." in messages


# -- the screen: filters, counts, export, the open year -----------------------------------------------------------
@pytest.fixture
def two_units(small_year):
    """The small year, and a second unit with two people graded 'hoàn thành tốt' who registered for LĐTT."""
    other = b.unit("QLNL", name="Phòng Quản lý Năng lượng")
    b.grade_unit(other)
    people = [b.person(code, other) for code in ("E", "F")]
    b.register(other, entries=[(p, "ldtt") for p in people])
    return small_year[0], other


def counts(response):
    """{title: (eligible, judged)} from the screen's table of counts."""
    html = response.content.decode()
    table = html[html.index("eligibility-counts") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>", table)
    return {title: (int(eligible), int(judged)) for title, eligible, judged in rows}


def test_the_screen_filters_by_unit_title_and_result_and_counts_per_title(two_units, admin_client):
    vp, other = two_units
    url = "/admin/emulation/eligibility/?year=2020"
    response = admin_client.get(url)
    assert counts(response)["Lao động tiên tiến"] == (4, 6)  # A, B, E, F of six people
    assert counts(response)["Tập thể lao động tiên tiến"] == (1, 2)  # QLNL: both members reach LĐTT

    by_unit = admin_client.get(f"{url}&unit={other.pk}")
    text = page_text(by_unit)
    assert "Cán bộ E" in text and "Cán bộ F" in text and "Phòng Quản lý Năng lượng" in text
    assert "Cán bộ A" not in text
    assert counts(by_unit)["Lao động tiên tiến"] == (2, 2)

    ldtt = b.title("ldtt")
    by_title = admin_client.get(f"{url}&title={ldtt.pk}")
    text = page_text(by_title)
    assert "✓ Lao động tiên tiến" in text and "✗ Lao động tiên tiến" in text
    assert "Chiến sĩ thi đua cơ sở" not in text.split("Số lượng theo danh hiệu, hình thức")[1].replace(
        "Chiến sĩ thi đua cơ sở: tối đa", ""
    )
    assert set(counts(by_title)) == {"Lao động tiên tiến"}

    refused = admin_client.get(f"{url}&title={ldtt.pk}&eligible=no")
    text = page_text(refused)
    assert "✗ Lao động tiên tiến" in text and "✓ Lao động tiên tiến" not in text
    assert "Cán bộ C" in text and "Cán bộ D" in text and "Cán bộ A" not in text
    assert counts(refused)["Lao động tiên tiến"] == (4, 6)  # the counts cover the unit and title chosen

    eligible = admin_client.get(f"{url}&unit={vp.pk}&eligible=yes")
    text = page_text(eligible)
    assert "✗" not in text and "✓ Lao động tiên tiến" in text and "Cán bộ C" not in text

    bad = admin_client.get(f"{url}&unit=999999&eligible=maybe")
    assert bad.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in page_text(bad)


def test_a_page_of_candidates_is_judged_as_in_the_whole_run(two_units):
    """The screen judges only its page: a unit with its members (whom its collective titles count), a person alone."""
    vp, other = two_units
    whole = {(c["kind"], c["code"]): c for c in rules.eligibility(2020)["candidates"]}
    e = other.people.get(code="E")
    page = rules.eligibility(2020, keys=[("unit", other.pk), ("person", e.pk)])
    assert [(c["kind"], c["code"]) for c in page["candidates"]] == [("person", "E"), ("unit", "QLNL")]
    assert page["quotas"] is None  # a page cannot count everybody
    for candidate in page["candidates"]:
        assert candidate["titles"] == whole[(candidate["kind"], candidate["code"])]["titles"]
    ttldtt = next(item for item in page["candidates"][1]["titles"] if item["title"].code == "ttldtt")
    assert ttldtt["eligible"]  # half its members are LĐTT: it needs them judged


def test_the_export_holds_what_the_screen_shows(two_units, admin_client):
    vp, other = two_units
    ldtt = b.title("ldtt")
    response = admin_client.get(f"/admin/emulation/eligibility/?year=2020&unit={vp.pk}&title={ldtt.pk}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="xet-dieu-kien-khen-thuong-2020.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Xét điều kiện khen thưởng"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Mã",
        "Tên",
        "Cá nhân hay tập thể",
        "Đơn vị",
        "Danh hiệu / hình thức",
        "Đủ điều kiện",
        "Cấp quyết định",
        "Lý do",
        "Căn cứ",
    )
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"A", "B", "C", "D"}  # the unit's people, judged for LĐTT; not QLNL's, not the unit
    assert by_code["A"][1:7] == ("Cán bộ A", "cá nhân", "Phòng VP", "Lao động tiên tiến", "Có", "Giám đốc Sở")
    assert by_code["A"][7] is None
    assert by_code["C"][5] == "Không"
    assert by_code["C"][7] == (
        "Năm 2020 được xếp loại “hoàn thành nhiệm vụ”: Lao động tiên tiến cần xếp loại “hoàn thành tốt nhiệm vụ” "
        "trở lên."
    )
    assert by_code["C"][8] == "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 24 khoản 1 điểm a"
    assert sheet.column_dimensions["H"].width > 20


def test_the_screen_opens_on_the_year_in_progress(small_year, admin_client):
    html = admin_client.get("/admin/emulation/eligibility/").content.decode()
    assert "2020 — Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP" in html  # the only year: the latest
    b.plan_year(2021)  # past deadlines too: the latest year is opened
    assert "2021 — Luật TĐKT 2003 (sđ 2013)" in admin_client.get("/admin/emulation/eligibility/").content.decode()
    coming = timezone.localdate().year + 1
    b.open_year(coming)  # its deadlines are ahead
    b.plan_year(coming + 3)  # a later year with no deadline set (below): not in progress
    EmulationYear.objects.filter(year=coming + 3).update(registration_deadline=None, initiative_deadline=None)
    html = admin_client.get("/admin/emulation/eligibility/").content.decode()
    assert f"{coming} — Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP" in html
    assert f'name="year" value="{coming}"' in html
    # A year asked for is shown, whatever is in progress.
    assert "2020 — Luật TĐKT" in admin_client.get("/admin/emulation/eligibility/?year=2020").content.decode()


def test_the_filtered_screen_keeps_its_query_count_as_units_and_people_grow(
    two_units, admin_client, django_assert_max_num_queries
):
    vp, other = two_units
    url = f"/admin/emulation/eligibility/?year=2020&title={b.title('ldtt').pk}&eligible=no"
    assert admin_client.get(url).status_code == 200
    rules.records_changed()  # the first view after a change, which judges everybody for the counts
    with django_assert_max_num_queries(45) as few:
        admin_client.get(url)
    for number in range(8):
        unit = b.unit(f"N{number}", name=f"Đơn vị N{number}")
        b.grade_unit(unit)
        for person_number in range(5):
            b.person(f"N{number}-{person_number}", unit, grade=Grade.COMPLETED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)
    assert "Cán bộ N7-4" in page_text(response)
    assert counts(response)["Lao động tiên tiến"] == (4, 46)
