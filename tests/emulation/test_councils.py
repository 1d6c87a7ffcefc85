"""Councils as records, their meetings and online secret ballots: members vote on the portal once (and may change
their vote until the chair closes it), the secretary enters written votes, the chair closes; the votes are counted
against ALL members with the year's thresholds, the quota applied in the order of the votes, a tie left to the chair
with a suggestion (women first); nothing links a choice to its voter once closed; the decision for the passed list
creates its awards once."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from emulation import councils, services
from emulation.models import (
    Award,
    BallotChoice,
    BallotReceipt,
    Council,
    CouncilMeeting,
    CouncilMember,
    Grade,
    MeetingAttendee,
    MeetingCandidate,
    PlanRule,
    RuleRow,
    SealedBallot,
)
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
ROLES = ["chair", "deputy", "secretary", "member", "member"]
NAMES = ["chutich", "phochutich", "thuky", "thanhvien1", "thanhvien2"]


def council_of(year, usernames=NAMES, roles=ROLES, django_user_model=None, **extra):
    from django.contrib.auth import get_user_model

    User = django_user_model or get_user_model()
    council = Council(name="Hội đồng Thi đua – Khen thưởng Sở", year=year, **extra)
    council.members = [
        CouncilMember(user=User.objects.create_user(name, password=b.PASSWORD), role=role)
        for name, role in zip(usernames, roles, strict=True)
    ]
    council.save()
    return council


def seats(council):
    return {member.user.username: member for member in council.members.select_related("user")}


@pytest.fixture
def world(db):
    """2020 with the plan's CSTĐCS at ≥ 80 % of all members and at most 50 % of the LĐTT holders; four people of
    one unit (A and C women) graded well, each the author of a recognised initiative: all four eligible for LĐTT
    and CSTĐCS, so the quota is 2. A council of five."""
    year = b.plan_year(2020, registration=False, strict_initiative=False)
    cstdcs, ldtt = b.title("cstdcs"), b.title("ldtt")
    year.rules = [
        PlanRule(title=cstdcs, rule=RuleRow.Rule.COUNCIL_VOTE, number=80, source="Quy chế Hội đồng, Điều 5"),
        PlanRule(title=cstdcs, rule=RuleRow.Rule.QUOTA, number=50, ref_title=ldtt, source="Kế hoạch, mục IV.2"),
    ]
    year.save()
    unit = b.unit("QLCN", name="Phòng Quản lý Công nghiệp")
    people = {}
    for code, gender in (("A", "female"), ("B", "male"), ("C", "female"), ("D", "male")):
        person = b.person(code, unit, grade=Grade.GOOD)
        person.full_name, person.gender = f"Người {code}", gender
        person.save()
        b.initiative(f"SK-{code}", [person])
        people[code] = person
    council = council_of(2020)
    return council, people


def candidate_ids(meeting):
    return {
        (c.title.code, c.person.code): c.pk
        for c in meeting.candidates.select_related("title", "person").filter(included=True)
    }


def post_vote(client, meeting, ids, agree):
    """Post a ballot: `agree` maps (title code, person code) to True/False."""
    data = {f"c{pk}": "1" if agree[key] else "0" for key, pk in ids.items()}
    return client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/", data)


def votes(cs, ld_d=True):
    """A ballot: CSTĐCS for A, B, C, D as given; LĐTT yes for A, B, C and `ld_d` for D."""
    agree = {("cstdcs", code): value for code, value in zip("ABCD", cs, strict=True)}
    agree.update({("ldtt", code): True for code in "ABC"})
    agree[("ldtt", "D")] = ld_d
    return agree


def prepared(world):
    council, _people = world
    meeting = services.meeting_create(council=council, date=datetime.date(2020, 12, 15), place="Phòng họp Sở")
    for candidate in meeting.candidates.filter(title__code="giay-khen"):
        services.candidate_set_included(candidate=candidate, included=False, reason="Xét ở phiên cuối năm")
    written = seats(council)["thanhvien2"]
    services.meeting_update_attendance(meeting=meeting, presence={written.pk: MeetingAttendee.Presence.WRITTEN})
    return meeting


def test_a_full_meeting_through_the_portal(world, client, django_user_model):
    council, people = world
    meeting = prepared(world)
    ids = candidate_ids(meeting)
    assert set(ids) == {(title, code) for title in ("ldtt", "cstdcs") for code in "ABCD"}  # the eligible ones
    member = seats(council)

    client.force_login(member["chutich"].user)
    assert post_vote(client, meeting, ids, votes([True] * 4)).status_code == 400  # the ballot is not open yet
    assert not SealedBallot.objects.exists()
    services.ballot_open(meeting=meeting)
    response = client.get(f"/don-vi/hoi-dong/phien/{meeting.pk}/")
    assert response.status_code == 200
    assert "Phiếu bầu kín" in response.content.decode()

    # Four members vote online; the chair first votes otherwise, then changes the vote.
    assert post_vote(client, meeting, ids, votes([False, False, False, False])).status_code == 302
    assert post_vote(client, meeting, ids, votes([True, True, True, True])).status_code == 302
    for username, ballot in (
        ("phochutich", votes([True, True, True, True])),
        ("thuky", votes([True, True, False, True], ld_d=False)),
        ("thanhvien1", votes([True, False, True, False], ld_d=False)),
    ):
        client.force_login(member[username].user)
        assert post_vote(client, meeting, ids, ballot).status_code == 302
    # The secretary enters the written vote of the absent member.
    client.force_login(member["thuky"].user)
    written = {f"c{pk}": "1" if votes([True, True, True, False], ld_d=False)[key] else "0" for key, pk in ids.items()}
    written["member"] = member["thanhvien2"].pk
    response = client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/phieu-vang-mat/", written)
    assert response.status_code == 302
    assert BallotReceipt.objects.filter(meeting=meeting).count() == 5
    assert BallotReceipt.objects.get(member=member["thanhvien2"]).written

    # Only the chair closes.
    assert client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/dong/").status_code == 404
    client.force_login(member["chutich"].user)
    assert client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/dong/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == CouncilMeeting.Status.CLOSED

    result = {(c.title.code, c.person.code): c for c in meeting.candidates.select_related("title", "person")}
    assert [result[("cstdcs", code)].votes_for for code in "ABCD"] == [5, 4, 4, 3]  # the chair's last vote counted
    assert result[("cstdcs", "D")].result == "failed"  # 3 of 5 < 80 %
    assert result[("cstdcs", "A")].result == "passed"  # first in the order of the votes
    assert result[("cstdcs", "B")].result == result[("cstdcs", "C")].result == "tie"  # one place left for two
    assert result[("ldtt", "D")].votes_for == 2 and result[("ldtt", "D")].result == "failed"  # not more than half
    assert all(result[("ldtt", code)].result == "passed" for code in "ABC")  # no quota on LĐTT
    assert meeting.tally[str(b.title("cstdcs").pk)]["quota"]["max"] == 2
    assert meeting.tally[str(b.title("cstdcs").pk)]["person"]["needed"] == 4

    page = client.get(f"/don-vi/hoi-dong/phien/{meeting.pk}/ket-qua/").content.decode()
    assert "5/5" in page and "4/5" in page and "3/5" in page
    suggestion = page[page.index("Thứ tự gợi ý") :]
    assert suggestion.index("Người C") < suggestion.index("Người B")  # a woman first
    # The chair settles the tie for C.
    response = client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/ket-qua/", {"chosen": [result[("cstdcs", "C")].pk]})
    assert response.status_code == 302
    result[("cstdcs", "C")].refresh_from_db()
    result[("cstdcs", "B")].refresh_from_db()
    assert (result[("cstdcs", "C")].result, result[("cstdcs", "B")].result) == ("passed", "over-quota")
    assert result[("cstdcs", "C")].settled_by_chair


def voted_meeting(world, ballots=None):
    """The prepared meeting, opened, every present member voting yes, the written vote entered, closed."""
    council, _people = world
    meeting = prepared(world)
    services.ballot_open(meeting=meeting)
    member = seats(council)
    ids = candidate_ids(meeting)
    ballots = ballots or {}
    for username in NAMES:
        agree = ballots.get(username, votes([True, True, True, True]))
        choices = {pk: agree[key] for key, pk in ids.items()}
        if username == "thanhvien2":
            services.ballot_vote(
                meeting=meeting, member=member[username], choices=choices, user=member["thuky"].user, written=True
            )
        else:
            services.ballot_vote(meeting=meeting, member=member[username], choices=choices)
    services.ballot_close(meeting=meeting, user=member["chutich"].user)
    meeting.refresh_from_db()
    return meeting


def test_a_member_sees_only_their_own_choices_and_votes_once(world, client):
    council, _people = world
    meeting = prepared(world)
    services.ballot_open(meeting=meeting)
    ids = candidate_ids(meeting)
    member = seats(council)
    client.force_login(member["phochutich"].user)
    post_vote(client, meeting, ids, votes([False, True, True, True]))
    client.force_login(member["chutich"].user)
    post_vote(client, meeting, ids, votes([True, True, True, True]))
    post_vote(client, meeting, ids, votes([True, True, True, True]))  # again: the same ballot, replaced
    page = client.get(f"/don-vi/hoi-dong/phien/{meeting.pk}/").content.decode()
    disagree = f'name="c{ids[("cstdcs", "A")]}" value="0" checked'
    assert disagree not in page  # the deputy's choice is not shown to the chair
    assert f'name="c{ids[("cstdcs", "A")]}" value="1" checked' in page  # the chair's own is
    assert BallotReceipt.objects.filter(meeting=meeting).count() == 2
    assert SealedBallot.objects.filter(meeting=meeting).count() == 2
    client.force_login(member["phochutich"].user)
    page = client.get(f"/don-vi/hoi-dong/phien/{meeting.pk}/").content.decode()
    assert disagree in page  # the deputy finds their own ballot again
    # An incomplete ballot is refused, the choices kept, the missing one marked.
    data = {f"c{pk}": "1" for key, pk in ids.items() if key != ("ldtt", "D")}
    response = client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/", data)
    assert response.status_code == 400
    assert "Chọn đồng ý hoặc không đồng ý" in response.content.decode()
    assert f'name="c{ids[("ldtt", "A")]}" value="1" checked' in response.content.decode()
    # A member recorded absent cannot vote online; the written vote is the secretary's alone.
    with pytest.raises(ValidationError):
        services.ballot_vote(meeting=meeting, member=member["thanhvien2"], choices={pk: True for pk in ids.values()})
    with pytest.raises(ValidationError):
        services.ballot_vote(
            meeting=meeting,
            member=member["thanhvien2"],
            choices={pk: True for pk in ids.values()},
            user=member["thanhvien1"].user,
            written=True,
        )


def test_a_closed_ballot_cannot_change(world, client):
    council, _people = world
    meeting = voted_meeting(world)
    member = seats(council)
    ids = {c.pk for c in meeting.candidates.filter(included=True)}
    with pytest.raises(ValidationError):
        services.ballot_vote(meeting=meeting, member=member["thanhvien1"], choices={pk: False for pk in ids})
    with pytest.raises(ValidationError):
        services.ballot_close(meeting=meeting, user=member["chutich"].user)
    with pytest.raises(ValidationError):
        services.candidate_set_included(candidate=meeting.candidates.first(), included=False, reason="muộn")
    client.force_login(member["thanhvien1"].user)
    before = list(meeting.candidates.values_list("votes_for", flat=True))
    response = client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/", {f"c{pk}": "0" for pk in ids})
    assert response.status_code == 302 and response["Location"].endswith("/ket-qua/")
    assert list(meeting.candidates.values_list("votes_for", flat=True)) == before
    assert BallotChoice.objects.filter(candidate__meeting=meeting).count() == 5 * len(ids)


def test_no_row_joins_a_choice_to_a_voter_after_closing(world):
    meeting = voted_meeting(world)
    assert SealedBallot.objects.count() == 0  # the sealed ballots are gone …
    assert meeting.seal_salt == ""  # … and so is the salt that found them
    with pytest.raises(ValueError):
        councils.seal(meeting, meeting.council.members.first())
    # A choice holds its candidate and agree/disagree, nothing else; a candidate names no voter.
    assert {field.name for field in BallotChoice._meta.concrete_fields} == {"id", "candidate", "agree"}
    voters = {CouncilMember, apps.get_model(settings.AUTH_USER_MODEL)}
    for model in (BallotChoice, MeetingCandidate):
        assert not [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in voters], (
            model.__name__
        )
    # No table with a voter in it holds a choice or a candidate.
    for model in apps.get_app_config("emulation").get_models():
        fields = model._meta.concrete_fields
        if any(f.is_relation and f.related_model in voters for f in fields):
            assert not [f for f in fields if f.is_relation and f.related_model in (BallotChoice, MeetingCandidate)], (
                model.__name__
            )
            assert not [f for f in fields if f.get_internal_type() == "JSONField" and f.name != "tally"], model.__name__
    # The receipts say that the five voted, and that is all.
    assert {f.name for f in BallotReceipt._meta.concrete_fields} == {"id", "meeting", "member", "written", "entered_by"}
    assert BallotReceipt.objects.filter(meeting=meeting).count() == 5


def test_the_initiative_council_needs_two_thirds_of_all_members():
    from fractions import Fraction

    council = Council(name="Hội đồng sáng kiến", year=2020, kind=Council.Kind.INITIATIVE)
    threshold = councils.threshold_for(council, None, "person", None)
    assert threshold.share == Fraction(2, 3) and "Thông tư 18/2013" in threshold.source
    assert threshold.needed(9) == 6 and threshold.needed(7) == 5
    council.vote_threshold = 66.67  # as typed by the office: two thirds
    assert councils.threshold_for(council, None, "person", None).needed(9) == 6


def test_issuing_the_decision_creates_its_list_once(world):
    council, people = world
    meeting = voted_meeting(world)  # everyone agrees: A, B, C, D tie for CSTĐCS at 5 votes, two places
    tied = list(meeting.candidates.filter(result="tie").select_related("person"))
    assert len(tied) == 4
    services.ties_settle(
        meeting=meeting,
        chosen=[c.pk for c in tied if c.person.code in "AC"],
        user=seats(council)["chutich"].user,
    )
    issue = {
        "meeting": meeting,
        "number": "1198/QĐ-SCT",
        "date": datetime.date(2020, 12, 18),
        "authority": "Sở Công Thương",
        "public_titles": [b.title("cstdcs").pk],
    }
    created, proposals, existing = services.decision_issue(**issue)
    assert sorted((a.title.code, a.person.code) for a in created) == sorted(
        [("ldtt", code) for code in "ABCD"] + [("cstdcs", "A"), ("cstdcs", "C")]
    )
    assert proposals == [] and existing == []
    award = Award.objects.get(title__code="cstdcs", person=people["A"])
    assert (award.votes_for, award.council_size, award.public) == (5, 5, True)
    assert award.decision.number == "1198/QĐ-SCT"
    assert award.initiative.code == "SK-A"  # the initiative it rests on, linked by the service
    assert not Award.objects.get(title__code="ldtt", person=people["A"]).public
    created, proposals, existing = services.decision_issue(**issue)  # the same decision again
    assert created == [] and len(existing) == 6
    assert Award.objects.count() == 6


def test_a_title_a_higher_body_decides_is_a_proposal(world):
    council, people = world
    meeting = prepared(world)
    services.candidate_add(meeting=meeting, title=b.title("cstd-tinh"), person=people["A"], reason="Đề nghị của đơn vị")
    for candidate in meeting.candidates.exclude(title__code="cstd-tinh"):
        services.candidate_set_included(candidate=candidate, included=False, reason="Xét ở phiên khác")
    services.ballot_open(meeting=meeting)
    member = seats(council)
    (pk,) = meeting.candidates.filter(included=True).values_list("pk", flat=True)
    for username in NAMES[:4]:
        services.ballot_vote(meeting=meeting, member=member[username], choices={pk: True})
    services.ballot_close(meeting=meeting, user=member["chutich"].user)
    candidate = MeetingCandidate.objects.get(pk=pk)
    assert candidate.result == "failed"  # 4 of 5 = 80 % < 90 % of all members, the absent one counted
    assert meeting.candidates.get(pk=pk).votes_for == 4


def test_candidates_are_taken_off_or_added_with_a_reason(world):
    council, people = world
    meeting = prepared(world)
    candidate = meeting.candidates.get(title__code="ldtt", person=people["D"])
    with pytest.raises(ValidationError) as refused:
        services.candidate_set_included(candidate=candidate, included=False)
    assert "reason" in refused.value.message_dict
    services.candidate_set_included(candidate=candidate, included=False, reason="Chuyển công tác")
    with pytest.raises(ValidationError):
        services.candidate_add(meeting=meeting, title=b.title("cstd-tinh"), person=people["D"])
    added = services.candidate_add(
        meeting=meeting, title=b.title("cstd-tinh"), person=people["D"], reason="Thành tích đột xuất"
    )
    assert not added.eligible and added.included


@pytest.fixture
def many(db):
    """A meeting with 60 candidates put to the vote, opened."""
    b.plan_year(2020, registration=False, strict_initiative=False)
    unit = b.unit("QLTM", name="Phòng Quản lý Thương mại")
    council = council_of(2020)
    meeting = CouncilMeeting.objects.create(council=council, date=datetime.date(2020, 12, 15))
    ldtt = b.title("ldtt")
    for person in b.members(unit, 60):
        MeetingCandidate.objects.create(meeting=meeting, person=person, title=ldtt, eligible=False)
    services.ballot_open(meeting=meeting)
    return meeting


def test_ballot_pages_keep_a_bounded_number_of_queries(many, client, django_assert_max_num_queries):
    member = seats(many.council)
    client.force_login(member["chutich"].user)
    ids = list(many.candidates.values_list("pk", flat=True))
    with django_assert_max_num_queries(20):
        assert client.get(f"/don-vi/hoi-dong/phien/{many.pk}/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.post(f"/don-vi/hoi-dong/phien/{many.pk}/", {f"c{pk}": "1" for pk in ids}).status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(f"/don-vi/hoi-dong/phien/{many.pk}/")
    assert page.content.decode().count('value="1" checked') == 60
    services.ballot_close(meeting=many, user=member["chutich"].user)
    with django_assert_max_num_queries(20):
        assert client.get(f"/don-vi/hoi-dong/phien/{many.pk}/ket-qua/").status_code == 200


def test_only_the_members_reach_the_ballot_pages(world, client, django_user_model):
    council, _people = world
    meeting = prepared(world)
    services.ballot_open(meeting=meeting)
    other = b.unit_account(b.unit("TTKC", name="Trung tâm Khuyến công"), "ttkc").user
    editor = django_user_model.objects.create_user("bientap", password=b.PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    office = django_user_model.objects.create_user("chanhvp", password=b.PASSWORD)
    office.groups.add(Group.objects.get(name="Văn phòng"))
    urls = [
        f"/don-vi/hoi-dong/phien/{meeting.pk}/",
        f"/don-vi/hoi-dong/phien/{meeting.pk}/phieu-vang-mat/",
        f"/don-vi/hoi-dong/phien/{meeting.pk}/ket-qua/",
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith("/tai-khoan/dang-nhap/"), url  # signed out
        for who in (other, editor, office):
            client.force_login(who)
            assert client.get(url).status_code == 404, (url, who)
            assert client.post(url, {}).status_code == 404, (url, who)
            client.logout()
    client.force_login(other)
    assert client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/dong/").status_code == 404
    assert "không là thành viên" in client.get("/don-vi/hoi-dong/").content.decode()
    # A member who is not the secretary does not reach the written votes; one who is not the chair cannot close.
    client.force_login(seats(council)["thanhvien1"].user)
    assert client.get(urls[1]).status_code == 404
    assert client.post(f"/don-vi/hoi-dong/phien/{meeting.pk}/dong/").status_code == 404
    assert client.get(urls[0]).status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == "open"


def test_the_office_prepares_opens_and_issues_in_the_admin(world, client, django_user_model):
    council, people = world
    office = django_user_model.objects.create_user("chanhvp", password=b.PASSWORD)
    office.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(office)
    for url in ("/admin/snippets/emulation/council/", "/admin/snippets/emulation/councilmeeting/"):
        assert client.get(url).status_code == 200
    response = client.post(
        "/admin/snippets/emulation/councilmeeting/add/",
        {"council": council.pk, "date": "2020-12-15", "place": "Phòng họp"},
    )
    meeting = CouncilMeeting.objects.get()
    assert response["Location"] == f"/admin/emulation/meetings/{meeting.pk}/"
    assert meeting.candidates.count() == 12 and meeting.attendees.count() == 5  # LĐTT, CSTĐCS, Giấy khen
    url = f"/admin/emulation/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    assert "Người A" in page and "Mở bỏ phiếu kín" in page
    candidate = meeting.candidates.get(title__code="ldtt", person=people["D"])
    client.post(url, {"action": "exclude", "candidate": candidate.pk, "reason": ""})
    candidate.refresh_from_db()
    assert candidate.included  # refused without a reason
    client.post(url, {"action": "exclude", "candidate": candidate.pk, "reason": "Chuyển công tác"})
    candidate.refresh_from_db()
    assert not candidate.included and candidate.reason == "Chuyển công tác"
    added = {"action": "add", "add-title": b.title("giay-khen").pk, "add-person": people["D"].pk, "add-reason": ""}
    response = client.post(url, added)
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()
    client.post(url, {"action": "open"})
    meeting.refresh_from_db()
    assert meeting.status == "open"
    dashboard = client.get("/admin/").content.decode()
    assert "1 phiên bỏ phiếu của hội đồng đang mở" in dashboard
    assert "0/5 thành viên" in dashboard


def test_the_office_issues_the_decision_from_the_meeting_page(world, client, django_user_model):
    council, people = world
    meeting = voted_meeting(world)
    chair = seats(council)["chutich"].user
    tied = meeting.candidates.filter(result="tie").select_related("person")
    services.ties_settle(meeting=meeting, chosen=[c.pk for c in tied if c.person.code in "AB"], user=chair)
    office = django_user_model.objects.create_user("chanhvp", password=b.PASSWORD)
    office.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(office)
    url = f"/admin/emulation/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    assert "Ban hành quyết định cho danh sách đạt" in page and "5/5" in page
    data = {"action": "issue", "number": "", "date": "18/12/2020", "authority": "Sở Công Thương"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Award.objects.exists()  # the number is required: nothing issued
    response = client.post(url, {**data, "number": "1198/QĐ-SCT", "public_titles": [b.title("cstdcs").pk]})
    assert response.status_code == 302
    assert Award.objects.filter(decision__number="1198/QĐ-SCT").count() == 6
    assert set(Award.objects.filter(public=True).values_list("person__code", flat=True)) == {"A", "B"}
    client.post(url, {**data, "number": "1198/QĐ-SCT"})
    assert Award.objects.count() == 6
    # The council's members see the result; the written voter's receipt says only that a vote was entered.
    client.force_login(seats(council)["thanhvien2"].user)
    assert "Quyết định số 1198/QĐ-SCT" in client.get(f"/don-vi/hoi-dong/phien/{meeting.pk}/ket-qua/").content.decode()


def test_the_demo_has_a_closed_2020_ballot_giving_its_awards_and_an_open_one(demo, client):
    from django.contrib.auth import get_user_model

    closed = CouncilMeeting.objects.get(council__year=2020, council__kind=Council.Kind.DEPARTMENT)
    assert closed.status == "closed" and closed.decision.number.startswith("1198/")
    passed = set(closed.candidates.filter(result="passed", title__code="cstdcs").values_list("person__code", flat=True))
    awarded = set(Award.objects.filter(year=2020, title__code="cstdcs").values_list("person__code", flat=True))
    assert passed == awarded and len(passed) == 4  # the quota of 4, in the order of the votes
    assert closed.candidates.filter(result="over-quota", title__code="cstdcs").count() == 1
    for candidate in closed.candidates.filter(result="passed").exclude(title__code="ttldxs"):
        recipient = {"person": candidate.person} if candidate.person_id else {"unit": candidate.unit}
        assert Award.objects.filter(year=2020, title=candidate.title, **recipient).exists(), candidate
    assert BallotReceipt.objects.filter(meeting=closed, written=True).count() == 1
    opened = CouncilMeeting.objects.get(status="open")
    chair = get_user_model().objects.get(username="chutich")
    client.force_login(chair)
    page = client.get("/don-vi/hoi-dong/").content.decode()
    assert "bạn chưa bỏ phiếu" in page
    ids = list(opened.candidates.filter(included=True).values_list("pk", flat=True))
    assert ids
    response = client.post(f"/don-vi/hoi-dong/phien/{opened.pk}/", {f"c{pk}": "1" for pk in ids})
    assert response.status_code == 302
    assert BallotReceipt.objects.filter(meeting=opened).count() == 1
