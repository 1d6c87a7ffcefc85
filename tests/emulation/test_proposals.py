"""Proposals to a higher body (issue 17, items 3–6): the proposal file as one ZIP with its table of contents, the
status and its history, the province's decision recorded (its awards created, the refused keeping their reason),
the exchange file (JSON and XLSX, validated, round-tripped), the screens the office's only, their queries bounded,
and the demo's 2026 proposal. On the demo: its 2026 ballot passed TTKC's Bằng khen, left for a round 2."""

import datetime
import io
import json
import zipfile

import docx
import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation import exchange, services
from emulation.models import Authority, Award, Decision, Proposal, ProposalEntry
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db
PROVINCE = Authority.PROVINCE


@pytest.fixture
def office(db):
    return b.office_user(first_name="Chánh Văn phòng")


def demo_proposal():
    return Proposal.objects.get(year=2026, authority=PROVINCE, round=1)


def round_two(office):
    """Round 2 of 2026 to the province: TTKC's Bằng khen, the candidate the demo's ballot passed and left."""
    candidates = services.proposable_candidates(2026, PROVINCE)
    assert [(str(c.subject), c.title.code) for c in candidates] == [
        ("Trung tâm Khuyến công và Xúc tiến thương mại", "bang-khen-tinh")
    ]
    return services.proposal_create(year=2026, authority=PROVINCE, candidates=candidates, user=office)


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_demo_proposal_was_sent_and_decided(demo):
    proposal = demo_proposal()
    assert proposal.status == Proposal.Status.DECIDED
    assert proposal.decision.level == PROVINCE and proposal.decision.document is not None
    assert [event.status for event in proposal.events.all()] == ["prepared", "sent", "decided"]
    outcomes = {(str(e.subject), e.title.code): e for e in proposal.entries.select_related("award", "title")}
    refused = outcomes[("Huỳnh Văn Phúc", "cstd-tinh")]
    assert refused.outcome == "refused" and "03 lần liên tục" in refused.refusal_reason and refused.award is None
    assert not Award.objects.filter(year=2026, title__code="cstd-tinh").exists()
    for key in (("Phạm Thị Dung", "bang-khen-tinh"), ("Văn phòng Sở", "bang-khen-tinh")):
        award = outcomes[key].award
        assert award.decision == proposal.decision and award.public


def test_the_zip_holds_every_document_named_in_its_table_of_contents(demo, client, office):
    proposal = demo_proposal()
    client.force_login(office)
    response = client.get(f"/admin/emulation/proposals/{proposal.pk}/download/zip/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    contents = docx_text(archive.read(names[0]))
    assert names[0].startswith("00-muc-luc-") and "MỤC LỤC" in contents
    for name in names[1:]:
        assert name in contents, name
    kinds = [name.split("-", 1)[1].rsplit("-", 1)[0] for name in names[1:]]
    assert any(k.startswith("to-trinh") for k in kinds) and any(k.startswith("bien-ban") for k in kinds)
    assert sum(1 for name in names if "bao-cao-thanh-tich" in name) == 3  # one per candidate
    for name in names:
        if name.endswith(".docx"):
            docx.Document(io.BytesIO(archive.read(name)))
    submission = docx_text(archive.read(next(n for n in names if "to-trinh" in n)))
    assert "145/TTr-SCT" in submission and "Phạm Thị Dung" in submission and "Huỳnh Văn Phúc" in submission
    minutes = docx_text(archive.read(next(n for n in names if "bien-ban" in n)))
    assert "10/11/2026" in minutes
    evidence = openpyxl.load_workbook(io.BytesIO(archive.read(next(n for n in names if "minh-chung" in n))))
    rows = list(evidence.active.iter_rows(values_only=True))
    assert any(row[1] == "Phạm Thị Dung" and row[3] == "Xếp loại" for row in rows)
    assert any(row[1] == "Phạm Thị Dung" and row[3] == "Khen thưởng trước đó" for row in rows)
    value = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    assert exchange.validate(value) == []


def test_the_command_writes_one_zip_per_body_and_round(demo, office, tmp_path):
    round_two(office)
    call_command("proposal_file", year=2026, out=str(tmp_path), stdout=io.StringIO())
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "ho-so-de-nghi-2026-chu-tich-ubnd-tinh-dot-1.zip",
        "ho-so-de-nghi-2026-chu-tich-ubnd-tinh-dot-2.zip",
    ]
    with pytest.raises(CommandError):
        call_command("proposal_file", year=2019, out=str(tmp_path), stdout=io.StringIO())


