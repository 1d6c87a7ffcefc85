"""Certificates (issue 17, items 1 and 2): one PDF per decision, a QR code that opens the public verification page,
and who may print them. On the demo: its 2020 decisions and their awards."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from emulation import certificates, services
from emulation.models import Award, CertificateLayout, Decision, Title

SMALL = "1199/QĐ-SCT"  # a 2020 decision of the demo with a few awards (quick to draw)


def pdf_text(data):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def qr_on_page(data, index=0):
    """The text of the QR code on a page of the PDF, rendered as a phone's camera would see it."""
    import pypdfium2
    import zxingcpp

    image = pypdfium2.PdfDocument(data)[index].render(scale=1.5).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


GROUPS = {"office": "Văn phòng", "editor": "Biên tập viên", "council": "Hội đồng thi đua – khen thưởng"}


def login(client, who):
    """Sign in as a member of a group (GROUPS), or as a unit's portal account ("unit")."""
    from django.contrib.auth.models import Group

    from tests.emulation import builders

    if who == "unit":
        user = builders.unit_account(builders.unit("TTKC"), "donvi-ttkc").user
    else:
        user = get_user_model().objects.create_user(f"cert-{who}", password=builders.PASSWORD)
        user.groups.add(Group.objects.get(name=GROUPS[who]))
    client.force_login(user)


@pytest.fixture
def small(demo):
    decision = Decision.objects.get(number=SMALL, date__year=2020)
    awards = list(certificates.certificate_awards(decision))
    assert awards
    return decision, awards


def test_every_decided_demo_award_has_an_unguessable_code(demo):
    decided = Award.objects.filter(decision__isnull=False)
    codes = list(decided.values_list("verification_code", flat=True))
    assert codes and None not in codes
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 12 and set(code) <= set(certificates.ALPHABET) for code in codes)
    assert not any(code.isdigit() for code in codes)


def test_the_office_prints_a_decision_as_one_pdf_with_the_qr_code_of_each_page(small, client):
    decision, awards = small
    login(client, "office")
    edit = client.get(f"/admin/snippets/emulation/decision/edit/{decision.pk}/").content.decode()
    url = f"/admin/emulation/decisions/{decision.pk}/certificates.pdf"
    assert url in edit and "In giấy khen" in edit  # the header button
    assert url in client.get("/admin/snippets/emulation/decision/").content.decode()  # and the listing's link
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("private")
    pages = pdf_text(response.content)
    assert len(pages) == len(awards)
    first = awards[0]
    holder = first.person.full_name if first.person else first.unit.name
    text = " ".join(pages[0].split())
    assert holder in text  # with its diacritics, as typed
    assert first.title.name.upper() in text
    assert "1199/QĐ-SCT" in text and "18/12/2020" in text
    address = certificates.verification_url(first.verification_code)
    assert address.startswith("http") and address in text  # printed under the QR code
    assert qr_on_page(response.content) == [address]
    client.logout()
    page = client.get(certificates.verification_path(first.verification_code))
    assert page.status_code == 200 and holder in page.content.decode()


