"""Every spreadsheet the portal writes keeps formula-like text as text: XLSX as string cells (the value unchanged),
CSV with a leading apostrophe (which the importer drops). Hostile names go into every record an export shows."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site
from wagtail.snippets.models import get_snippet_models

from emulation.models import Decision, Evaluation, Grade, UnitAccount
from home.models import ContactFormField, ContactPage
from portal.models import AgencySettings
from portal.sanitize import clean_cell, csv_cell, formula_like
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db

UNIT = '=HYPERLINK("http://x.invalid","Phòng A")'
PERSON = "+Nguyễn Văn A"
AUTHORITY = "@SUM(1+1)"
REASON = "-2+3 Bổ sung hồ sơ"
SIGNER = "=1+1"
AGENCY = "=AGENCY()"
TITLE = "=TITLE()"
HOSTILE = {UNIT, PERSON, AUTHORITY, REASON, SIGNER, AGENCY, TITLE}


@pytest.fixture
def hostile(home_page, admin_client):
    """Records of 2020 whose names and texts a spreadsheet would run, and a contact form message like them."""
    unit = b.unit("KHOA", name=UNIT)
    person = b.person("P1", unit, grade=Grade.EXCELLENT)
    person.full_name = PERSON
    person.save()
    Evaluation.objects.create(year=2020, unit=unit, grade=Grade.GOOD)
    b.plan_year(2020)
    decision = Decision.objects.create(number="01/QĐ-SCT", date="2020-12-20", authority=AUTHORITY, signer=SIGNER)
    b.award(person, "ldtt", decision=decision)
    registration = b.register(unit, status="returned")
    registration.return_reason = REASON
    registration.save()
    user = get_user_model().objects.create_user("khoa", password="pw", email="khoa@example.com")
    UnitAccount.objects.create(user=user, unit=unit)
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.agency_name = AGENCY
    agency.signer_name = SIGNER
    agency.save()
    contact = ContactPage(title=TITLE, slug="lien-he", to_address="", subject="Góp ý")
    contact.form_fields = [ContactFormField(label="Nội dung", field_type="multiline", required=True)]
    home_page.add_child(instance=contact)
    contact.save_revision().publish()
    admin_client.post("/lien-he/", {"noi_dung": UNIT})
    return {"unit": unit, "person": person, "contact": contact, "user": user}


def export_urls(hostile):
    """Every export the admin offers: each snippet listing, the initiatives, the site history, the contact form's
    submissions, the reports, a person's history, and the templates to fill in."""
    urls = []
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if viewset and getattr(viewset, "list_export", None):
            listing = reverse(viewset.get_url_name("list"))
            urls += [f"{listing}?export=xlsx", f"{listing}?export=csv"]
    urls += [
        "/admin/emulation/initiative/?export=xlsx",
        "/admin/emulation/initiative/?export=csv",
        "/admin/reports/site-history/?export=xlsx",
        "/admin/reports/site-history/?export=csv",
        f"/admin/forms/submissions/{hostile['contact'].pk}/?export=xlsx",
        f"/admin/forms/submissions/{hostile['contact'].pk}/?export=csv",
        "/admin/emulation/reports/?year=2020&period=year-end&format=xlsx",
        f"/admin/emulation/history/person/{hostile['person'].pk}/?format=xlsx",
        "/admin/emulation/import/template.xlsx",
    ]
    return urls


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_cells(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def assert_no_live_formula(name, data):
    """No cell is a formula; return the text values, for the caller to find the hostile ones in."""
    if data.startswith(b"PK"):
        cells = xlsx_cells(data)
        formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert not formulas, (name, formulas)
        return {cell.value for cell in cells if isinstance(cell.value, str)}
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    live = [value for row in rows for value in row if formula_like(value)]
    assert not live, (name, live)
    return {value for row in rows for value in row}


def test_every_admin_export_keeps_hostile_text_as_text(hostile, admin_client):
    urls = export_urls(hostile)
    assert len(urls) >= 20  # every snippet listing, in both formats, and the rest
    hostile_seen = set()
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        values = assert_no_live_formula(url, body(response))
        if "export=csv" in url:
            hostile_seen |= {value[1:] for value in values if value[1:] in HOSTILE and value.startswith("'")}
        else:
            hostile_seen |= values & HOSTILE  # XLSX: the very text typed, as a string cell
    # The exports did carry the hostile records: every hostile text was written somewhere, and kept as text.
    assert hostile_seen >= {UNIT, PERSON, AUTHORITY, REASON, SIGNER, AGENCY}


def test_the_units_own_workbook_keeps_names_as_text(hostile, client):
    client.force_login(hostile["user"])
    b.plan_year(2027)
    response = client.get("/don-vi/dang-ky/2027/mau.xlsx")
    assert response.status_code == 200
    values = assert_no_live_formula("mau.xlsx", response.content)
    assert PERSON in values


def test_the_report_command_writes_text_cells(hostile, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    call_command("report", year=2020, period="year-end", format="xlsx", output=str(target), stdout=io.StringIO())
    values = assert_no_live_formula("manage.py report", target.read_bytes())
    assert AGENCY in values


@pytest.mark.parametrize("text", [UNIT, PERSON, AUTHORITY, REASON, "-", "Bình thường"])
def test_a_csv_cell_reads_back_through_the_importer_as_typed(text):
    written = csv_cell(text)
    assert not formula_like(written)
    assert clean_cell(written) == text