def test_status_history_and_the_steps_allowed(demo, office):
    proposal = round_two(office)
    with pytest.raises(ValidationError):
        services.proposal_return(proposal=proposal, on=datetime.date(2026, 12, 1), note="x", user=office)
    services.proposal_send(proposal=proposal, on=datetime.date(2026, 12, 1), number="150/TTr-SCT", user=office)
    with pytest.raises(ValidationError) as refused:
        services.proposal_return(proposal=proposal, on=datetime.date(2026, 12, 3), note=" ", user=office)
    assert "note" in refused.value.message_dict
    services.proposal_return(
        proposal=proposal, on=datetime.date(2026, 12, 3), note="Bổ sung báo cáo thành tích có xác nhận", user=office
    )
    services.proposal_send(proposal=proposal, on=datetime.date(2026, 12, 5), user=office)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sent_on, proposal.number) == ("sent", datetime.date(2026, 12, 5), "150/TTr-SCT")
    history = [(e.status, e.on.day, e.note, e.user) for e in proposal.events.all()]
    assert [h[0] for h in history] == ["prepared", "sent", "returned", "sent"]
    assert history[2][1:3] == (3, "Bổ sung báo cáo thành tích có xác nhận") and history[2][3] == office
    with pytest.raises(ValidationError):  # proposed already: not twice
        services.proposal_create(
            year=2026, authority=PROVINCE, candidates=[proposal.entries.get().candidate], user=office
        )


def decide(proposal, outcome, *, number="1601/QĐ-UBND", authority="UBND tỉnh Gia Lai"):
    entry = proposal.entries.get()
    return services.proposal_record_decision(
        proposal=proposal,
        number=number,
        date=datetime.date(2026, 12, 20),
        authority=authority,
        outcomes={entry.pk: outcome},
    )


