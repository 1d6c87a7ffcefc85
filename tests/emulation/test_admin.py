import csv
import io
from collections import Counter

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from emulation.models import Award, Person
from home.models import HomePage, PlanPage, PlanTask
from tests.emulation import builders as b
from tests.factories import date, make_plan, make_task

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


@pytest.fixture
def office_2020():
    """The office's 2020 under the plan's rules: seven people graded 'hoàn thành tốt', two registered for
    Chiến sĩ thi đua cơ sở and five for Lao động tiên tiến (so the 15 % quota of CSTĐCS is 1 of 7)."""
    unit = b.unit("VP", name="Văn phòng Sở")
    people = [b.person(f"P{i}", unit) for i in range(1, 8)]
    b.register(unit, entries=[(p, "cstdcs") for p in people[:2]] + [(p, "ldtt") for p in people[2:]])
    b.plan_year(2020)
    return people


def add_award(client, person, code, **fields):
    data = {"year": 2020, "person": person.pk, "title": b.title(code).pk, "votes_for": "", "council_size": ""}
    return client.post("/admin/snippets/emulation/award/add/", {**data, **fields})


def test_the_office_is_refused_an_award_with_the_rule_named(office_2020, admin_client):
    """The 'Done when': CSTĐCS for someone with no recognised initiative is refused, naming rule and source."""
    person = office_2020[1]  # registered for CSTĐCS, graded 'hoàn thành tốt', no initiative
    response = add_award(admin_client, person, "cstdcs", achievement="Hoàn thành xuất sắc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có sáng kiến được công nhận (phạm vi cơ sở trở lên) trong năm 2020" in html
    # The law's rule and the plan's own impose the same condition: one reason, citing both sources.
    assert f"Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3 điểm b; {b.PLAN_SOURCE})" in html
    assert html.count("Không có sáng kiến được công nhận") == 1
    assert "Hoàn thành xuất sắc" in html  # what was typed is kept
    assert not Award.objects.exists()


def test_an_award_that_obeys_the_rules_is_saved_in_the_admin(office_2020, admin_client):
    holder, candidate = office_2020[:2]
    b.initiative("SK1", [holder])
    b.initiative("SK2", [candidate])
    given = b.award(holder, "cstdcs")  # the only CSTĐCS the quota allows
    response = add_award(admin_client, candidate, "cstdcs")
    assert response.status_code == 200
    assert (
        "Vượt tỷ lệ: tối đa 1 Chiến sĩ thi đua cơ sở trên 7 người đạt Lao động tiên tiến (15%); đã tặng 1."
        in response.content.decode()
    )
    assert not Award.objects.filter(person=candidate).exists()
    given.delete()
    response = add_award(admin_client, candidate, "cstdcs")
    assert response.status_code == 302
    assert Award.objects.filter(year=2020, person=candidate, title__code="cstdcs").exists()


def test_the_years_awards_export_to_excel_and_csv(admin_client):
    b.unit("VP", name="Văn phòng Sở")
    centre = b.unit("TTKC", name="Trung tâm Khuyến công")
    b.imported(
        people=[
            ["A01", "Nguyễn Văn An", "Chánh Văn phòng", "VP"],
            ["B02", "Trần Thị Bích", "", "VP"],
            ["C03", "Lê Văn Cường", "Chuyên viên", "TTKC"],
        ]
    )
    an, bich, cuong = (Person.objects.get(code=code) for code in ("A01", "B02", "C03"))
    for person in (an, bich, cuong):
        b.award(person, "ldtt")
    b.award(an, "cstdcs")
    b.award(centre, "ttldtt")
    b.award(bich, "ldtt", year=2019)  # another year: not in 2020's export
    response = admin_client.get("/admin/snippets/emulation/award/?year=2020&export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Khen thưởng"  # the records workbook's sheet, in its columns
    assert rows[0] == (
        "Năm",
        "Mã",
        "Đối tượng",
        "Danh hiệu / hình thức",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Công khai",
        "Đơn vị",
    )
    assert Counter((row[:4], row[7], row[8]) for row in rows[1:]) == Counter(
        [
            ((2020, "A01", "Cá nhân", "Lao động tiên tiến"), "Không", "Văn phòng Sở"),
            ((2020, "B02", "Cá nhân", "Lao động tiên tiến"), "Không", "Văn phòng Sở"),
            ((2020, "C03", "Cá nhân", "Lao động tiên tiến"), "Không", "Trung tâm Khuyến công"),
            ((2020, "A01", "Cá nhân", "Chiến sĩ thi đua cơ sở"), "Không", "Văn phòng Sở"),
            ((2020, "TTKC", "Tập thể", "Tập thể lao động tiên tiến"), "Không", "Trung tâm Khuyến công"),
        ]
    )
    assert len(rows) - 1 == Award.objects.filter(year=2020).count()
    response = admin_client.get("/admin/snippets/emulation/person/?export=csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == ["Mã", "Họ và tên", "Chức vụ", "Mã đơn vị", "Giới tính", "Loại", "Ngày vào làm", "Đơn vị"]
    assert sorted(lines[1:]) == [
        ["A01", "Nguyễn Văn An", "Chánh Văn phòng", "VP", "", "", "", "Văn phòng Sở"],
        ["B02", "Trần Thị Bích", "", "VP", "", "", "", "Văn phòng Sở"],
        ["C03", "Lê Văn Cường", "Chuyên viên", "TTKC", "", "", "", "Trung tâm Khuyến công"],
    ]


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


CRITERIA = [("Tính mới", 30), ("Khả năng áp dụng, nhân rộng", 30), ("Hiệu quả mang lại", 40)]


@pytest.fixture
def plan_2020(home_page):
    """2020's rule set (the plan's two rules, a three-line scoring grid) and its published plan page, with a task
    dated 30/10/2020 and one that names the next year."""
    year = b.plan_year(2020)
    b.scoring_grid(year, CRITERIA)
    tasks = [
        make_task("3.2", deadline=date("30/10/2020"), kind=PlanTask.DeadlineKind.ON, period="q3"),
        make_task(
            "4.3",
            text="Báo cáo tổng kết năm 2020, phương hướng nhiệm vụ, kế hoạch năm 2021.",
            deadline=date("31/12/2020"),
            kind=PlanTask.DeadlineKind.MONTH,
            period="q4",
        ),
        make_task("4.4", note="Theo Kế hoạch của Khối", period="q4"),
    ]
    return make_plan(home_page, year=2020, tasks=tasks)


def test_open_year_copies_the_rule_set_and_the_plan(plan_2020, capsys):
    from emulation.models import EmulationYear

    call_command("open_year", "2031", "--from", "2020")
    out = capsys.readouterr().out
    assert "Đã mở năm 2031 từ năm 2020." in out
    assert "(bản nháp)" in out
    source, year = EmulationYear.objects.get(year=2020), EmulationYear.objects.get(year=2031)
    assert year.registration_deadline.isoformat() == "2031-02-28"  # a Friday
    assert year.initiative_deadline.isoformat() == "2031-08-28"
    # 2031 falls under Law 2022: the registration (local procedure) is kept; the plan's "no initiative, no CSTĐCS"
    # is not, since the law fixes the criteria of CSTĐCS (HTXS may stand for the initiative), and it says so.
    assert [rule.rule for rule in year.rules.all()] == ["registration-required"]
    kept = source.rules.get(rule="registration-required")
    assert [(r.title_id, r.scope, r.source) for r in year.rules.all()] == [(kept.title_id, kept.scope, kept.source)]
    assert "không được chuyển sang năm mới" in out
    assert "Chiến sĩ thi đua cơ sở" in out
    assert [(c.name, c.max_points) for c in year.criteria.all()] == CRITERIA
    plan = PlanPage.objects.get(year=2031)
    assert not plan.live
    assert plan.title == "Kế hoạch thi đua năm 2031"
    latest = plan.get_latest_revision_as_object()
    tasks = {task.number: task for task in latest.tasks.all()}
    assert tasks["3.2"].deadline.isoformat() == "2031-10-30"
    assert tasks["4.3"].text == "Báo cáo tổng kết năm 2031, phương hướng nhiệm vụ, kế hoạch năm 2032."
    assert tasks["4.4"].deadline is None


def test_records_keep_their_history(admin_client, django_user_model):
    import datetime
    from zoneinfo import ZoneInfo

    from wagtail.models import ModelLogEntry

    from emulation import services

    office = django_user_model.objects.get(username="office")
    unit = b.unit("VP")
    b.imported(user=office, people=[["P04", "Phạm Thị Dung", "Chuyên viên", "VP"]])
    person = Person.objects.get(code="P04")
    created = ModelLogEntry.objects.filter(
        object_id=str(person.pk), action="wagtail.create", content_type__model="person"
    )
    assert created.count() == 1
    assert created.get().user == office
    b.plan_year(2020)
    registration = b.register(unit, status="returned")
    submitter = b.unit_account(unit, "nguoi-gui-dang-ky").user
    url = f"/admin/snippets/emulation/emulationregistration/history/{registration.pk}/"
    before = admin_client.get(url)
    assert before.status_code == 200
    assert "nguoi-gui-dang-ky" not in before.content.decode()
    services.registration_submit(
        registration=registration,
        user=submitter,
        when=datetime.datetime(2020, 2, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    registration.refresh_from_db()
    assert registration.status == "submitted"
    assert registration.latest_revision.user == submitter
    history = admin_client.get(url)
    assert history.status_code == 200
    assert "nguoi-gui-dang-ky" in history.content.decode()


def test_the_office_opens_a_year_from_the_admin(plan_2020, admin_client):
    from emulation.models import EmulationYear

    response = admin_client.post("/admin/emulation/open-year/", {"year": 2032, "source": 2020})
    assert response.status_code == 302
    plan = PlanPage.objects.get(year=2032)
    assert response["Location"] == f"/admin/pages/{plan.pk}/edit/"
    assert not plan.live
    assert EmulationYear.objects.filter(year=2032).exists()
    again = admin_client.post("/admin/emulation/open-year/", {"year": 2032, "source": 2020})
    assert again.status_code == 200
    assert "Năm 2032 đã được mở." in again.content.decode()
    assert PlanPage.objects.filter(year=2032).count() == 1


def test_the_council_sees_each_members_scores(admin_client):
    year = b.plan_year(2020)
    criteria = b.scoring_grid(year, CRITERIA)
    author = b.person("P04", b.unit("VP", name="Văn phòng Sở"))
    scored = b.initiative("SK2020-02", [author])
    b.scores(
        scored,
        criteria,
        {"Thành viên Một": [28, 25, 36], "Thành viên Hai": [24, 27, 30], "Thành viên Ba": [20, 22, 33]},
    )
    b.initiative("SK2019-01", [author], year=2019)
    response = admin_client.get(f"/admin/emulation/initiative/inspect/{scored.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cán bộ P04 (P04, Văn phòng Sở)" in html
    assert "Tính mới (30)" in html
    assert "Hiệu quả mang lại (40)" in html
    assert html.count("<tr><td>") == 3  # one row per council member
    assert "<tr><td>Thành viên Hai</td><td>24,00</td><td>27,00</td><td>30,00</td><td><strong>81,00</strong>" in html
    assert "Điểm trung bình của các thành viên" in html
    assert "<th>81,67</th>" in html  # (89 + 81 + 75) / 3
    listing = admin_client.get("/admin/emulation/initiative/?year=2020")
    assert listing.status_code == 200
    assert "SK2020-02" in listing.content.decode()
    assert "SK2019-01" not in listing.content.decode()
    every_year = admin_client.get("/admin/emulation/initiative/")
    assert every_year.status_code == 200
    assert "SK2019-01" in every_year.content.decode()


def test_editors_can_upload_images_and_documents(client, django_user_model, db):
    login_as(client, django_user_model, "Biên tập viên")
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert client.get("/admin/images/multiple/add/").status_code == 200


def test_the_menu_groups_the_offices_work_and_repeats_no_name(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    from tests.factories import admin_menu

    labels, submenus = admin_menu(response.content.decode())
    menus = {label: [item for item, _url in items] for label, items in submenus.items()}
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    assert not duplicates
    assert {"Đơn vị", "Cá nhân", "Đăng ký thi đua", "Sáng kiến và chấm điểm", "Nhập dữ liệu"} <= set(
        menus["Hồ sơ thi đua"]
    )
    assert {"Xét điều kiện khen thưởng", "Khen thưởng", "Quyết định"} <= set(menus["Hội đồng và quyết định"])
    assert "Báo cáo thi đua – khen thưởng" in menus["Báo cáo"]
    assert {"Danh hiệu và hình thức", "Khung pháp lý"} <= set(menus["Cài đặt"])
    # the listings keep their addresses
    for url in (
        "/admin/snippets/emulation/unit/",
        "/admin/snippets/emulation/award/",
        "/admin/snippets/emulation/title/",
    ):
        assert admin_client.get(url).status_code == 200, url
