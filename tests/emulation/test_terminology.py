"""The office's words (issue 15, item 8): danh hiệu thi đua and hình thức khen thưởng kept apart, "03 lần liên tục",
"tệp Excel" and "trang tính", and the date of Thông tư 12/2019/TT-BNV."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from emulation.models import Title
from tests.emulation import builders as b

COMING = timezone.localdate().year + 1


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.django_db
def test_the_registration_form_offers_emulation_titles_only(client):
    b.open_year(COMING)
    unit = b.unit("VP", name="Văn phòng Sở")
    b.members(unit, 2)
    client.force_login(b.unit_account(unit, "vanphong").user)
    response = client.get(f"/don-vi/dang-ky/{COMING}/")
    assert response.status_code == 200
    html = response.content.decode()
    forms = Title.objects.filter(category=Title.Category.FORM)
    assert forms.filter(code="giay-khen").exists()  # the rule set offers Giấy khen, a form of commendation
    for form in forms:
        assert f'value="{form.pk}"' not in html, form.name
        assert form.name not in html, form.name
    for code in ("ldtt", "cstdcs", "ttldtt", "ttldxs"):
        assert f'value="{b.title(code).pk}"' in html, code
    text = page_text(response)
    assert "Danh hiệu tập thể" in text
    assert "ghi danh hiệu thi đua từng người đăng ký" in text
    assert "Tải tệp Excel danh sách cá nhân của đơn vị" in text
    assert "sổ tính" not in text


def test_the_catalogue_uses_the_agreed_terms():
    import polib

    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po"))
    translations = [entry.msgstr for entry in po if not entry.obsolete]
    assert not [text for text in translations if "sổ tính" in text]
    assert not [text for text in translations if re.search(r"\bTrang “", text)]  # a sheet is a "trang tính"
    assert po.find("Needs %(title)s %(years)s years running; missing in %(missing)s.").msgstr == (
        "Cần %(years)s lần liên tục đạt %(title)s; còn thiếu năm %(missing)s."
    )
    assert po.find("Honoured", msgctxt="award").msgstr == "Tập thể, cá nhân được khen thưởng"


def test_the_demo_cites_thong_tu_12_2019_with_its_date():
    demo = Path(settings.BASE_DIR) / "home/demo"
    plan = (demo / "plan-2020.json").read_text(encoding="utf-8")
    assert "Thông tư số 12/2019/TT-BNV ngày 04/11/2019" in plan
    for path in demo.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        assert "04/01/2019" not in text, path.name
        assert "ba lần liên tục" not in text, path.name


@pytest.mark.django_db
def test_nobody_is_told_to_register_for_a_form_of_commendation():
    import io

    from django.core.management import call_command

    b.plan_year(2020)  # the plan requires a registration
    b.person("P1", b.unit("VP"))
    out = io.StringIO()
    call_command("eligibility", "--year", "2020", "--json", stdout=out)
    person = next(c for c in json.loads(out.getvalue())["candidates"] if c["code"] == "P1")
    giay_khen = next(t for t in person["titles"] if t["title"] == "Giấy khen của Giám đốc Sở")
    registration = [r["message"] for r in giay_khen["reasons"] if r["rule"] == "registration-required"]
    assert registration == [
        "Chưa có bản đăng ký thi đua năm 2020 được chấp nhận: Giấy khen của Giám đốc Sở chỉ xét cho cá nhân, tập thể "
        "đã đăng ký thi đua."
    ]
    ldtt = next(t for t in person["titles"] if t["title"] == "Lao động tiên tiến")
    assert "Chưa đăng ký thi đua danh hiệu Lao động tiên tiến" in ldtt["reasons"][0]["message"]
