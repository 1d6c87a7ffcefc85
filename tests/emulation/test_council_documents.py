"""The documents made from a closed meeting's records: the minutes, the submissions, the draft decision with its
annex and the money per person, the achievement reports; each in the Nghị định 30/2020 layout, from its editable
template, with the hash of its data at its foot; the same from `manage.py council_documents`; downloads private to
the office."""

import datetime
import io
import re
import zipfile

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from docx.oxml.ns import qn

from emulation import council_documents as cd
from emulation import services
from emulation.models import BaseSalary
from tests.emulation import builders as b
from tests.emulation.test_councils import NAMES, prepared, seats, voted_meeting, world  # noqa: F401
from tests.factories import make_agency_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return make_agency_settings(superior_body="UBND tỉnh Thử Nghiệm", agency_name="Sở Công Thương")


def opened(made):
    return docx.Document(io.BytesIO(made.data))


def all_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def footer_hash(document):
    text = document.sections[0].footer.paragraphs[0].text
    match = re.search(r"Mã dữ liệu: ([0-9a-f]{12})", text)
    assert match, text
    return match.group(1)


def has_page_field(document):
    header = document.sections[0].header._element
    return any(" PAGE " in (node.text or "") for node in header.iter(qn("w:instrText")))


def settled(world):  # noqa: F811
    council, _people = world
    meeting = voted_meeting(world)
    tied = meeting.candidates.filter(result="tie").select_related("person")
    services.ties_settle(
        meeting=meeting, chosen=[c.pk for c in tied if c.person.code in "AB"], user=seats(council)["chutich"].user
    )
    meeting.refresh_from_db()
    return meeting


def test_the_minutes_carry_the_header_the_tally_the_page_number_and_the_hash(world, agency):  # noqa: F811
    meeting = settled(world)
    made = cd.write_minutes(meeting, agency)
    assert made.name.startswith("bien-ban-") and made.name.endswith(".docx")
    document = opened(made)
    text = all_text(document)
    assert "SỞ CÔNG THƯƠNG" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Người A" in text and "5/5" in text and "100 %" in text and "≥ 80 %" in text
    assert "vắng mặt có phiếu bằng văn bản: 1" in text
    assert "THƯ KÝ" in text and "CHỦ TỊCH HỘI ĐỒNG" in text
    assert "Chủ tịch Hội đồng quyết định chọn: Người A, Người B" in text  # the tie settled by the chair
    assert has_page_field(document)
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # A4
    # Reproducible: the same data, the same hash; other data, another.
    again = opened(cd.write_minutes(meeting, agency, now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)))
    assert footer_hash(again) == footer_hash(document)
    meeting.place = "Hội trường B"
    meeting.save()
    assert footer_hash(opened(cd.write_minutes(meeting, agency))) != footer_hash(document)


def test_the_decision_annex_gives_the_money_from_the_base_salary_in_force(world, agency):  # noqa: F811
    meeting = settled(world)
    made = cd.write_decision(meeting, agency, on=datetime.date(2026, 3, 2))
    document = opened(made)
    text = all_text(document)
    assert "QUYẾT ĐỊNH" in text and "UBND TỈNH THỬ NGHIỆM" in text
    annex = document.tables[-1]
    assert [cell.text for cell in annex.rows[0].cells][:6] == [
        "STT",
        "Họ và tên, tập thể",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu, hình thức",
        "Số tiền",
    ]
    rows = {(row.cells[1].text, row.cells[4].text): row.cells[5].text for row in annex.rows[1:-1]}
    assert rows[("Người A", "Lao động tiên tiến")] == "702.000 đồng"  # 0.3 × 2,340,000
    assert rows[("Người A", "Chiến sĩ thi đua cơ sở")] == "2.340.000 đồng"  # 1.0 ×
    assert has_page_field(document) and footer_hash(document)
    # Under ND 91/2017 no amount is on record: none is made up.
    old = all_text(opened(cd.write_decision(meeting, agency, on=datetime.date(2020, 12, 18))))
    assert "702.000" not in old and "chưa có" in old.lower()
    # The base salary is data: a new one changes the amount.
    BaseSalary.objects.create(effective_from=datetime.date(2026, 1, 1), amount=2_530_000, source="Thử")
    newer = opened(cd.write_decision(meeting, agency, on=datetime.date(2026, 3, 2)))
    assert "759.000 đồng" in all_text(newer)  # 0.3 × 2,530,000


def test_amounts_round_to_the_nearest_thousand():
    assert cd.amount("0.3", 1_490_000) == 447_000
    assert cd.amount("0.3", 1_800_000) == 540_000
    assert cd.amount("0.8", 1_490_000) == 1_192_000
    assert cd.dong(702_000) == "702.000 đồng"


