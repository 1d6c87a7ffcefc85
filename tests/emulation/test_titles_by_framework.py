"""Every title a Sở meets, under each framework that judges it: a candidate who meets it, and candidates who each
miss one condition, with the rule that refuses them (2020: Nghị định 91/2017 with the plan's rules; 2024: Nghị định
98/2023; 2026: Nghị định 152/2025). Built on the records, judged by rules.eligibility (the screen and the JSON)."""

import pytest

from emulation import rules
from emulation.models import Discipline, Evaluation, Grade, Scope
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
HTXS, HTT, HT = Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED


def failed(year, code, title):
    """The rule ids that refuse the candidate `code` the title in the year's run ([] when eligible)."""
    result = rules.eligibility(year)
    [candidate] = [c for c in result["candidates"] if c["code"] == code]
    [item] = [t for t in candidate["titles"] if t["title"].name == title]
    return sorted({reason.rule for reason in item["reasons"]})


def grades(person, by_year):
    for year, grade in by_year.items():
        Evaluation.objects.update_or_create(person=person, year=year, defaults={"grade": grade})


# -- individual titles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2026])
def test_lao_dong_tien_tien(year):
    unit = b.unit("VP")
    b.person("OK", unit, grade=HTT, year=year)
    b.person("LOW", unit, grade=HT, year=year)
    b.person("NONE", unit, grade=None)
    assert failed(year, "OK", "Lao động tiên tiến") == []
    assert failed(year, "LOW", "Lao động tiên tiến") == ["min-grade"]
    assert failed(year, "NONE", "Lao động tiên tiến") == ["min-grade"]


