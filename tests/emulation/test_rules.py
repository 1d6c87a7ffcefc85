"""Each rule of the rule sets, with cases that pass and cases that are refused (through the award service)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from emulation import rules, services
from emulation.models import DeadlineExtension, Discipline, Grade, Initiative, Scope
from emulation.rules import deadline_met, quota_max
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def refusal(**fields):
    """The messages of the award's refusal ([] when it is given)."""
    try:
        services.award_create(**fields)
    except ValidationError as error:
        return error.message_dict["title"]
    return []


@pytest.fixture
def office():
    """A registered unit of 2020 with seven people graded 'hoàn thành tốt', all registered for LĐTT
    (so the 15 % quota of Chiến sĩ thi đua cơ sở leaves room for one)."""
    unit = b.unit("VP")
    people = [b.person(f"P{i}", unit) for i in range(1, 8)]
    b.register(unit, entries=[(p, "ldtt") for p in people])
    b.plan_year(2020)
    return unit, people


def test_registration_is_required_by_the_plan(office):
    unit, people = office
    outsider = b.person("X1", b.unit("QLNL"))
    messages = refusal(year=2020, person=outsider, title=b.title("ldtt"))
    assert messages == [
        "Chưa đăng ký thi đua danh hiệu Lao động tiên tiến đầu năm 2020 (hoặc bản đăng ký chưa được chấp nhận). "
        "(Kế hoạch năm (mục IV.1))"
    ]
    assert refusal(year=2020, person=people[0], title=b.title("ldtt")) == []


def test_a_returned_registration_does_not_count(office):
    other = b.unit("KHTC")
    member = b.person("K1", other)
    b.register(other, entries=[(member, "ldtt")], status="returned")
    assert "Chưa đăng ký thi đua" in refusal(year=2020, person=member, title=b.title("ldtt"))[0]


def test_lao_dong_tien_tien_needs_a_good_grade(office):
    unit, people = office
    weak = b.person("P9", unit, grade=Grade.COMPLETED)
    registration = unit.registrations.get()
    b.enter(registration, weak, "ldtt")
    messages = refusal(year=2020, person=weak, title=b.title("ldtt"))
    assert messages == [
        "Năm 2020 được xếp loại “hoàn thành nhiệm vụ”: Lao động tiên tiến cần xếp loại “hoàn thành tốt nhiệm vụ” "
        "trở lên. (Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 24 khoản 1 điểm a)"
    ]


def test_lao_dong_tien_tien_excludes_the_disciplined_and_the_recently_recruited(office):
    unit, _ = office
    registration = unit.registrations.get()
    scolded = b.person("S7", unit, discipline=Discipline.REPRIMAND)
    newcomer = b.person("S8", unit, recruited_on=datetime.date(2020, 3, 2))
    veteran = b.person("S6", unit, recruited_on=datetime.date(2020, 3, 1))
    for p in (scolded, newcomer, veteran):
        b.enter(registration, p, "ldtt")
    assert refusal(year=2020, person=scolded, title=b.title("ldtt"))[0].startswith(
        "Bị kỷ luật năm 2020 (khiển trách): Lao động tiên tiến không xét người bị kỷ luật từ “khiển trách” trở lên."
    )
    assert refusal(year=2020, person=newcomer, title=b.title("ldtt")) == [
        "Tuyển dụng ngày 02/03/2020: chưa đủ 10 tháng công tác trong năm 2020. (Nghị định 91/2017/NĐ-CP, Điều 10)"
    ]
    assert refusal(year=2020, person=veteran, title=b.title("ldtt")) == []


def test_chien_si_thi_dua_co_so_needs_a_recognised_initiative_in_2020(office):
    unit, people = office
    registration = unit.registrations.get()
    author, other = people[0], people[1]
    for p in (author, other):
        b.enter(registration, p, "cstdcs")
    b.initiative("SK1", [author])
    b.initiative("SK2", [other], result=Initiative.Result.REJECTED)
    messages = refusal(year=2020, person=other, title=b.title("cstdcs"))
    # The law's row and the plan's row impose the same condition: one reason, citing both sources.
    assert messages == [
        "Không có sáng kiến được công nhận (phạm vi cơ sở trở lên) trong năm 2020 mà chưa dùng làm căn cứ cho một "
        "khen thưởng khác. (Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 điểm b; Kế hoạch năm (mục IV.1))"
    ]
    assert refusal(year=2020, person=author, title=b.title("cstdcs")) == []


def test_an_initiative_serves_one_commendation_only(office):
    unit, people = office
    registration = unit.registrations.get()
    first, second = people[0], people[1]
    for p in (first, second):
        b.enter(registration, p, "cstdcs")
    shared = b.initiative("SK1", [first, second])
    given = services.award_create(year=2020, person=first, title=b.title("cstdcs"))
    assert given.initiative == shared
    assert (
        "chưa dùng làm căn cứ cho một khen thưởng khác" in refusal(year=2020, person=second, title=b.title("cstdcs"))[0]
    )