def test_recording_the_decision_creates_exactly_its_awards(demo, office):
    proposal = round_two(office)
    services.proposal_send(proposal=proposal, on=datetime.date(2026, 12, 1), user=office)
    before = set(Award.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        decide(proposal, (True, ""), authority="Sở Công Thương")  # the Sở's own decision cannot carry it
    assert "authority" in refused.value.message_dict
    recorded = decide(proposal, (True, ""))
    new = Award.objects.exclude(pk__in=before)
    assert [(str(a.recipient), a.title.code, a.decision.level, a.public) for a in new] == [
        ("Trung tâm Khuyến công và Xúc tiến thương mại", "bang-khen-tinh", PROVINCE, True)
    ]
    assert recorded.status == "decided" and recorded.entries.get().award == new.get()
    with pytest.raises(ValidationError):  # decided: nothing more to record
        decide(recorded, (True, ""))


def test_a_refused_candidate_keeps_the_reason_and_gets_no_award(demo, office):
    proposal = round_two(office)
    services.proposal_send(proposal=proposal, on=datetime.date(2026, 12, 1), user=office)
    awards = Award.objects.count()
    with pytest.raises(ValidationError) as refused:
        decide(proposal, (False, ""))
    entry = proposal.entries.get()
    assert f"reason-{entry.pk}" in refused.value.message_dict
    recorded = decide(proposal, (False, "Không đủ tiêu chuẩn theo Điều 74"))
    entry.refresh_from_db()
    assert (entry.outcome, entry.refusal_reason, entry.award) == ("refused", "Không đủ tiêu chuẩn theo Điều 74", None)
    assert recorded.status == "refused" and Award.objects.count() == awards
    assert Decision.objects.get(number="1601/QĐ-UBND").level == PROVINCE


def test_the_exchange_file_validates_and_round_trips(demo, tmp_path):
    proposal = demo_proposal()
    data = exchange.export_data(proposal, "Sở Công Thương")
    assert data["format"] == exchange.FORMAT and data["version"] == exchange.VERSION
    from_json = exchange.read_json(exchange.to_json(data))
    from_xlsx = exchange.read_xlsx(exchange.to_xlsx(data))
    assert from_json == data and from_xlsx == data
    assert exchange.validate(from_json) == [] and exchange.validate(from_xlsx, xlsx=True) == []
    assert exchange.compare(from_xlsx, proposal, "Sở Công Thương") == []
    for name, content in (("ok.json", exchange.to_json(data)), ("ok.xlsx", exchange.to_xlsx(data))):
        (tmp_path / name).write_bytes(content)
        output = io.StringIO()
        call_command("exchange_validate", str(tmp_path / name), stdout=output)
        assert "3" in output.getvalue()


def test_a_bad_exchange_file_is_refused_with_row_and_field(demo, tmp_path):
    data = exchange.export_data(demo_proposal(), "Sở Công Thương")
    data["entries"][1]["kind"] = "nobody"
    data["entries"][0]["refusal_reason"] = ""
    data["entries"][2]["name"] = '=HYPERLINK("http://x")'  # a formula-like cell stays text
    data["sent_on"] = "13/11/2026"
    errors = exchange.validate(data)
    assert any("mục 2" in e and "“kind”" in e for e in errors), errors
    assert any("mục 1" in e and "“refusal_reason”" in e for e in errors), errors
    assert any("“sent_on”" in e for e in errors), errors
    xlsx = exchange.to_xlsx(data)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))[exchange.ENTRY_SHEET]
    assert sheet["D4"].data_type == "s" and sheet["D4"].value.startswith("=")
    errors = exchange.validate(exchange.read_xlsx(xlsx), xlsx=True)
    assert any("dòng 3" in e and "“Đối tượng”" in e for e in errors), errors
    (tmp_path / "bad.xlsx").write_bytes(xlsx)
    with pytest.raises(CommandError):
        call_command("exchange_validate", str(tmp_path / "bad.xlsx"), stdout=io.StringIO(), stderr=io.StringIO())
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CommandError):
        call_command("exchange_validate", str(tmp_path / "bad.json"), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_proposal_screens_and_files_are_the_office_s_only(demo, client, office, django_user_model):
    proposal = demo_proposal()
    base = f"/admin/emulation/proposals/{proposal.pk}/"
    urls = [
        "/admin/emulation/proposals/",
        base,
        base + "download/zip/",
        base + "download/json/",
        base + "download/xlsx/",
    ]
    client.force_login(office)
    page = client.get(base).content.decode()
    for url in urls[2:]:
        assert url in page
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    unit = django_user_model.objects.get(username="ttkc")
    editor = django_user_model.objects.create_user("bientap2", password=b.PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    council = django_user_model.objects.create_user("hoidong2", password=b.PASSWORD)
    council.groups.add(Group.objects.get(name="Hội đồng thi đua – khen thưởng"))
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url  # signed out: to the sign-in
        for who in (unit, editor, council):
            client.force_login(who)
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (url, who)
            assert response.get("Content-Type", "").startswith("text/html"), (url, who)
            assert "Huỳnh Văn Phúc" not in response.content.decode(), (url, who)
            client.logout()
    client.force_login(editor)
    assert client.post(base, {"action": "return", "return-on": "01/12/2026", "return-note": "x"}).status_code != 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_proposal_screens_keep_a_bounded_number_of_queries(demo, client, office, django_assert_max_num_queries):
    small = round_two(office)  # one candidate, against the demo's three
    client.force_login(office)
    client.get("/admin/emulation/proposals/")  # warm the caches (rule set, menus)
    with django_assert_max_num_queries(40):
        client.get("/admin/emulation/proposals/")
    assert count_queries(client, f"/admin/emulation/proposals/{small.pk}/") == count_queries(
        client, f"/admin/emulation/proposals/{demo_proposal().pk}/"
    )
    with django_assert_max_num_queries(40):
        client.get(f"/admin/emulation/proposals/{demo_proposal().pk}/")


def test_the_office_walks_a_proposal_from_the_ballot_to_the_honour_roll(demo, client, office):
    """The issue's "done when": round 2 prepared on the admin screen from the ballot's passed candidates, its ZIP
    downloaded, marked sent, the province's decision recorded with its PDF; the Bằng khen is on the honour roll and
    in the unit's history."""
    client.force_login(office)
    listing = client.get("/admin/emulation/proposals/?year=2026&authority=province").content.decode()
    assert "Trung tâm Khuyến công và Xúc tiến thương mại" in listing
    candidate = services.proposable_candidates(2026, PROVINCE)[0]
    response = client.post(
        "/admin/emulation/proposals/", {"year": 2026, "authority": "province", "candidates": [candidate.pk]}
    )
    proposal = Proposal.objects.get(year=2026, round=2)
    assert response.status_code == 302 and response["Location"].endswith(f"/proposals/{proposal.pk}/")
    assert client.get(f"/admin/emulation/proposals/{proposal.pk}/download/zip/").status_code == 200
    url = f"/admin/emulation/proposals/{proposal.pk}/"
    sent = client.post(url, {"action": "send", "send-on": "01/12/2026", "send-number": "160/TTr-SCT"})
    assert sent.status_code == 302
    entry = ProposalEntry.objects.get(proposal=proposal)
    form = {
        "action": "decide",
        "decision-number": "1650/QĐ-UBND",
        "decision-date": "20/12/2026",
        "decision-authority": "Sở Công Thương",
        "decision-public": "on",
        f"outcome-{entry.pk}": "awarded",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Chủ tịch UBND tỉnh" in refused.content.decode()  # next to the field
    pdf = io.BytesIO(b"%PDF-1.4 signed")
    pdf.name = "qd.pdf"
    done = client.post(url, {**form, "decision-authority": "UBND tỉnh Gia Lai", "decision-pdf": pdf})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "decided" and proposal.decision.document is not None
    award = Award.objects.get(year=2026, unit__code="TTKC", title__code="bang-khen-tinh")
    client.logout()
    roll = client.get("/bang-vinh-danh/?year=2026").content.decode()
    assert "Trung tâm Khuyến công và Xúc tiến thương mại" in roll and "1650/QĐ-UBND" in roll
    client.force_login(office)
    history = client.get(f"/admin/emulation/history/unit/{award.unit_id}/").content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in history and "1650/QĐ-UBND" in history