def test_lao_dong_tien_tien_in_2020():
    unit = b.unit("VP")
    b.plan_year(2020)
    ok, low, punished = (b.person(code, unit, grade=grade) for code, grade in (("OK", HTT), ("LOW", HT), ("D", HTT)))
    Evaluation.objects.filter(person=punished).update(discipline=Discipline.REPRIMAND)
    b.person("U", unit, grade=HTT)
    b.register(unit, entries=[(p, "ldtt") for p in (ok, low, punished)])
    assert failed(2020, "OK", "Lao động tiên tiến") == []
    assert failed(2020, "LOW", "Lao động tiên tiến") == ["min-grade"]
    assert failed(2020, "D", "Lao động tiên tiến") == ["no-discipline"]
    assert failed(2020, "U", "Lao động tiên tiến") == ["registration-required"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_chien_si_thi_dua_co_so(year):
    unit = b.unit("VP")
    b.person("HTXS", unit, grade=HTXS, year=year)
    inventor = b.person("SK", unit, grade=HTT, year=year)
    b.initiative(f"SK-{year}", [inventor], year=year)
    b.person("PLAIN", unit, grade=HTT, year=year)
    b.person("LOW", unit, grade=HT, year=year)
    assert failed(year, "HTXS", "Chiến sĩ thi đua cơ sở") == []
    assert failed(year, "SK", "Chiến sĩ thi đua cơ sở") == []
    assert failed(year, "PLAIN", "Chiến sĩ thi đua cơ sở") == ["initiative-or-excellent"]
    assert failed(year, "LOW", "Chiến sĩ thi đua cơ sở") == ["initiative-or-excellent", "presupposes"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_chien_si_thi_dua_cap_tinh(year):
    unit = b.unit("VP")
    star = b.person("STAR", unit, grade=HTXS, year=year)
    for earlier in (year - 2, year - 1):
        b.award(star, "cstdcs", year=earlier)
    b.initiative(f"SK-T{year}", [star], year=year, scope=Scope.PROVINCE)
    short = b.person("SHORT", unit, grade=HTXS, year=year)  # only one CSTĐCS before
    b.award(short, "cstdcs", year=year - 1)
    b.initiative(f"SK-S{year}", [short], year=year, scope=Scope.PROVINCE)
    local = b.person("LOCAL", unit, grade=HTXS, year=year)  # the years, but a cơ sở initiative only
    for earlier in (year - 2, year - 1):
        b.award(local, "cstdcs", year=earlier)
    b.initiative(f"SK-L{year}", [local], year=year, scope=Scope.BASE)
    assert failed(year, "STAR", "Chiến sĩ thi đua cấp tỉnh") == []
    assert failed(year, "SHORT", "Chiến sĩ thi đua cấp tỉnh") == ["consecutive-title"]
    assert failed(year, "LOCAL", "Chiến sĩ thi đua cấp tỉnh") == ["initiative-required"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_chien_si_thi_dua_toan_quoc(year):
    unit = b.unit("VP")
    star = b.person("STAR", unit, grade=HTXS, year=year)
    for earlier in (year - 1,):
        b.award(star, "cstd-tinh", year=earlier)
    for earlier in (year - 3, year - 2, year - 1):
        b.award(star, "cstdcs", year=earlier)  # so that CSTĐ tỉnh holds again this year
    b.initiative(f"SK-N{year}", [star], year=year, scope=Scope.NATION)
    once = b.person("ONCE", unit, grade=HTXS, year=year)
    b.initiative(f"SK-O{year}", [once], year=year, scope=Scope.NATION)
    assert failed(year, "STAR", "Chiến sĩ thi đua toàn quốc") == []
    assert failed(year, "ONCE", "Chiến sĩ thi đua toàn quốc") == ["consecutive-title"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_giay_khen(year):
    unit = b.unit("VP")
    b.person("OK", unit, grade=HTT, year=year)
    b.person("LOW", unit, grade=HT, year=year)
    assert failed(year, "OK", "Giấy khen của Giám đốc Sở") == []
    assert failed(year, "LOW", "Giấy khen của Giám đốc Sở") == ["min-grade"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_bang_khen_tinh_for_an_individual(year):
    unit = b.unit("VP")
    a = b.person("A", unit, grade=HTXS, year=year)  # path a
    b.award(a, "cstdcs", year=year - 1)
    grades(a, {year - 1: HTXS})
    b.person("NO", unit, grade=HTT, year=year)
    assert failed(year, "A", "Bằng khen của Chủ tịch UBND tỉnh") == []
    assert failed(year, "NO", "Bằng khen của Chủ tịch UBND tỉnh") == [
        "consecutive-grade",
        "consecutive-title",
        "initiatives-in-period",
    ]


@pytest.mark.parametrize("year", [2024, 2026])
def test_bang_khen_thu_tuong_and_huan_chuong(year):
    unit = b.unit("VP")
    veteran = b.person("V", unit, grade=HTXS, year=year)
    b.award(veteran, "bang-khen-ttg", year=year - 6)
    b.award(veteran, "bang-khen-tinh", year=year - 6)
    grades(veteran, {y: HTT for y in range(year - 5, year)})
    for y in (year - 3, year - 2, year - 1):
        b.award(veteran, "cstdcs", year=y)
    assert failed(year, "V", "Bằng khen của Thủ tướng Chính phủ") == []
    assert failed(year, "V", "Huân chương Lao động hạng Ba") == []
    Evaluation.objects.filter(person=veteran, year=year - 2).update(grade=HT)  # the run of grades broken
    assert failed(year, "V", "Bằng khen của Thủ tướng Chính phủ") == ["holds-then-grades"]
    b.person("N", unit, grade=HTT, year=year)
    assert failed(year, "N", "Huân chương Lao động hạng Ba") == [
        "grade-count-in-period",
        "holds-then-grades",
        "title-count-in-period",
    ]


# -- collective titles ------------------------------------------------------------------------------------------


def collective(code, year, *, unit_grade, member_grades, cstdcs=0):
    unit = b.unit(code)
    people = [b.person(f"{code}-{i}", unit, grade=grade, year=year) for i, grade in enumerate(member_grades)]
    if unit_grade:
        b.grade_unit(unit, unit_grade, year=year)
    for person in people[:cstdcs]:
        b.award(person, "cstdcs", year=year)
    return unit, people


@pytest.mark.parametrize("year", [2024, 2026])
def test_tap_the_lao_dong_tien_tien(year):
    collective("OK", year, unit_grade=HTT, member_grades=[HTT] * 7 + [HT] * 3)
    collective("SHARE", year, unit_grade=HTT, member_grades=[HTT] * 6 + [HT] * 4)
    collective("LOW", year, unit_grade=HT, member_grades=[HTT] * 10)
    _, people = collective("WARN", year, unit_grade=HTT, member_grades=[HTT] * 10)
    Evaluation.objects.filter(person=people[0], year=year).update(discipline=Discipline.WARNING)
    assert failed(year, "OK", "Tập thể lao động tiên tiến") == []
    assert failed(year, "SHARE", "Tập thể lao động tiên tiến") == ["member-share"]
    assert failed(year, "LOW", "Tập thể lao động tiên tiến") == ["min-grade"]
    assert "no-discipline" in failed(year, "WARN", "Tập thể lao động tiên tiến")


@pytest.mark.parametrize("year", [2024, 2026])
def test_tap_the_lao_dong_xuat_sac(year):
    collective("OK", year, unit_grade=HTXS, member_grades=[HTXS] + [HTT] * 9, cstdcs=1)
    collective("NOSTAR", year, unit_grade=HTXS, member_grades=[HTT] * 10)
    collective("SHORT", year, unit_grade=HTXS, member_grades=[HTXS] + [HTT] * 8 + [Grade.NOT_COMPLETED], cstdcs=1)
    collective("GOOD", year, unit_grade=HTT, member_grades=[HTXS] + [HTT] * 9, cstdcs=1)
    assert failed(year, "OK", "Tập thể lao động xuất sắc") == []
    assert failed(year, "NOSTAR", "Tập thể lao động xuất sắc") == ["member-has-title"]
    assert failed(year, "SHORT", "Tập thể lao động xuất sắc") == ["members-completed"]
    assert failed(year, "GOOD", "Tập thể lao động xuất sắc") == ["min-grade"]


@pytest.mark.parametrize("year", [2024, 2026])
def test_co_thi_dua_and_bang_khen_for_a_collective(year):
    unit, _ = collective("OK", year, unit_grade=HTXS, member_grades=[HTT] * 3)
    Evaluation.objects.create(unit=unit, year=year - 1, grade=HTXS)
    collective("GOOD", year, unit_grade=HTT, member_grades=[HTT] * 3)
    assert failed(year, "OK", "Cờ thi đua của UBND tỉnh") == []
    assert failed(year, "GOOD", "Cờ thi đua của UBND tỉnh") == ["min-grade"]
    assert failed(year, "OK", "Bằng khen của Chủ tịch UBND tỉnh") == []
    assert failed(year, "GOOD", "Bằng khen của Chủ tịch UBND tỉnh") == ["consecutive-grade"]


def test_who_decides_each_title_under_nd_152():
    rule_set = rules.rule_set_for(2026)
    deciders = {title.code: rule_set.decider(title).label for title in rule_set.offered_titles()}
    assert deciders == {
        "ldtt": "Giám đốc Sở",
        "cstdcs": "Giám đốc Sở",
        "cstd-tinh": "Chủ tịch UBND tỉnh",
        "cstd-toan-quoc": "Thủ tướng Chính phủ",
        "ttldtt": "Giám đốc Sở",
        "ttldxs": "Chủ tịch UBND tỉnh",
        "co-tinh": "Chủ tịch UBND tỉnh",
        "giay-khen": "Giám đốc Sở",
        "bang-khen-tinh": "Chủ tịch UBND tỉnh",
        "bang-khen-ttg": "Thủ tướng Chính phủ",
        "hcld-3": "Chủ tịch nước",
    }
    unverified = {title.code for title in rule_set.offered_titles() if not rule_set.decider(title).verified}
    assert unverified == {"cstd-tinh", "ttldxs", "co-tinh"}  # Law 2022 Art 79 not read: the rows say so
