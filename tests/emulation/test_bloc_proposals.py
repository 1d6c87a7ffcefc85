"""The emulation bloc's results in the proposal flow (issue 20, item 4): the Cờ thi đua của UBND tỉnh proposed for the
bloc's leading members (a tie at the quota's edge included) and the Bằng khen for the next ones if the office
chooses; the ZIP and the exchange file carrying the agencies with the bloc's score and rank; the province's decision
creating the Sở's own award only (the other agencies' outcomes kept on the entries); the screens the office's only,
and the bloc's page bounded in queries. On the demo: its 2020 bloc (quota 2; Sở KH&ĐT 97, the Sở and Sở Tài chính
96.5 tied second) has its flag proposal prepared."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation import bloc as computations
from emulation import exchange, services
from emulation.models import Authority, Award, Bloc, BlocAgency, Proposal, Unit
from tests.emulation import builders as b
from tests.emulation.test_bloc import make_bloc

BLOC_NAME = "Khối thi đua các sở, ngành kinh tế tỉnh"


@pytest.fixture
def office(db):
    return b.office_user(first_name="Chánh Văn phòng")


def demo_bloc():
    return Bloc.objects.get(name=BLOC_NAME, year=2020)


def entries_of(proposal):
    return [
        (entry.agency.code, entry.title.code, entry.bloc_points, entry.bloc_rank)
        for entry in proposal.entries.select_related("agency", "title")
    ]


def test_the_demo_bloc_proposes_exactly_its_leading_members(demo):
    bloc = demo_bloc()
    proposal = Proposal.objects.get(bloc=bloc)
    assert (proposal.year, proposal.authority, proposal.status) == (2020, Authority.PROVINCE, "prepared")
    leading = [line.member.agency.code for line in computations.flag_candidates(bloc)]
    assert leading == ["SKHDT", "SCT", "STC"]  # quota 2: the tie for second place leads too
    assert entries_of(proposal) == [
        ("SKHDT", "co-tinh", Decimal("97.00"), 1),
        ("SCT", "co-tinh", Decimal("96.50"), 2),
        ("STC", "co-tinh", Decimal("96.50"), 2),
    ]
    # the flag again, or for a member not leading, is refused; the Bằng khen for the next ones is a new round
    with pytest.raises(ValidationError, match="Đã được đề nghị trong năm: Sở Kế hoạch và Đầu tư"):
        services.bloc_proposal_create(bloc=bloc)
    others = {line.member.agency.code: line.member.agency_id for line in computations.ranking(bloc)}
    with pytest.raises(ValidationError):
        services.bloc_proposal_create(bloc=bloc, flag=[others["CTHUE"]])
    merit = services.bloc_proposal_create(bloc=bloc, flag=[], merit=[others["CTHUE"], others["SNNPTNT"]])
    assert merit.round == proposal.round + 1
    assert entries_of(merit) == [
        ("CTHUE", "bang-khen-tinh", Decimal("95.00"), 4),
        ("SNNPTNT", "bang-khen-tinh", Decimal("95.00"), 4),
    ]


def test_proposing_from_the_bloc_page(demo, client, office):
    bloc = demo_bloc()
    Proposal.objects.filter(bloc=bloc).delete()
    client.force_login(office)
    page = client.get(f"/admin/emulation/blocs/{bloc.pk}/").content.decode()
    assert "Đề nghị lên tỉnh" in page and "Lập hồ sơ đề nghị lên tỉnh" in page
    assert "Cờ thi đua: đã đề nghị" not in page  # the demo's proposal removed above
    agencies = {a.code: a.pk for a in BlocAgency.objects.all()}
    response = client.post(
        f"/admin/emulation/blocs/{bloc.pk}/",
        {"action": "propose", "flag": [agencies["SKHDT"], agencies["SCT"]], "merit": [agencies["STNMT"]]},
    )
    proposal = Proposal.objects.get(bloc=bloc)
    assert response.status_code == 302 and response["Location"].endswith(f"/proposals/{proposal.pk}/")
    assert [(code, title) for code, title, _points, _rank in entries_of(proposal)] == [
        ("SKHDT", "co-tinh"),
        ("SCT", "co-tinh"),
        ("STNMT", "bang-khen-tinh"),
    ]
    # a member not ranked for the Bằng khen's list (a leading one) is refused on the page, nothing prepared
    page = client.post(
        f"/admin/emulation/blocs/{bloc.pk}/", {"action": "propose", "flag": [], "merit": [agencies["STC"]]}
    )
    assert page.status_code == 200 and Proposal.objects.filter(bloc=bloc).count() == 1
    assert "help-critical" in page.content.decode()


def test_the_zip_and_the_exchange_file_carry_the_agencies(demo, client, office):
    proposal = Proposal.objects.get(bloc=demo_bloc())
    client.force_login(office)
    base = f"/admin/emulation/proposals/{proposal.pk}/download"
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/zip/").content))
    names = archive.namelist()
    results = openpyxl.load_workbook(io.BytesIO(archive.read(next(n for n in names if "ket-qua-khoi" in n))))
    ranked = [row for row in results["Kết quả Khối"].iter_rows(values_only=True) if row and row[1] == "SCT"]
    assert ranked == [(2, "SCT", "Sở Công Thương", 96.5, "x (đồng hạng)", None)]
    assert "Tổng hợp tự chấm" in results.sheetnames  # the Sở heads the bloc in 2020
    evidence = openpyxl.load_workbook(io.BytesIO(archive.read(next(n for n in names if "minh-chung" in n))))
    assert any(
        row[1] == "Sở Kế hoạch và Đầu tư" and "97" in str(row[5]) for row in evidence.active.iter_rows(values_only=True)
    )
    value = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    assert exchange.validate(value) == [] and value["version"] == 2
    assert [(e["kind"], e["code"], e["name"], e["bloc_points"], e["bloc_rank"]) for e in value["entries"]][1] == (
        "agency",
        "SCT",
        "Sở Công Thương",
        96.5,
        2,
    )
    workbook = exchange.read_xlsx(client.get(f"{base}/xlsx/").content)
    assert exchange.validate(workbook, xlsx=True) == []
    assert [entry["code"] for entry in workbook["entries"]] == ["SKHDT", "SCT", "STC"]
    assert exchange.compare(workbook, proposal, value["agency"]) == []


def test_the_provinces_decision_creates_the_sos_award_only(demo, client, office):
    proposal = Proposal.objects.get(bloc=demo_bloc())
    services.proposal_send(proposal=proposal, on=datetime.date(2021, 1, 25), number="12/TTr-SCT", user=office)
    entries = {entry.agency.code: entry for entry in proposal.entries.select_related("agency")}
    before = Award.objects.count()
    client.force_login(office)
    response = client.post(
        f"/admin/emulation/proposals/{proposal.pk}/",
        {
            "action": "decide",
            "decision-number": "210/QĐ-UBND",
            "decision-date": "2021-02-05",
            "decision-authority": "UBND tỉnh Gia Lai",
            "decision-public": "on",
            f"outcome-{entries['SKHDT'].pk}": "awarded",
            f"outcome-{entries['SCT'].pk}": "awarded",
            f"outcome-{entries['STC'].pk}": "refused",
            f"reason-{entries['STC'].pk}": "Khối đã bình xét: Sở Kế hoạch và Đầu tư và Sở Công Thương",
        },
        follow=True,
    )
    page = response.content.decode()
    assert Award.objects.count() == before + 1
    award = Award.objects.get(title__code="co-tinh", year=2020)
    sct = Unit.objects.get(code="SCT")
    assert award.unit == sct and award.decision.number == "210/QĐ-UBND" and award.decision.level == Authority.PROVINCE
    assert (sct.kind, sct.active, sct.name) == (Unit.Kind.WHOLE, False, "Sở Công Thương")
    assert "96.5" in award.achievement
    outcomes = {entry.agency.code: entry for entry in proposal.entries.select_related("agency", "award")}
    assert outcomes["SCT"].award == award
    assert outcomes["SKHDT"].outcome == "awarded" and outcomes["SKHDT"].award is None
    assert outcomes["STC"].outcome == "refused" and "bình xét" in outcomes["STC"].refusal_reason
    assert Proposal.objects.get(pk=proposal.pk).status == "decided"
    assert "chỉ ghi nhận trên hồ sơ đề nghị này (không đưa vào hồ sơ khen thưởng của Sở): Sở Kế hoạch và Đầu tư" in page
    assert "khen thưởng của cơ quan khác không đưa vào hồ sơ khen thưởng của Sở" in page
    # the Sở's award shows in the whole Sở's history
    history = client.get(f"/admin/emulation/history/unit/{sct.pk}/").content.decode()
    assert "Cờ thi đua của UBND tỉnh" in history


def test_the_bloc_proposal_screens_are_the_office_s_only(demo, client, office, django_user_model):
    bloc = demo_bloc()
    proposal = Proposal.objects.get(bloc=bloc)
    editor = django_user_model.objects.create_user("bientap2", password=b.PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    council = django_user_model.objects.create_user("hoidong2", password=b.PASSWORD)
    council.groups.add(Group.objects.get(name="Hội đồng thi đua – khen thưởng"))
    unit = b.unit_account(b.unit("U9"), "donvi9").user
    paths = [
        f"/admin/emulation/proposals/{proposal.pk}/",
        f"/admin/emulation/proposals/{proposal.pk}/download/zip/",
        f"/admin/emulation/proposals/{proposal.pk}/download/json/",
    ]
    for user in (editor, council, unit):
        client.force_login(user)
        response = client.post(f"/admin/emulation/blocs/{bloc.pk}/", {"action": "propose", "merit": ["1"]})
        assert response.status_code in (302, 403, 404)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (302, 403), path
            assert b"S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh" not in response.content
    client.logout()
    for path in paths:
        assert "/login/" in client.get(path)["Location"]
    assert Proposal.objects.filter(bloc=bloc).count() == 1


def _ranked_bloc(members):
    bloc, _covenant = make_bloc(members, [], year=2020)
    bloc.flag_quota = 2
    bloc.save()
    services.bloc_results_save(
        bloc=bloc, values={m.pk: (str(90 + n % 5), "") for n, m in enumerate(bloc.members.all())}
    )
    _flag, merit, _proposed = services.bloc_proposable(bloc)
    services.bloc_proposal_create(bloc=bloc, merit=[line.member.agency_id for line in merit])
    return bloc


def test_the_bloc_page_with_its_proposal_keeps_a_bounded_number_of_queries(
    db, client, office, django_assert_max_num_queries
):
    """25 members with their proposal cost no more queries than 4."""
    client.force_login(office)
    bloc = _ranked_bloc(4)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/admin/emulation/blocs/{bloc.pk}/")
    assert page.status_code == 200 and "Bằng khen: đã đề nghị" in page.content.decode()
    Proposal.objects.all().delete()
    Bloc.objects.all().delete()
    BlocAgency.objects.all().delete()
    bloc = _ranked_bloc(25)
    with django_assert_max_num_queries(len(queries)):
        assert client.get(f"/admin/emulation/blocs/{bloc.pk}/").status_code == 200