def test_a_province_title_goes_to_the_chairman_of_the_province(world, agency):  # noqa: F811
    council, people = world
    meeting = prepared(world)
    services.candidate_add(meeting=meeting, title=b.title("cstd-tinh"), person=people["A"], reason="Đề nghị")
    services.ballot_open(meeting=meeting)
    member = seats(council)
    ids = list(meeting.candidates.filter(included=True).values_list("pk", "title__code"))
    for username in NAMES:
        choices = {pk: True for pk, _code in ids}
        if username == "thanhvien2":
            services.ballot_vote(
                meeting=meeting, member=member[username], choices=choices, user=member["thuky"].user, written=True
            )
        else:
            services.ballot_vote(meeting=meeting, member=member[username], choices=choices)
    services.ballot_close(meeting=meeting, user=member["chutich"].user)
    meeting.refresh_from_db()
    made = {m.name: m for m in cd.write_submissions(meeting, agency)}
    province = next(m for name, m in made.items() if name.startswith("to-trinh-chu-tich-ubnd-tinh-"))
    text = all_text(opened(province))
    assert "Kính gửi: Chủ tịch UBND tỉnh Thử Nghiệm" in text
    assert "Chiến sĩ thi đua cấp tỉnh" in text and "Lao động tiên tiến" not in text
    director = next(m for name, m in made.items() if name.startswith("to-trinh-giam-doc-so-"))
    assert "Kính gửi: Giám đốc Sở Công Thương" in all_text(opened(director))


def test_the_achievement_report_is_pre_filled_with_the_records(world, agency):  # noqa: F811
    meeting = settled(world)
    made = cd.write_achievements(meeting, agency)
    names = [m.name for m in made]
    assert all(name.startswith("bao-cao-thanh-tich-") for name in names)
    report = next(m for m in made if m.name == "bao-cao-thanh-tich-nguoi-a-cstdcs.docx")
    text = all_text(opened(report))
    assert "BÁO CÁO THÀNH TÍCH" in text and "Người A" in text and "SK-A" in text
    assert "Hoàn thành tốt nhiệm vụ".lower() in text.lower()


def test_the_command_writes_the_four_kinds_for_the_demo_year(demo, tmp_path):
    call_command("council_documents", "--year", "2020", "--out", str(tmp_path))
    names = sorted(path.name for path in tmp_path.iterdir())
    for prefix in ("bien-ban-", "to-trinh-", "quyet-dinh-", "bao-cao-thanh-tich-"):
        assert any(name.startswith(prefix) and name.endswith(".docx") for name in names), prefix
    for path in tmp_path.iterdir():
        docx.Document(str(path))


def test_the_command_refuses_a_ballot_not_closed(world, tmp_path):  # noqa: F811
    meeting = prepared(world)
    with pytest.raises(CommandError, match="chưa đóng"):
        call_command("council_documents", "--meeting", str(meeting.pk), "--out", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_the_downloads_are_the_office_s_only(world, agency, client, django_user_model):  # noqa: F811
    meeting = settled(world)
    candidate = cd.achievement_candidates(meeting)[0]
    base = f"/admin/emulation/meetings/{meeting.pk}/documents/"
    urls = [
        base + "minutes/",
        base + "decision/",
        base + "submission/giam-doc-so/",
        base + "achievements/",
        base + f"achievement/{candidate.pk}/",
    ]
    office = django_user_model.objects.create_user("chanhvp", password=b.PASSWORD)
    office.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(office)
    page = client.get(f"/admin/emulation/meetings/{meeting.pk}/").content.decode()
    for url in urls:
        assert url in page, url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("private")
    archive = zipfile.ZipFile(io.BytesIO(client.get(base + "achievements/").content))
    assert all(name.startswith("bao-cao-thanh-tich-") for name in archive.namelist())
    assert client.get(base + "submission/chu-tich-ubnd-tinh/").status_code == 404  # no such submission here
    assert client.get(base + "nothing/").status_code == 404
    unit = b.unit_account(b.unit("TTKC", name="Trung tâm Khuyến công"), "ttkc").user
    editor = django_user_model.objects.create_user("bientap", password=b.PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url  # signed out: to the sign-in
        for who in (unit, editor):
            client.force_login(who)
            assert client.get(url).status_code in (302, 404), (url, who)
            assert "wordprocessingml" not in client.get(url).get("Content-Type", "")
            client.logout()


def test_a_meeting_not_closed_has_no_documents(world, client, django_user_model):  # noqa: F811
    meeting = prepared(world)
    office = django_user_model.objects.create_user("chanhvp", password=b.PASSWORD)
    office.groups.add(Group.objects.get(name="Văn phòng"))
    client.force_login(office)
    assert client.get(f"/admin/emulation/meetings/{meeting.pk}/documents/minutes/").status_code == 404