def test_since_2024_an_excellent_grade_replaces_the_initiative_unless_the_plan_keeps_it():
    unit = b.unit("VP")
    excellent = b.person("P1", unit, grade=Grade.EXCELLENT, year=2024)
    good = b.person("P2", unit, grade=Grade.GOOD, year=2024)
    votes = {"votes_for": 8, "council_size": 10}
    assert refusal(year=2024, person=excellent, title=b.title("cstdcs"), **votes) == []
    assert refusal(year=2024, person=good, title=b.title("cstdcs"), **votes) == [
        "Năm 2024 không được xếp loại “hoàn thành xuất sắc nhiệm vụ” và không có sáng kiến được công nhận. "
        "(Luật Thi đua, khen thưởng 2022, Điều 23 khoản 2)"
    ]
    b.plan_year(2027, registration=False)  # a plan that keeps the stricter 2020 rule
    strict = b.person("P3", unit, grade=Grade.EXCELLENT, year=2027)
    assert refusal(year=2027, person=strict, title=b.title("cstdcs"), **votes)[0].startswith(
        "Không có sáng kiến được công nhận"
    )


def test_council_vote_threshold_since_2024():
    excellent = b.person("P1", b.unit("VP"), grade=Grade.EXCELLENT, year=2024)
    messages = refusal(year=2024, person=excellent, title=b.title("cstdcs"), votes_for=7, council_size=10)
    assert messages == [
        "Cần ít nhất 80% tổng số thành viên Hội đồng đồng ý; đã ghi: 7/10. (Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7)"
    ]


def test_chien_si_thi_dua_cap_tinh_needs_three_consecutive_years():
    unit = b.unit("VP")
    star = b.person("P1", unit, grade=Grade.EXCELLENT, year=2019)
    for year in (2017, 2018, 2019):
        b.award(star, "cstdcs", year=year) if year != 2019 else None
    b.initiative("SK-T", [star], year=2019, scope=Scope.PROVINCE)
    b.initiative("SK-B", [star], year=2019)
    # Chiến sĩ thi đua cấp tỉnh is the Chủ tịch UBND tỉnh's to decide: recorded with the province's decision.
    province = b.decision("15/QĐ-UBND", datetime.date(2020, 1, 10), "UBND tỉnh", level="province")
    votes = {"votes_for": 9, "council_size": 10, "decision": province}
    assert refusal(year=2019, person=star, title=b.title("cstd-tinh"), **{**votes, "votes_for": 8}) == [
        "Cần ít nhất 90% tổng số thành viên Hội đồng đồng ý; đã ghi: 8/10. (Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8)"
    ]
    assert refusal(year=2019, person=star, title=b.title("cstd-tinh"), **votes) == []
    lapsed = b.person("P2", unit, grade=Grade.EXCELLENT, year=2019)
    b.award(lapsed, "cstdcs", year=2018)
    b.initiative("SK-L", [lapsed], year=2019, scope=Scope.PROVINCE)
    messages = refusal(year=2019, person=lapsed, title=b.title("cstd-tinh"), **votes)
    assert messages == [
        "Cần 03 lần liên tục đạt Chiến sĩ thi đua cơ sở; còn thiếu năm 2017. "
        "(Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 22; Nghị định 91/2017/NĐ-CP, Điều 9 khoản 2)"
    ]


@pytest.mark.parametrize(
    ("base", "floor", "half_up", "ceil"),
    [
        (0, 0, 0, 0),
        (1, 0, 0, 1),
        (6, 0, 1, 1),
        (7, 1, 1, 2),
        (13, 1, 2, 2),
        (14, 2, 2, 3),
        (20, 3, 3, 3),
        (100, 15, 15, 15),
    ],
)
def test_quota_rounding_at_the_edges(base, floor, half_up, ceil):
    assert quota_max(base, 15, "floor") == floor
    assert quota_max(base, 15, "half-up") == half_up
    assert quota_max(base, 15, "ceil") == ceil


def test_the_quota_refuses_the_award_past_it(office):
    unit, people = office  # 7 LĐTT: 15 % of 7 rounds down to 1
    for p in people[:2]:
        b.retitle(p, "cstdcs")
        b.initiative(f"SK-{p.code}", [p])
    assert refusal(year=2020, person=people[0], title=b.title("cstdcs")) == []
    messages = refusal(year=2020, person=people[1], title=b.title("cstdcs"))
    assert messages == [
        "Vượt tỷ lệ: tối đa 1 Chiến sĩ thi đua cơ sở trên 7 người đạt Lao động tiên tiến (15%); đã tặng 1. "
        "(Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3)"
    ]


