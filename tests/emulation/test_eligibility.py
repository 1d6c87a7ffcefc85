import io
import json

import pytest
from django.core.management import call_command

from emulation.models import Grade
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
    out = io.StringIO()
    call_command("eligibility", "--year", "2020", stdout=out)
    text = out.getvalue()
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
    with django_assert_max_num_queries(45) as few:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert "Cán bộ N59" not in response.content.decode()
    for i in range(60):
        b.person(f"N{i}", unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert "Cán bộ N59" in response.content.decode()  # the 60 new people are on the screen, judged


def test_a_year_with_no_rule_set_is_explained(db, admin_client):
    html = admin_client.get("/admin/emulation/eligibility/?year=2010").content.decode()
    assert "Không có khung pháp lý nào áp dụng cho năm 2010" in html
