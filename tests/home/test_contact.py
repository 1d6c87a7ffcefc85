"""The feedback page: submissions kept and listed in the admin, robots kept out by a honeypot and a rate limit."""

import io

import pytest
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from home.demo import CONTACT_FIELDS
from home.models import ContactFormField, ContactPage

URL = "/lien-he/"


@pytest.fixture
def contact(home_page):
    page = ContactPage(title="Góp ý – Liên hệ", slug="lien-he", to_address="", subject="Góp ý")
    page.form_fields = [
        ContactFormField(label=label, field_type=kind, required=required, sort_order=order)
        for order, (label, kind, required, _) in enumerate(CONTACT_FIELDS)
    ]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def message(**extra):
    data = {
        "ho_va_ten": "Nguyễn Văn An",
        "thu_dien_tu": "an@example.com",
        "co_quan_don_vi": "Công ty A",
        "noi_dung_gop_y": '=HYPERLINK("http://x") Đề nghị công khai danh sách khen thưởng sớm hơn.',
    }
    data.update(extra)
    return data


def test_the_form_renders_with_labels_and_a_hidden_trap(contact, client):
    html = client.get(URL).content.decode()
    assert 'for="id_ho_va_ten"' in html
    assert "Nội dung góp ý" in html
    assert 'class="contact__trap" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html


def test_a_message_is_kept_and_thanked(contact, client):
    response = client.post(URL, message())
    assert response.status_code == 200
    assert "Cảm ơn" in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.get_data()["ho_va_ten"] == "Nguyễn Văn An"
    assert "website" not in submission.form_data


def test_bad_input_is_explained_and_kept(contact, client):
    response = client.post(URL, message(thu_dien_tu="khong-phai-email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "hợp lệ" in html
    assert 'value="Nguyễn Văn An"' in html
    assert FormSubmission.objects.count() == 0


def test_the_honeypot_drops_robots_quietly(contact, client):
    response = client.post(URL, message(website="http://spam.example"))
    assert response.status_code == 200
    assert "Cảm ơn" in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_too_many_messages_from_one_address_are_refused_with_the_text_kept(contact, client):
    for _ in range(ContactPage.rate_limit):
        assert client.post(URL, message()).status_code == 200
    response = client.post(URL, message(ho_va_ten="Lần thứ sáu"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều" in html
    assert 'value="Lần thứ sáu"' in html
    assert FormSubmission.objects.count() == ContactPage.rate_limit


def test_the_office_lists_and_exports_submissions(contact, client, admin_client):
    client.post(URL, message())
    listing = admin_client.get(f"/admin/forms/submissions/{contact.pk}/").content.decode()
    assert "Nguyễn Văn An" in listing
    export = admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    [cell] = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert cell.value == message()["noi_dung_gop_y"]  # the text as typed …
    assert cell.data_type == "s"  # … in a string cell, never run as a formula
