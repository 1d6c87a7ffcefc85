import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from emulation.models import Award, Person
from home.models import HomePage
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db

SCREENS = {
    "evaluations": "/admin/snippets/emulation/evaluation/",
    "eligibility": "/admin/emulation/eligibility/?year=2020",
    "awards": "/admin/snippets/emulation/award/",
    "people": "/admin/snippets/emulation/person/",
    "initiatives": "/admin/emulation/initiative/",
    "import": "/admin/emulation/import/",
    "pages": "/admin/pages/{home}/",
}
CAN_SEE = {
    "Văn phòng": {"evaluations", "eligibility", "awards", "people", "initiatives", "import", "pages"},
    "Hội đồng thi đua – khen thưởng": {"evaluations", "eligibility", "awards", "people", "initiatives"},
    "Hội đồng sáng kiến": {"people", "initiatives"},
    "Biên tập viên": {"pages"},
}


def login_as(client, django_user_model, group):
    user = django_user_model.objects.create_user(f"u-{len(group)}", password="pw")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.mark.parametrize("group", list(CAN_SEE))
def test_each_group_sees_only_its_screens(group, client, django_user_model):
    b.plan_year(2020)
    login_as(client, django_user_model, group)
    home = HomePage.objects.get()
    for screen, url in SCREENS.items():
        status = client.get(url.format(home=home.pk)).status_code
        if screen in CAN_SEE[group]:
            assert status == 200, (group, screen, status)
        else:
            assert status in (302, 403), (group, screen, status)


def test_unit_staff_group_has_no_admin(client, django_user_model):
    login_as(client, django_user_model, "Đơn vị")
    assert client.get("/admin/").status_code == 302


def test_council_can_give_awards_but_scoring_council_cannot(client, django_user_model):
    login_as(client, django_user_model, "Hội đồng thi đua – khen thưởng")
    assert client.get("/admin/snippets/emulation/award/add/").status_code == 200
    assert client.get("/admin/snippets/emulation/unit/add/").status_code in (302, 403)
    client.logout()
    login_as(client, django_user_model, "Hội đồng sáng kiến")
    assert client.get("/admin/snippets/emulation/award/add/").status_code in (302, 403)


