"""The emulation bloc (Khối thi đua): the covenant opened from the year before, the portal's computed evidence, the
members' workbooks imported all or nothing, the results' ranking and its ties, bounded queries, the documents, and
the screens kept to the office."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from docx import Document

from emulation import bloc as computations
from emulation import services
from emulation.bloc_workbooks import SCORE_HEADER_ROW, SCORE_SHEET, member_template
from emulation.models import Bloc, BlocAgency, BlocMember, BlocPeriod, BlocScore, Covenant, CovenantCriterion, Measure
from tests.emulation import builders as b
from tests.factories import make_plan, make_task

YEAR_END = BlocPeriod.YEAR_END


def user_in(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username, password=b.PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_bloc(members=3, criteria=(), *, year=2020, head_is_own=False, **fields):
    """A bloc of `members` agencies (the Sở first) and its covenant with `criteria` (dicts of CovenantCriterion
    fields), through the services."""
    agencies = [BlocAgency(code="SCT", name="Sở Công Thương", is_own=True)]
    agencies += [BlocAgency(code=f"S{n:02d}", name=f"Sở thành viên {n:02d}") for n in range(1, members)]
    BlocAgency.objects.bulk_create([a for a in agencies if not BlocAgency.objects.filter(code=a.code).exists()])
    agencies = list(BlocAgency.objects.filter(code__in=[a.code for a in agencies]).order_by("-is_own", "code"))
    bloc = Bloc(name="Khối thi đua các sở, ngành kinh tế tỉnh", year=year, flag_quota=1, **fields)
    bloc.members = [
        BlocMember(
            agency=agency,
            role=BlocMember.Role.HEAD
            if (agency.is_own and head_is_own) or (not agency.is_own and n == 1 and not head_is_own)
            else BlocMember.Role.MEMBER,
            sort_order=n,
        )
        for n, agency in enumerate(agencies)
    ]
    services.bloc_save(bloc)
    covenant = Covenant(bloc=bloc)
    covenant.criteria = [
        CovenantCriterion(**{"group": "I. Nhóm", "kind": CovenantCriterion.Kind.CRITERION, **spec}, sort_order=n)
        for n, spec in enumerate(criteria)
    ]
    services.covenant_save(covenant)
    return bloc, covenant


PLAN_CRITERION = {
    "code": "1.1",
    "name": "Ban hành kế hoạch thi đua trước ngày 28/02",
    "max_points": Decimal(5),
    "measure": Measure.PLAN_ON_TIME,
    "measure_deadline": datetime.date(2020, 2, 28),
}


def own(bloc):
    return bloc.members.get(agency__is_own=True)


# -- the covenant opened from the previous year ------------------------------------------------------------------------


def test_a_year_opened_copies_the_bloc_and_its_covenant(db):
    bloc, covenant = make_bloc(
        3,
        [
            PLAN_CRITERION,
            {
                "code": "2.1",
                "name": "Sáng kiến năm 2020",
                "max_points": 10,
                "measure": Measure.INITIATIVES,
                "measure_target": 3,
            },
        ],
        half_year_conference=datetime.date(2020, 7, 10),
    )
    b.open_year(2021)
    opened = Bloc.objects.get(year=2021)
    assert opened.name == bloc.name and opened.members.count() == 3
    assert set(opened.members.values_list("role", flat=True)) == {BlocMember.Role.MEMBER}  # the head rotates
    assert opened.half_year_conference == datetime.date(2021, 7, 9)  # 10/07/2021 is a Saturday: the Friday before
    criteria = list(opened.covenant.criteria.order_by("sort_order"))
    assert [c.code for c in criteria] == ["1.1", "2.1"]
    assert criteria[0].measure_deadline == datetime.date(2021, 2, 26)  # 28/02/2021 is a Sunday
    assert criteria[1].name == "Sáng kiến năm 2021" and criteria[1].measure_target == 3
    assert opened.covenant.signed_on is None
    assert covenant.criteria.count() == 2  # the old year's table is untouched


# -- the portal's computed evidence --------------------------------------------------------------------------------


@pytest.mark.parametrize(("issued_on", "points"), [(datetime.date(2020, 2, 20), 5), (datetime.date(2020, 3, 2), 0)])
def test_the_plan_issued_late_loses_the_criterion(home_page, issued_on, points):
    plan = make_plan(home_page, tasks=[make_task("1.1", deadline=datetime.date(2020, 2, 28))])
    plan.issued_on = issued_on
    plan.save_revision().publish()
    bloc, covenant = make_bloc(2, [PLAN_CRITERION])
    row = computations.scoring_table(covenant, own(bloc)).rows[0]
    assert row.computed == points and row.points == points
    assert issued_on.strftime("%d/%m/%Y") in row.figure.text and row.figure.url == plan.url


def test_computed_figures_match_the_records(home_page, client, django_user_model):
    unit_a, unit_b = b.unit("A1"), b.unit("B1")
    year = b.plan_year(2020)
    year.participants.set([unit_a, unit_b])
    year.save()
    b.sent(b.register(unit_a), datetime.date(2020, 2, 20))
    b.initiative("SK1", [b.person("P1", unit_a)])
    make_plan(
        home_page,
        tasks=[
            make_task("1", deadline=datetime.date(2020, 2, 28), status="done", done_on=datetime.date(2020, 2, 27)),
            make_task("2", deadline=datetime.date(2020, 6, 15), status="done", done_on=datetime.date(2020, 6, 19)),
        ],
    )
    bloc, covenant = make_bloc(
        2,
        [
            {
                "code": "1",
                "name": "Đăng ký",
                "max_points": 10,
                "measure": Measure.REGISTRATION_SHARE,
                "measure_target": 100,
                "measure_rule": "proportional",
            },
            {
                "code": "2",
                "name": "Đúng hạn",
                "max_points": 10,
                "measure": Measure.PLAN_TASKS_ON_TIME,
                "measure_target": 100,
            },
            {
                "code": "3",
                "name": "Sáng kiến",
                "max_points": 6,
                "measure": Measure.INITIATIVES,
                "measure_target": 3,
                "measure_rule": "proportional",
            },
        ],
    )
    rows = computations.scoring_table(covenant, own(bloc)).rows
    assert [row.computed for row in rows] == [Decimal("5.00"), Decimal(0), Decimal("2.00")]
    assert rows[0].figure.text == "1/2 đơn vị đăng ký thi đua đúng hạn (50%)"
    # the office types its own score over a computed one: it counts, and the figure stays shown
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    c = {c.code: c.pk for c in covenant.criteria.all()}
    response = client.post(
        f"/admin/emulation/covenants/{covenant.pk}/score/",
        {"period": YEAR_END, f"points-{c['2']}": "8", f"evidence-{c['2']}": "Báo cáo 6 tháng gửi chậm 4 ngày"},
    )
    assert response.status_code == 302
    rows = computations.scoring_table(covenant, own(bloc)).rows
    assert rows[1].points == 8 and rows[1].computed == 0 and rows[1].overridden
    # a score above the maximum is refused next to its criterion, and what was typed stays
    page = client.post(
        f"/admin/emulation/covenants/{covenant.pk}/score/",
        {"period": YEAR_END, f"points-{c['1']}": "12", f"evidence-{c['1']}": "Bản đăng ký"},
    ).content.decode()
    assert "12" in page and "Bản đăng ký" in page and BlocScore.objects.filter(criterion_id=c["1"]).count() == 0


# -- the members' workbooks --------------------------------------------------------------------------------------------


def _filled(covenant, member, points, *, evidence="Báo cáo"):
    workbook = openpyxl.load_workbook(io.BytesIO(member_template(covenant, member)))
    sheet = workbook[SCORE_SHEET]
    for row, value in enumerate(points, start=SCORE_HEADER_ROW + 1):
        sheet.cell(row=row, column=6, value=value)
        sheet.cell(row=row, column=7, value=evidence)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CRITERIA = [{"code": f"{n}", "name": f"Tiêu chí {n}", "max_points": 10} for n in range(1, 4)]


def test_members_workbooks_import_all_or_nothing(db, client, django_user_model):
    bloc, covenant = make_bloc(3, CRITERIA, head_is_own=True)
    first, second = bloc.members.exclude(agency__is_own=True).order_by("agency__code")
    good = ("s01.xlsx", _filled(covenant, first, [10, 9, 8]))
    bad = ("s02.xlsx", _filled(covenant, second, [10, 12, "mười"]))
    with pytest.raises(ValidationError) as refused:
        services.bloc_member_scores_import(covenant=covenant, files=[good, bad], period=YEAR_END)
    messages = " ".join(refused.value.messages)
    assert (
        f"s02.xlsx, trang tính “{SCORE_SHEET}”, dòng {SCORE_HEADER_ROW + 2}: 12 điểm: hãy chấm từ 0 đến 10" in messages
    )
    assert f"dòng {SCORE_HEADER_ROW + 3}: “mười” không phải là số điểm" in messages
    assert not BlocScore.objects.exists()  # the good workbook is not imported either
    # through the bloc's page: the errors are listed, nothing imported; then both good
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    url = f"/admin/emulation/blocs/{bloc.pk}/"
    files = [io.BytesIO(good[1]), io.BytesIO(bad[1])]
    files[0].name, files[1].name = good[0], bad[0]
    page = client.post(url, {"action": "import-scores", "period": YEAR_END, "files": files}).content.decode()
    assert "s02.xlsx" in page and not BlocScore.objects.exists()
    fixed = io.BytesIO(_filled(covenant, second, [7, 6, ""]))
    fixed.name = "s02.xlsx"
    again = io.BytesIO(good[1])
    again.name = "s01.xlsx"
    assert client.post(url, {"action": "import-scores", "period": YEAR_END, "files": [again, fixed]}).status_code == 302
    groups, lines = computations.summary(covenant, YEAR_END)
    totals = {line.member.agency.code: (line.rank, line.total) for line in lines}
    assert totals["S01"] == (1, 27) and totals["S02"] == (2, 13) and totals["SCT"][0] is None
    page = client.get(url).content.decode()
    assert "Sở thành viên 01" in page and f"/admin/emulation/covenants/{covenant.pk}/members/{first.pk}.xlsx" in page


def test_a_workbook_of_another_year_or_member_is_refused(db):
    bloc, covenant = make_bloc(2, CRITERIA, head_is_own=True)
    member = bloc.members.exclude(agency__is_own=True).get()
    workbook = openpyxl.load_workbook(io.BytesIO(_filled(covenant, member, [1, 2, 3])))
    workbook[SCORE_SHEET]["B2"], workbook[SCORE_SHEET]["B3"] = 2019, "XYZ"
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationError) as refused:
        services.bloc_member_scores_import(covenant=covenant, files=[("x.xlsx", out.getvalue())], period=YEAR_END)
    text = " ".join(refused.value.messages)
    assert "dòng 2: tệp dành cho năm 2019" in text and "dòng 3: “XYZ” không phải mã" in text
    with pytest.raises(ValidationError):
        services.bloc_member_scores_import(covenant=covenant, files=[("x.xlsx", b"not a workbook")], period=YEAR_END)


# -- the results and the ranking -----------------------------------------------------------------------------------------


def test_ranks_share_ties_and_skip_the_places():
    assert computations.ranks([Decimal(90), Decimal(97), None, Decimal(97), Decimal(95)]) == [4, 1, None, 1, 3]


def test_the_ranking_of_the_blocs_results(db, client, django_user_model):
    bloc, _covenant = make_bloc(5, [])
    bloc.flag_quota = 2
    bloc.save()
    members = {m.agency.code: m for m in bloc.members.select_related("agency")}
    services.bloc_results_save(
        bloc=bloc,
        values={
            members["SCT"].pk: ("96,5", ""),
            members["S01"].pk: ("97", ""),
            members["S03"].pk: ("96.5", ""),
            members["S02"].pk: ("90", ""),
        },
    )
    lines = computations.ranking(bloc)
    assert [(line.rank, line.tied, line.leads) for line in lines] == [
        (1, False, True),
        (2, True, True),  # equal scores share the rank, listed by name; both lead (the bloc settles the tie)
        (2, True, True),
        (4, False, False),
        (None, False, False),  # not scored yet: last, unranked
    ]
    ranked = [(line.rank, line.member.agency.name) for line in lines]
    assert ranked[:4] == [
        (1, "Sở thành viên 01"),
        (2, "Sở Công Thương"),
        (2, "Sở thành viên 03"),
        (4, "Sở thành viên 02"),
    ]
    assert ranked[4] == (None, "Sở thành viên 04")
    assert [line.member.agency.code for line in computations.flag_candidates(bloc)] == ["S01", "SCT", "S03"]
    # typed on the bloc's page: a wrong score is refused next to its member, nothing saved, what was typed kept
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    data = {
        "action": "results",
        **{f"points-{m.pk}": "" for m in members.values()},
        f"points-{members['S04'].pk}": "chín",
    }
    page = client.post(f"/admin/emulation/blocs/{bloc.pk}/", data).content.decode()
    assert "chín" in page and "không phải là số điểm" in page
    assert Bloc.objects.get(pk=bloc.pk).members.get(agency__code="SCT").result_points == Decimal("96.5")


# -- bounded queries -------------------------------------------------------------------------------------------------


def _scored_bloc(members, criteria):
    specs = [{"code": f"{n}", "name": f"Tiêu chí {n}", "max_points": 5} for n in range(1, criteria + 1)]
    specs[0].update(measure=Measure.INITIATIVES, measure_target=2)
    specs[1].update(measure=Measure.AWARDS, measure_target=2)
    bloc, covenant = make_bloc(members, specs, head_is_own=True)
    BlocScore.objects.bulk_create(
        [
            BlocScore(criterion=criterion, member=member, period=YEAR_END, points=3, evidence="x")
            for member in bloc.members.all()
            for criterion in covenant.criteria.all()
        ]
    )
    services.bloc_results_save(bloc=bloc, values={m.pk: (str(m.pk), "") for m in bloc.members.all()})
    return bloc, covenant


def test_the_bloc_screens_keep_a_bounded_number_of_queries(
    db, client, django_user_model, django_assert_max_num_queries
):
    """30 members and 60 criteria cost no more queries than 3 members and 3 criteria."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))

    def pages(bloc, covenant):
        return [
            f"/admin/emulation/blocs/{bloc.pk}/",
            f"/admin/emulation/covenants/{covenant.pk}/score/",
            f"/admin/emulation/covenants/{covenant.pk}/download/xlsx/",
            f"/admin/emulation/covenants/{covenant.pk}/download/summary-xlsx/",
            "/admin/snippets/emulation/bloc/",
            "/admin/snippets/emulation/covenant/",
        ]

    small = []
    for url in pages(*_scored_bloc(3, 3)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        small.append(len(queries))
    Bloc.objects.all().delete()
    BlocAgency.objects.all().delete()
    for url, count in zip(pages(*_scored_bloc(30, 60)), small, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url


# -- the documents ---------------------------------------------------------------------------------------------------


def test_the_self_assessment_and_the_blocs_report_open(db, client, django_user_model, tmp_path):
    from django.core.management import call_command

    bloc, covenant = make_bloc(3, CRITERIA, head_is_own=True)
    services.bloc_self_score_save(
        covenant=covenant,
        member=own(bloc),
        period=YEAR_END,
        values={c.pk: ("7", "=HYPERLINK(1)") for c in covenant.criteria.all()},
    )
    client.force_login(user_in(django_user_model, "vanphong", "Văn phòng"))
    base = f"/admin/emulation/covenants/{covenant.pk}/download"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/xlsx/").content))[SCORE_SHEET]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Tiêu chí 2" in values and 21 in values
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)  # no formula runs
    document = Document(io.BytesIO(client.get(f"{base}/docx/").content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Tiêu chí 3" in text and "21" in text
    assert Document(io.BytesIO(client.get(f"{base}/summary-docx/").content)).tables
    call_command("bloc_report", year=2020, period="half-year", out=str(tmp_path), stdout=io.StringIO())
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        f"tong-hop-khoi-2020-half-year-{bloc.pk}.docx",
        f"tong-hop-khoi-2020-half-year-{bloc.pk}.xlsx",
        f"tu-cham-diem-khoi-2020-half-year-{bloc.pk}.docx",
        f"tu-cham-diem-khoi-2020-half-year-{bloc.pk}.xlsx",
    ]
    openpyxl.load_workbook(tmp_path / names[1])
    Document(str(tmp_path / names[2]))


# -- privacy -----------------------------------------------------------------------------------------------------------


def test_the_bloc_screens_are_for_the_office_only(db, client, django_user_model):
    bloc, covenant = make_bloc(2, CRITERIA, head_is_own=True)
    member = bloc.members.exclude(agency__is_own=True).get()
    paths = [
        f"/admin/emulation/blocs/{bloc.pk}/",
        f"/admin/emulation/covenants/{covenant.pk}/score/",
        f"/admin/emulation/covenants/{covenant.pk}/download/xlsx/",
        f"/admin/emulation/covenants/{covenant.pk}/download/docx/",
        f"/admin/emulation/covenants/{covenant.pk}/members/{member.pk}.xlsx",
        "/admin/snippets/emulation/bloc/",
        "/admin/snippets/emulation/covenant/",
        "/admin/snippets/emulation/blocagency/",
    ]
    refused = {
        "a unit account": b.unit_account(b.unit("U9"), "donvi").user,
        "an editor": user_in(django_user_model, "bientap", "Biên tập viên"),
        "the council": user_in(django_user_model, "hoidong", "Hội đồng thi đua – khen thưởng"),
    }
    office = user_in(django_user_model, "vanphong", "Văn phòng")
    for path in paths:
        client.force_login(office)
        assert client.get(path).status_code == 200, path
        for who, user in refused.items():
            client.force_login(user)
            response = client.get(path)
            assert response.status_code in (302, 403), (who, path)
            assert b"Ti\xc3\xaau ch\xc3\xad 1" not in response.content, (who, path)
        client.logout()
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path
    client.force_login(refused["an editor"])
    assert client.post(f"/admin/emulation/blocs/{bloc.pk}/", {"action": "results"}).status_code in (302, 403)


# -- the demo --------------------------------------------------------------------------------------------------------


def test_the_demo_bloc_of_2020(demo, admin_client):
    from home.models import PlanPage

    bloc = Bloc.objects.get(year=2020)
    covenant = bloc.covenant
    assert bloc.demo and bloc.members.count() >= 8 and covenant.criteria.count() >= 10
    page = admin_client.get(f"/admin/emulation/covenants/{covenant.pk}/score/").content.decode()
    assert "Sở Công Thương" in page and "/tin-tuc/" in page  # the articles counted, with their source
    table = computations.scoring_table(covenant, own(bloc))
    assert all(row.points is not None for row in table.rows)
    assert sum(1 for row in table.rows if row.figure is not None) >= 5
    bloc_page = admin_client.get(f"/admin/emulation/blocs/{bloc.pk}/").content.decode()
    assert "Sở Kế hoạch và Đầu tư" in bloc_page and "Dẫn đầu Khối" in bloc_page and "đồng hạng" in bloc_page
    plan = PlanPage.objects.get(year=2020)
    tasks = {task.number: task for task in plan.tasks.all()}
    assert tasks["2.3"].deadline == datetime.date(2020, 7, 10) and tasks["2.3"].bloc_event == "half-year-conference"
    assert tasks["4.4"].deadline == datetime.date(2021, 1, 15)
    plan_page = admin_client.get(plan.url).content.decode()
    assert plan_page.count('class="task__bloc"') == 4
    calendar = admin_client.get(plan.url + "lich/").content.decode()
    assert calendar.count("CATEGORIES:Khối thi đua") == 4