def test_one_award_s_certificate_and_a_withdrawn_one_has_none(small, client):
    decision, awards = small
    award = awards[0]
    login(client, "office")
    url = f"/admin/emulation/awards/{award.pk}/certificate.pdf"
    assert url in client.get(f"/admin/snippets/emulation/award/edit/{award.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and len(pdf_text(response.content)) == 1
    award.withdrawn_on, award.withdrawal_reason = datetime.date(2021, 3, 1), "Quyết định đính chính."
    services.award_save(award, enforce_rules=False)
    response = client.get(url, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "đã bị thu hồi" in response.content.decode()


@pytest.mark.parametrize("username", [None, "unit", "editor", "council"])
def test_only_the_office_prints_certificates(small, client, username):
    decision, awards = small
    if username:
        login(client, username)
    for url in (
        f"/admin/emulation/decisions/{decision.pk}/certificates.pdf",
        f"/admin/emulation/awards/{awards[0].pk}/certificate.pdf",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (username, url)
        assert response.get("Content-Type", "") != "application/pdf"


def test_the_command_writes_one_pdf_per_decision(demo, tmp_path):
    out = io.StringIO()
    call_command("certificates", year=2020, decision=SMALL, out=str(tmp_path), stdout=out)
    files = list(tmp_path.iterdir())
    assert [file.name for file in files] == ["giay-khen-1199qd-sct-20201218.pdf"]
    decision = Decision.objects.get(number=SMALL)
    assert len(pdf_text(files[0].read_bytes())) == certificates.certificate_awards(decision).count()
    with pytest.raises(Exception, match="1/QĐ"):
        call_command("certificates", year=2020, decision="1/QĐ", out=str(tmp_path), stdout=out)


def verify(client, code):
    return client.get(f"/xac-thuc/{code}/")


def test_verification_of_a_public_a_private_and_a_withdrawn_award(demo, client, django_assert_max_num_queries):
    decided = Award.objects.filter(decision__isnull=False).select_related("person", "unit", "decision")
    public, private = decided.filter(public=True).first(), decided.filter(public=False).first()
    withdrawn = decided.filter(public=True).exclude(pk=public.pk).first()
    withdrawn.withdrawn_on, withdrawn.withdrawal_reason = datetime.date(2021, 3, 1), "Đính chính, lý do nội bộ."
    services.award_save(withdrawn, enforce_rules=False)
    for award in (public, private):  # the "public" flag governs the honour roll, not the verification
        with django_assert_max_num_queries(10):
            response = verify(client, award.verification_code)
        html = response.content.decode()
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex' in html and '<meta name="description"' in html
        assert (award.person.full_name if award.person else award.unit.name) in html
        assert award.decision.number in html and award.title.name in html
        assert "Còn hiệu lực" in html
    with django_assert_max_num_queries(10):
        html = verify(client, withdrawn.verification_code).content.decode()
    assert "Đã bị thu hồi ngày 01/03/2021" in html and "Còn hiệu lực" not in html
    assert "lý do nội bộ" not in html  # the reason stays in the records


def test_a_made_up_code_and_an_award_without_decision_answer_404(demo, client, django_assert_max_num_queries):
    for code in ("ABCDEFGHJKLM", "abc", "0000000000OO", "1"):
        with django_assert_max_num_queries(10):  # the 404 page, as any page, draws the menus
            assert verify(client, code).status_code == 404
    person = Award.objects.filter(person__isnull=False).first().person
    undecided = services.award_create(
        year=2026, person=person, title=Title.objects.get(code="giay-khen"), public=True, enforce_rules=False
    )
    assert undecided.verification_code is None
    decided = Award.objects.exclude(verification_code=None).first()
    Award.objects.filter(pk=undecided.pk).update(verification_code="ZZZZZZZZZZZZ")  # a code left on an undecided row
    assert verify(client, "ZZZZZZZZZZZZ").status_code == 404
    assert verify(client, decided.verification_code.lower()).status_code == 404
    assert verify(client, decided.verification_code).status_code == 200


def test_the_verification_page_is_cached_and_never_stale_after_a_withdrawal(demo, client, settings):
    settings.PAGE_CACHE_ENABLED = True
    award = Award.objects.filter(decision__isnull=False, withdrawn_on=None).first()
    assert verify(client, award.verification_code)["X-Cache"] == "miss"
    assert verify(client, award.verification_code)["X-Cache"] == "hit"
    award.withdrawn_on, award.withdrawal_reason = datetime.date(2021, 3, 1), "Đính chính."
    services.award_save(award, enforce_rules=False)
    response = verify(client, award.verification_code)
    assert response["X-Cache"] == "miss" and "Đã bị thu hồi" in response.content.decode()


def test_the_honour_roll_links_each_decided_award_to_its_verification(demo, client):
    html = client.get("/bang-vinh-danh/?year=2020").content.decode()
    shown = Award.objects.filter(public=True, year=2020, decision__isnull=False)
    linked = [award for award in shown if f"/xac-thuc/{award.verification_code}/" in html]
    assert linked
    private = Award.objects.filter(public=False, decision__isnull=False).first()
    assert f"/xac-thuc/{private.verification_code}/" not in html


def test_the_office_s_layout_is_used_and_a_broken_one_refused(small):
    decision, awards = small
    layout = CertificateLayout(name="Mẫu của Sở", heading="!! GIẤY KHEN ĐẶC BIỆT\n## {{ holder }}\n{{ title }}")
    layout.full_clean()
    layout.save()
    from portal.models import AgencySettings

    text = " ".join(pdf_text(certificates.award_pdf(awards[0], AgencySettings.current()))[0].split())
    assert "GIẤY KHEN ĐẶC BIỆT" in text and awards[0].title.name in text
    for heading, message in (("{{ nobody }}", "nobody"), ("{% if %}", "dòng 1")):
        broken = CertificateLayout(name="Hỏng", heading=heading)
        with pytest.raises(ValidationError, match=message) as error:
            broken.full_clean()
        assert "heading" in error.value.message_dict


def test_the_decisions_listing_is_newest_first(demo, client):
    from django.contrib.auth import get_user_model

    from emulation.models import Decision

    client.force_login(get_user_model().objects.get(username="thidua"))
    html = client.get("/admin/snippets/emulation/decision/").content.decode()
    numbers = [d.number for d in Decision.objects.order_by("-date", "number")]
    positions = [html.index(f">{number}<") for number in numbers if f">{number}<" in html]
    assert len(positions) >= 10 and positions == sorted(positions)