def test_the_office_is_refused_an_award_with_the_rule_named(demo, admin_client):
    """The 'Done when': CSTĐCS for someone with no recognised initiative is refused, naming rule and source."""
    person = Person.objects.get(code="P002")
    before = Award.objects.count()
    response = admin_client.post(
        "/admin/snippets/emulation/award/add/",
        {
            "year": 2020,
            "person": person.pk,
            "title": b.title("cstdcs").pk,
            "achievement": "Hoàn thành xuất sắc",
            "votes_for": "",
            "council_size": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có sáng kiến được công nhận (phạm vi cơ sở trở lên) trong năm 2020" in html
    assert "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 điểm b" in html
    assert "Hoàn thành xuất sắc" in html  # what was typed is kept
    assert Award.objects.count() == before


def test_an_award_that_obeys_the_rules_is_saved_in_the_admin(demo, admin_client):
    person = Person.objects.get(code="P012")  # eligible for CSTĐCS, but the quota (4) is used up in the demo
    response = admin_client.post(
        "/admin/snippets/emulation/award/add/",
        {"year": 2020, "person": person.pk, "title": b.title("cstdcs").pk, "votes_for": "", "council_size": ""},
    )
    assert (
        "Vượt tỷ lệ: tối đa 4 Chiến sĩ thi đua cơ sở trên 32 người đạt Lao động tiên tiến" in response.content.decode()
    )
    Award.objects.filter(year=2020, person__code="P001", title__code="cstdcs").delete()
    response = admin_client.post(
        "/admin/snippets/emulation/award/add/",
        {"year": 2020, "person": person.pk, "title": b.title("cstdcs").pk, "votes_for": "", "council_size": ""},
    )
    assert response.status_code == 302
    assert Award.objects.filter(year=2020, person=person, title__code="cstdcs").exists()


def test_the_years_awards_export_to_excel_and_csv(demo, admin_client):
    response = admin_client.get("/admin/snippets/emulation/award/?year=2020&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Năm", "Mã cá nhân", "Họ và tên", "Mã đơn vị", "Tên đơn vị", "Danh hiệu / hình thức")
    assert len(rows) - 1 == Award.objects.filter(year=2020).count() == 44
    assert ("P004", "Phạm Thị Dung", "Chiến sĩ thi đua cơ sở") in {(r[1], r[2], r[5]) for r in rows}
    response = admin_client.get("/admin/snippets/emulation/person/?export=csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == ["Mã", "Họ và tên", "Chức vụ", "Mã đơn vị"]
    assert len(lines) == 41


def test_exported_cells_never_run_as_formulas(db, admin_client):
    b.person("F1", b.unit("VP"), grade=None).__class__.objects.filter(code="F1").update(full_name='=HYPERLINK("x")')
    response = admin_client.get("/admin/snippets/emulation/person/?export=csv")
    assert "'=HYPERLINK" in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/emulation/award/",
        "/admin/snippets/emulation/person/",
        "/admin/emulation/initiative/",
        "/admin/snippets/emulation/emulationregistration/",
    ],
)
def test_listings_keep_a_bounded_number_of_queries(url, db, admin_client, django_assert_max_num_queries):
    unit = b.unit("VP")
    b.register(unit, year=2019)

    def grow(start, count):
        people = [Person(code=f"Q{i:05d}", full_name=f"Cán bộ {i}", unit=unit) for i in range(start, start + count)]
        Person.objects.bulk_create(people)
        people = list(Person.objects.filter(code__in=[p.code for p in people]))
        Award.objects.bulk_create(Award(year=2019, person=p, title=b.title("ldtt")) for p in people)
        for p in people[:10]:
            b.initiative(f"SK{p.code}", [p], year=2019)

    grow(0, 100)
    assert admin_client.get(url).status_code == 200
    with django_assert_max_num_queries(60) as small:
        assert admin_client.get(url).status_code == 200
    grow(100, 900)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_open_year_copies_the_rule_set_and_the_plan(demo, capsys):
    call_command("open_year", "2031", "--from", "2020")
    out = capsys.readouterr().out
    assert "Đã mở năm 2031 từ năm 2020." in out
    assert "(bản nháp)" in out
    from emulation.models import EmulationYear
    from home.models import PlanPage

    year = EmulationYear.objects.get(year=2031)
    assert year.registration_deadline.isoformat() == "2031-02-28"
    assert [rule.rule for rule in year.rules.all()] == ["registration-required", "initiative-required"]
    assert year.criteria.count() == 3
    plan = PlanPage.objects.get(year=2031)
    assert not plan.live
    assert plan.title.endswith("năm 2031")
    latest = plan.get_latest_revision_as_object()
    assert {t.number: t.deadline.isoformat() for t in latest.tasks.all() if t.deadline}["3.2"] == "2031-10-30"
    assert "kế hoạch năm 2032" in next(t.text for t in latest.tasks.all() if t.number == "4.3")


def test_records_keep_their_history(demo, admin_client, django_user_model):
    import datetime
    from zoneinfo import ZoneInfo

    from wagtail.models import ModelLogEntry

    from emulation import services
    from emulation.models import EmulationRegistration

    person = Person.objects.get(code="P004")
    assert ModelLogEntry.objects.filter(
        object_id=str(person.pk), action="wagtail.create", content_type__model="person"
    ).exists()
    registration = EmulationRegistration.objects.get(year=2020, unit__code="VP")
    registration.status = "returned"
    registration.save()
    office = django_user_model.objects.get(username="office")
    services.registration_submit(
        registration=registration,
        user=office,
        when=datetime.datetime(2020, 2, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    registration.refresh_from_db()
    assert registration.status == "submitted"
    assert registration.latest_revision.user == office
    history = admin_client.get(f"/admin/snippets/emulation/emulationregistration/history/{registration.pk}/")
    assert history.status_code == 200
    assert "office" in history.content.decode()


def test_the_office_opens_a_year_from_the_admin(demo, admin_client):
    from emulation.models import EmulationYear
    from home.models import PlanPage

    response = admin_client.post("/admin/emulation/open-year/", {"year": 2032, "source": 2020})
    plan = PlanPage.objects.get(year=2032)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{plan.pk}/edit/"
    assert EmulationYear.objects.filter(year=2032).exists()
    again = admin_client.post("/admin/emulation/open-year/", {"year": 2032, "source": 2020}).content.decode()
    assert "Năm 2032 đã được mở." in again


def test_the_council_sees_each_members_scores(demo, admin_client):
    from emulation.models import Initiative

    initiative = Initiative.objects.get(code="SK2020-02")
    html = admin_client.get(f"/admin/emulation/initiative/inspect/{initiative.pk}/").content.decode()
    assert "Phạm Thị Dung (P004, Văn phòng Sở)" in html
    assert "Tính mới (30)" in html
    assert "Hiệu quả mang lại (40)" in html
    assert html.count("<tr><td>") == 5  # five council members
    assert "Điểm trung bình của các thành viên" in html
    listing = admin_client.get("/admin/emulation/initiative/?year=2020").content.decode()
    assert "SK2020-02" in listing
    assert "SK2018-01" not in listing


def test_editors_can_upload_images_and_documents(client, django_user_model, db):
    login_as(client, django_user_model, "Biên tập viên")
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert client.get("/admin/images/multiple/add/").status_code == 200