def test_collective_titles_count_members_decided_in_the_same_run(office):
    unit, people = office
    b.grade_unit(unit, Grade.EXCELLENT)
    registration = unit.registrations.get()
    registration.collective_title = b.title("ttldxs")
    registration.save()
    province = b.decision("25/QĐ-UBND", datetime.date(2021, 2, 5), "UBND tỉnh", level="province")
    messages = refusal(year=2020, unit=unit, title=b.title("ttldxs"), decision=province)
    assert messages == [
        "Cần ít nhất 1 thành viên đạt Chiến sĩ thi đua cơ sở; hiện có 0. "
        "(Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 27 khoản 1 điểm d)"
    ]
    b.retitle(people[0], "cstdcs")
    b.initiative("SK1", [people[0]])
    assert refusal(year=2020, unit=unit, title=b.title("ttldxs"), decision=province) == []  # P1: CSTĐCS in this run


@pytest.mark.parametrize(("good", "passes"), [(2, False), (3, True)])
def test_tap_the_lao_dong_tien_tien_needs_more_than_half(good, passes):
    unit = b.unit("VP")
    people = [
        b.person(f"P{i}", unit, grade=Grade.GOOD if i < good else Grade.COMPLETED) for i in range(4 if good == 2 else 5)
    ]
    b.grade_unit(unit)
    messages = refusal(year=2020, unit=unit, title=b.title("ttldtt"))
    if passes:
        assert messages == []
    else:
        assert messages == [
            "2/4 thành viên đạt Lao động tiên tiến (50%); cần trên 50%. "
            "(Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 28 khoản 1 điểm c)"
        ]
    assert len(people) in (4, 5)


def test_a_year_without_a_plan_is_judged_by_the_law_of_its_time():
    rule_set = rules.rule_set_for(2019)
    assert rule_set.name == "2019 — Luật TĐKT 2003 (sđ 2013), Nghị định 91/2017/NĐ-CP"
    assert not rule_set.has_plan
    assert rules.rule_set_for(2026).name == "2026 — Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP"
    with pytest.raises(rules.RuleSetMissing) as missing:
        rules.rule_set_for(2010)
    assert "Không có khung pháp lý nào có hiệu lực vào ngày 31/12/2010" in str(missing.value)


def test_rule_set_cache_is_cleared_when_a_rule_changes():
    framework = rules.rule_set_for(2019)
    assert any(rule.id == "min-service-months" for rule in framework.rules)
    from emulation.models import LawRule

    LawRule.objects.filter(rule="min-service-months", framework__in_force_from__year=2017).delete()
    assert not any(rule.id == "min-service-months" for rule in rules.rule_set_for(2019).rules)


@pytest.mark.parametrize(
    ("day_counts", "received", "in_time"),
    [
        (True, datetime.datetime(2020, 2, 28, 23, 59, 59, tzinfo=HCM), True),
        (True, datetime.datetime(2020, 2, 29, 0, 0, 0, tzinfo=HCM), False),
        (True, datetime.datetime(2020, 2, 28, 17, 30, tzinfo=datetime.UTC), False),  # 00:30 on 29/02 in Vietnam
        (False, datetime.datetime(2020, 2, 28, 8, 0, tzinfo=HCM), False),
        (False, datetime.datetime(2020, 2, 27, 23, 59, tzinfo=HCM), True),
    ],
)
def test_deadline_day_edges_in_asia_ho_chi_minh(day_counts, received, in_time):
    year = b.plan_year(2020, deadline_day_counts=day_counts)
    assert deadline_met(year, "registration", when=received) is in_time


def test_late_registration_is_refused_unless_the_office_extended_it():
    year = b.plan_year(2020)
    unit = b.unit("VP")
    registration = b.register(unit, status="draft")
    late = datetime.datetime(2020, 3, 2, 9, 0, tzinfo=HCM)
    with pytest.raises(ValidationError) as error:
        services.registration_submit(registration=registration, when=late)
    assert error.value.messages == ["Đã quá hạn đăng ký thi đua năm 2020; hãy đề nghị Văn phòng gia hạn."]
    DeadlineExtension.objects.create(
        emulation_year=year, unit=unit, kind="registration", until=datetime.date(2020, 3, 5), reason="Ốm"
    )
    assert services.registration_submit(registration=registration, when=late).status == "submitted"


def test_one_awards_check_judges_as_the_whole_run(demo):
    """An award checked alone (the admin's form, the service) judges only its recipient when its title has no
    quota, a unit with its members: the same reasons as the batch check over everybody, on every demo award of each
    year and title (the first three of each), refused ones included."""
    from emulation.models import Award
    from emulation.rules.evaluator import AwardCheck, decided_on

    batches, checked, refused = {}, 0, 0
    seen = {}
    for award in Award.objects.select_related("decision", "unit", "person").order_by("year", "title", "pk"):
        if seen.setdefault((award.year, award.title_id), 0) >= 3:
            continue
        seen[(award.year, award.title_id)] += 1
        on = decided_on(award)
        batch = batches.setdefault((award.year, on), AwardCheck(award.year, on))
        alone = rules.check_award(award)
        assert alone == batch.reasons(award), award
        checked += 1
        refused += bool(alone)
    assert checked > 20 and refused  # refusals compared too, not only clean awards
