"""The law in force (issue: Law 2022 + Nghị định 98/2023 and 152/2025): the framework by the date of the decision,
the titles and forms above the Sở as proposals with who decides them, the rule kinds the law needs (alternative
paths, counts over a period, grades in a row, "holds a form, then …"), Nghị định 152/2025 Điều 4, the cap on the
excellent grade, and the one write path for awards."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from emulation import rules, services
from emulation.models import Award, Discipline, Evaluation, Grade, Scope
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
HTXS, HTT, HT = Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED


def verdicts(year, code):
    """{title name: [reason messages]} for the candidate `code` in the year's eligibility run."""
    result = rules.eligibility(year)
    [candidate] = [c for c in result["candidates"] if c["code"] == code]
    return {item["title"].name: [reason.message for reason in item["reasons"]] for item in candidate["titles"]}


def graded(person, grades):
    """Grades of several years: {year: grade}, beside the one `b.person` gave."""
    for year, grade in grades.items():
        Evaluation.objects.update_or_create(person=person, year=year, defaults={"grade": grade})


@pytest.mark.parametrize(
    ("day", "framework"),
    [
        (datetime.date(2023, 12, 31), "Nghị định 91/2017/NĐ-CP"),
        (datetime.date(2024, 1, 1), "Nghị định 98/2023/NĐ-CP"),
        (datetime.date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP"),
        (datetime.date(2025, 7, 1), "Nghị định 152/2025/NĐ-CP"),
        (datetime.date(2025, 12, 20), "Nghị định 152/2025/NĐ-CP"),
    ],
)
def test_the_framework_is_the_one_in_force_on_the_date_of_the_decision(day, framework):
    assert rules.rule_set_for(day.year, day).framework_name.endswith(framework)


def test_a_decision_of_20_december_2025_falls_under_nd_152_and_one_of_june_under_nd_98():
    unit = b.unit("VP")
    star = b.person("P1", unit, grade=HTT, year=2025)  # no initiative, not HTXS
    for day in (datetime.date(2025, 6, 20), datetime.date(2025, 12, 20)):
        decision = b.decision(f"{day.month}/QĐ-SCT", day)
        award = Award(year=2025, person=star, title=b.title("cstdcs"), decision=decision)
        [reason] = [r for r in rules.check_award(award) if r.rule == "initiative-or-excellent"]
        assert reason.source == "Luật Thi đua, khen thưởng 2022, Điều 23 khoản 2"
    assert rules.check_award(Award(year=2025, person=star, title=b.title("cstdcs"), votes_for=8, council_size=10))


def test_chien_si_thi_dua_co_so_rests_on_htxs_or_an_initiative_under_law_2022():
    unit = b.unit("VP")
    excellent = b.person("P1", unit, grade=HTXS, year=2026)
    inventive = b.person("P2", unit, grade=HTT, year=2026)
    b.initiative("SK-2026", [inventive], year=2026)
    plain = b.person("P3", unit, grade=HTT, year=2026)
    assert verdicts(2026, excellent.code)["Chiến sĩ thi đua cơ sở"] == []
    assert verdicts(2026, inventive.code)["Chiến sĩ thi đua cơ sở"] == []
    assert verdicts(2026, plain.code)["Chiến sĩ thi đua cơ sở"] == [
        "Năm 2026 không được xếp loại “hoàn thành xuất sắc nhiệm vụ” và không có sáng kiến được công nhận."
    ]
    # ... while 2020 (Nghị định 91/2017) wanted the initiative whatever the grade.
    old = b.person("P4", unit, grade=HTXS, year=2020)
    assert verdicts(2020, old.code)["Chiến sĩ thi đua cơ sở"][0].startswith("Không có sáng kiến được công nhận")


def test_tap_the_lao_dong_tien_tien_needs_more_than_half_in_2020_and_70_percent_now():
    for year, reached, eligible in ((2020, 3, True), (2026, 3, False), (2026, 4, True)):
        unit = b.unit(f"U{year}{reached}")
        people = [b.person(f"{unit.code}-{i}", unit, grade=HTT if i < reached else HT, year=year) for i in range(5)]
        assert len(people) == 5
        b.grade_unit(unit, HTT, year=year)
        if year == 2020:
            b.register(unit, year=2020, entries=[(p, "ldtt") for p in people])
        reasons = verdicts(year, unit.code)["Tập thể lao động tiên tiến"]
        assert (reasons == []) is eligible, (year, reached, reasons)
    assert verdicts(2026, "U20263")["Tập thể lao động tiên tiến"] == [
        "3/5 thành viên đạt Lao động tiên tiến (60%); cần ít nhất 70%."
    ]


def test_bang_khen_tinh_is_a_proposal_with_two_paths():
    unit = b.unit("VP")
    twice = b.person("P1", unit, grade=HTXS, year=2026)  # path a: CSTĐCS in 2025 and (eligible) in 2026
    b.award(twice, "cstdcs", year=2025)
    graded(twice, {2025: HTXS})
    inventor = b.person("P2", unit, grade=HTXS, year=2026)  # path b: 2 years HTXS, 2 initiatives in them
    graded(inventor, {2025: HTXS})
    b.initiative("SK-A", [inventor], year=2025)
    b.initiative("SK-B", [inventor], year=2026)
    neither = b.person("P3", unit, grade=HTT, year=2026)
    assert verdicts(2026, twice.code)["Bằng khen của Chủ tịch UBND tỉnh"] == []
    assert verdicts(2026, inventor.code)["Bằng khen của Chủ tịch UBND tỉnh"] == []
    assert verdicts(2026, neither.code)["Bằng khen của Chủ tịch UBND tỉnh"] == [
        "Phương án a: Cần 02 lần liên tục đạt Chiến sĩ thi đua cơ sở; còn thiếu năm 2025, 2026.",
        "Phương án b: Cần 02 năm liên tục xếp loại “hoàn thành xuất sắc nhiệm vụ” trở lên; chưa đạt năm 2025, 2026.",
        "Phương án b: Cần 02 sáng kiến được công nhận (phạm vi cơ sở trở lên) trong 2025–2026 chưa dùng làm căn cứ "
        "cho khen thưởng khác; hiện có 0.",
    ]
    document = json.loads(_eligibility_json(2026))
    [item] = [
        t
        for c in document["candidates"]
        if c["code"] == twice.code
        for t in c["titles"]
        if t["title"] == "Bằng khen của Chủ tịch UBND tỉnh"
    ]
    assert item["eligible"] is True
    assert item["proposal"] is True
    assert item["decided_by"] == "Chủ tịch UBND tỉnh"
    [ldtt] = [
        t
        for c in document["candidates"]
        if c["code"] == twice.code
        for t in c["titles"]
        if t["title"] == "Lao động tiên tiến"
    ]
    assert (ldtt["decided_by"], ldtt["proposal"]) == ("Giám đốc Sở", False)


def _eligibility_json(year):
    import io

    out = io.StringIO()
    call_command("eligibility", "--year", str(year), "--json", stdout=out)
    return out.getvalue()


def test_bang_khen_thu_tuong_and_huan_chuong_count_what_came_after_the_lower_form():
    unit = b.unit("VP")
    veteran = b.person("P1", unit, grade=HTXS, year=2026)
    b.award(veteran, "bang-khen-tinh", year=2020)
    graded(veteran, {2021: HTT, 2022: HTT, 2023: HTT, 2024: HTT, 2025: HTT})
    for year in (2022, 2024, 2025):
        b.award(veteran, "cstdcs", year=year)
    assert verdicts(2026, veteran.code)["Bằng khen của Thủ tướng Chính phủ"] == []
    newcomer = b.person("P2", unit, grade=HTT, year=2026)
    b.award(newcomer, "bang-khen-tinh", year=2024)
    graded(newcomer, {2025: HTT})
    assert verdicts(2026, newcomer.code)["Bằng khen của Thủ tướng Chính phủ"] == [
        "Được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2024; từ đó cần 05 năm liên tục xếp loại “hoàn thành tốt "
        "nhiệm vụ” trở lên, hiện có 2.",
        "Cần 03 lần đạt Chiến sĩ thi đua cơ sở trong 2022–2026; hiện có 0.",
    ]
    assert (
        "Cần đã được tặng Bằng khen của Thủ tướng Chính phủ"
        in verdicts(2026, veteran.code)["Huân chương Lao động hạng Ba"][0]
    )
    # A form whose criteria are for individuals is not judged for a collective.
    b.grade_unit(unit, HTXS, year=2026)
    assert "Bằng khen của Thủ tướng Chính phủ" not in verdicts(2026, unit.code)


def test_nd_152_article_4_review_and_sanctions_block_a_year():
    unit = b.unit("VP")
    reviewed = b.person("P1", unit, grade=HTT, year=2026)
    Evaluation.objects.filter(person=reviewed).update(under_review=True)
    assert verdicts(2026, reviewed.code)["Lao động tiên tiến"] == [
        "Đang bị xem xét trong năm 2026 (kỷ luật, thanh tra, hoặc khiếu nại, tố cáo): chưa khen thưởng, chưa đề nghị "
        "khen thưởng cho đến khi có kết luận."
    ]
    running = b.person("P2", unit, grade=HTT, year=2026)
    graded(running, {2025: HT})
    Evaluation.objects.filter(person=running, year=2025).update(
        discipline=Discipline.REPRIMAND,
        discipline_decided_on=datetime.date(2025, 10, 1),
        discipline_ends_on=datetime.date(2027, 4, 1),
    )
    assert verdicts(2026, running.code)["Lao động tiên tiến"] == [
        "Đang trong thời hạn kỷ luật (khiển trách, 01/10/2025) đến ngày 01/04/2027: thành tích chỉ được tính từ khi "
        "hết thời hạn kỷ luật."
    ]
    ended = b.person("P3", unit, grade=HTT, year=2026)
    graded(ended, {2025: HT})
    Evaluation.objects.filter(person=ended, year=2025).update(
        discipline=Discipline.REPRIMAND, discipline_ends_on=datetime.date(2026, 4, 1)
    )
    assert verdicts(2026, ended.code)["Lao động tiên tiến"] == []
    undated = b.person("P4", unit, grade=HTT, year=2026)
    Evaluation.objects.filter(person=undated).update(discipline=Discipline.REPRIMAND)
    assert "trong năm 2026" in verdicts(2026, undated.code)["Lao động tiên tiến"][0]
    graded(undated, {2027: HTT})
    assert verdicts(2027, undated.code)["Lao động tiên tiến"] == []  # no end date: only the year it was given


def test_the_excellent_grade_cap_is_a_warning_that_changes_no_verdict(admin_client):
    unit = b.unit("VP")
    people = [b.person(f"P{i}", unit, grade=HTXS if i < 3 else HTT, year=2026) for i in range(8)]
    [warning] = rules.grade_warnings(2026)
    assert warning.message == (
        "Năm 2026: 3 người xếp loại “hoàn thành xuất sắc nhiệm vụ” trong khi 5 người xếp loại “hoàn thành tốt nhiệm "
        "vụ”; tối đa 20% số sau (1 người) được xếp loại như vậy."
    )
    assert verdicts(2026, people[2].code)["Chiến sĩ thi đua cơ sở"] == []  # still eligible
    html = admin_client.get("/admin/emulation/eligibility/?year=2026").content.decode()
    assert "Cảnh báo về kết quả xếp loại" in html
    assert "tối đa 20% số sau (1 người)" in html
    assert rules.grade_warnings(2020) == []  # no cap in 2020's rule set


def test_a_title_the_province_decides_is_recorded_only_with_its_decision():
    unit = b.unit("VP")
    office = b.person("P1", unit, grade=HTXS, year=2026)
    b.award(office, "cstdcs", year=2025)
    ours = b.decision("12/QĐ-SCT", datetime.date(2026, 12, 20))
    with pytest.raises(ValidationError) as refused:
        services.award_create(year=2026, person=office, title=b.title("bang-khen-tinh"), decision=ours)
    assert refused.value.message_dict["title"] == [
        "Bằng khen của Chủ tịch UBND tỉnh do Chủ tịch UBND tỉnh quyết định: Quyết định số 12/QĐ-SCT ngày 20/12/2026 "
        "là của Giám đốc Sở nên không thể làm căn cứ. Hãy ghi nhận kèm quyết định của Chủ tịch UBND tỉnh. "
        "(Luật Thi đua, khen thưởng 2022, Điều 74 (Bằng khen của Chủ tịch UBND cấp tỉnh))"
    ]
    province = b.decision("301/QĐ-UBND", datetime.date(2027, 1, 15), "UBND tỉnh Gia Lai", level="province")
    award = services.award_create(year=2026, person=office, title=b.title("bang-khen-tinh"), decision=province)
    assert award.pk


def test_the_admin_form_says_so_next_to_the_decision(admin_client):
    unit = b.unit("VP")
    office = b.person("P1", unit, grade=HTXS, year=2026)
    b.award(office, "cstdcs", year=2025)
    ours = b.decision("12/QĐ-SCT", datetime.date(2026, 12, 20))
    data = {"year": 2026, "person": office.pk, "unit": "", "title": b.title("bang-khen-tinh").pk}
    data |= {"decision": ours.pk, "achievement": "", "initiative": "", "votes_for": "", "council_size": ""}
    response = admin_client.post("/admin/snippets/emulation/award/add/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "do Chủ tịch UBND tỉnh quyết định" in errors["decision"][0]
    assert not Award.objects.filter(title__code="bang-khen-tinh").exists()


def test_the_importer_records_a_decision_taken_reads_its_level_and_warns():
    unit = b.unit("VP", name="Văn phòng Sở")
    b.person("P1", unit, grade=HTXS, year=2026)
    result = b.imported(
        awards=[
            [
                2026,
                "P1",
                "cá nhân",
                "Bằng khen của Chủ tịch UBND tỉnh",
                "9/QĐ-SCT",
                "20/12/2026",
                "Sở Công Thương",
                "có",
            ],
            [
                2026,
                "VP",
                "tập thể",
                "Tập thể lao động tiên tiến",
                "300/QĐ-UBND",
                "10/01/2027",
                "UBND tỉnh Gia Lai",
                "có",
            ],
        ]
    )
    assert Award.objects.count() == 2  # recorded as decided
    assert any("do Chủ tịch UBND tỉnh quyết định" in warning for warning in result.warnings)
    levels = dict(Award.objects.values_list("decision__number", "decision__level"))
    assert levels == {"9/QĐ-SCT": "director", "300/QĐ-UBND": "province"}


def test_every_write_path_links_the_initiative_the_award_rests_on(admin_client):
    """The same CSTĐCS of 2024 (graded HTT, an initiative of the year) given through the service, the importer and
    the admin: each links the initiative it rests on; one of an HTXS person rests on the grade and links none."""
    unit = b.unit("VP")
    votes = {"votes_for": 10, "council_size": 10}
    for code, path in (("S1", "service"), ("S2", "importer"), ("S3", "admin"), ("S4", "service")):
        person = b.person(code, unit, grade=HTXS if code == "S4" else HTT, year=2024)
        initiative = b.initiative(f"SK-{code}", [person], year=2024)
        decision = b.decision(f"{code}/QĐ-SCT", datetime.date(2024, 12, 18), "Sở Công Thương")
        if path == "service":
            services.award_create(year=2024, person=person, title=b.title("cstdcs"), decision=decision, **votes)
        elif path == "importer":
            b.imported(
                awards=[[2024, code, "cá nhân", "Chiến sĩ thi đua cơ sở", decision.number, "18/12/2024", "Sở", "có"]]
            )
        else:
            data = {"year": 2024, "person": person.pk, "unit": "", "title": b.title("cstdcs").pk}
            data |= {"decision": decision.pk, "achievement": "", "initiative": "", **votes}
            assert admin_client.post("/admin/snippets/emulation/award/add/", data).status_code == 302
        award = Award.objects.get(person=person, title__code="cstdcs")
        assert award.initiative == (None if code == "S4" else initiative), path


def test_opening_2027_from_2020_follows_the_law_of_2027(capsys):
    from emulation.models import EmulationYear

    b.plan_year(2020)
    call_command("open_year", "2027", "--from", "2020")
    out = capsys.readouterr().out
    year = EmulationYear.objects.get(year=2027)
    assert [rule.rule for rule in year.rules.all()] == ["registration-required"]  # the procedure stays
    assert "không được chuyển sang năm mới" in out and "Chiến sĩ thi đua cơ sở" in out
    # 28/02/2027 is a Sunday, 28/08/2027 a Saturday: moved to the Friday before, and said so.
    assert year.registration_deadline == datetime.date(2027, 2, 26)
    assert year.initiative_deadline == datetime.date(2027, 8, 27)
    assert "ngày 28/02/2027 rơi vào cuối tuần, chuyển về thứ Sáu 26/02/2027" in out
    # HTXS without an initiative earns CSTĐCS in 2027, as Law 2022 says (2020's stricter rule was not carried).
    excellent = b.person("P1", b.unit("VP"), grade=HTXS, year=2027)
    reasons = verdicts(2027, excellent.code)["Chiến sĩ thi đua cơ sở"]
    assert not any(reason.startswith("Không có sáng kiến") for reason in reasons)


def test_initiatives_in_a_period_count_only_the_rules_scope():
    unit = b.unit("VP")
    author = b.person("P1", unit, grade=HTXS, year=2026)
    graded(author, {2025: HTXS})
    b.initiative("SK-1", [author], year=2025, scope=Scope.BASE)
    b.initiative("SK-0", [author], year=2023, scope=Scope.BASE)  # outside the two years
    reasons = verdicts(2026, author.code)["Bằng khen của Chủ tịch UBND tỉnh"]
    assert any("hiện có 1." in reason for reason in reasons)


def test_a_grade_entered_in_the_admin_warns_of_the_cap_and_is_saved(admin_client):
    from wagtail.models import ModelLogEntry

    unit = b.unit("VP")
    for i in range(5):
        b.person(f"P{i}", unit, grade=HTT, year=2026)
    newcomer = b.person("P9", unit, grade=None)
    for code in ("P0", "P1"):  # two HTXS for four HTT: the cap (20 %) allows none
        Evaluation.objects.filter(person__code=code).update(grade=HTXS)
    data = {"year": 2026, "person": newcomer.pk, "unit": "", "grade": HTXS, "discipline": Discipline.NONE}
    data |= {"discipline_decided_on": "", "discipline_ends_on": "", "note": ""}
    response = admin_client.post("/admin/snippets/emulation/evaluation/add/", data, follow=True)
    assert response.status_code == 200
    evaluation = Evaluation.objects.get(person=newcomer, year=2026)  # saved: a warning, never a refusal
    html = response.content.decode()
    assert "3 người xếp loại “hoàn thành xuất sắc nhiệm vụ” trong khi 3 người xếp loại" in html
    assert ModelLogEntry.objects.filter(object_id=str(evaluation.pk), action="wagtail.create").count() == 1


@pytest.mark.parametrize(("year", "blocked"), [(2020, False), (2024, False), (2026, True)])
def test_review_blocks_titles_from_nd_152_on(year, blocked):
    """Nghị định 152/2025 Điều 4 is a row of its framework only: under ND 91/2017 and ND 98/2023 a review pending
    is not a condition the portal applies (the decrees read say nothing of it)."""
    unit = b.unit("VP")
    person = b.person("P1", unit, grade=HTT, year=year)
    Evaluation.objects.filter(person=person).update(under_review=True)
    if year == 2020:
        b.plan_year(2020, registration=False)
    reasons = verdicts(year, person.code)["Lao động tiên tiến"]
    assert any(reason.startswith("Đang bị xem xét") for reason in reasons) is blocked


def test_every_write_path_refuses_or_warns_with_the_same_words(admin_client):
    """An LĐTT of 2026 for someone graded 'hoàn thành nhiệm vụ': the service refuses it, the admin's form refuses it
    next to the title, the importer records the decision taken and warns; all three in the same words."""
    unit = b.unit("VP")
    person = b.person("P1", unit, grade=HT, year=2026)
    decision = b.decision("7/QĐ-SCT", datetime.date(2026, 12, 18), "Sở Công Thương")
    expected = (
        "Năm 2026 được xếp loại “hoàn thành nhiệm vụ”: Lao động tiên tiến cần xếp loại “hoàn thành tốt nhiệm vụ” trở "
        "lên. (Luật Thi đua, khen thưởng 2022, Điều 24 khoản 1 điểm a)"
    )
    with pytest.raises(ValidationError) as refused:
        services.award_create(year=2026, person=person, title=b.title("ldtt"), decision=decision)
    assert refused.value.message_dict["title"] == [expected]
    data = {"year": 2026, "person": person.pk, "unit": "", "title": b.title("ldtt").pk, "decision": decision.pk}
    data |= {"achievement": "", "initiative": "", "votes_for": "", "council_size": ""}
    form = admin_client.post("/admin/snippets/emulation/award/add/", data).context["form"]
    assert form.errors["title"] == [expected]
    assert not Award.objects.exists()
    result = b.imported(awards=[[2026, "P1", "cá nhân", "Lao động tiên tiến", "7/QĐ-SCT", "18/12/2026", "Sở", "có"]])
    assert result.warnings == [f"Lao động tiên tiến – {person.full_name} (2026): {expected}"]


def test_a_corrected_decision_withdraws_an_award_with_a_reason(admin_client, client, home_page):
    from wagtail.models import ModelLogEntry

    from tests.factories import make_honor_roll

    roll = make_honor_roll(home_page)
    unit = b.unit("VP")
    person = b.person("P1", unit, grade=HTT, year=2026)
    decision = b.decision("9/QĐ-SCT", datetime.date(2026, 12, 18), "Sở Công Thương")
    award = services.award_create(year=2026, person=person, title=b.title("ldtt"), decision=decision, public=True)
    assert person.full_name in client.get(roll.url).content.decode()
    url = f"/admin/snippets/emulation/award/edit/{award.pk}/"
    data = {"year": 2026, "person": person.pk, "unit": "", "title": award.title_id, "decision": decision.pk}
    data |= {"achievement": "", "initiative": "", "votes_for": "", "council_size": "", "public": "on"}
    refused = admin_client.post(url, {**data, "withdrawn_on": "05/01/2027", "withdrawal_reason": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["withdrawal_reason"] == ["Hãy ghi lý do thu hồi khen thưởng."]
    response = admin_client.post(url, {**data, "withdrawn_on": "05/01/2027", "withdrawal_reason": "Kê khai sai."})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.withdrawn_on == datetime.date(2027, 1, 5) and not award.public  # off the honour roll
    assert ModelLogEntry.objects.filter(object_id=str(award.pk), action="wagtail.edit").exists()  # in its history
    assert rules.AwardCheck(2026).given[award.title_id] == 0  # counted by no rule
    assert person.full_name not in client.get(roll.url).content.decode()
