"""Văn bản: the published documents listed, filtered by kind, year and issuer, found without accents (in the listing
and in the public search), each on its own page with its metadata and file; the demo's plan and decisions."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from home.models import DocumentIndexPage, LegalDocumentPage, LegalDocumentRelatedPage
from tests.factories import date, make_plan


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def make_file(title="Quyết định", name="quyet-dinh.pdf"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def make_index(parent):
    index = DocumentIndexPage(title="Văn bản", slug="van-ban", show_in_menus=True)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_document(
    index,
    slug,
    *,
    title,
    number,
    on=None,
    year=None,
    kind="quyet-dinh",
    issuer="Sở Công Thương",
    subject="",
    file=None,
    related=(),
):
    page = LegalDocumentPage(
        title=title,
        slug=slug,
        kind=kind,
        document_number=number,
        issued_on=date(on) if on else None,
        year=year or date(on).year,
        issuer=issuer,
        subject=subject,
        document=file,
    )
    page.related_pages = [LegalDocumentRelatedPage(target=target, sort_order=i) for i, target in enumerate(related)]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def documents(home_page):
    index = make_index(home_page)
    plan = make_plan(home_page, year=2020, slug="ke-hoach-thi-dua-khen-thuong-2020")
    make_document(
        index,
        "ke-hoach-2020",
        title="Kế hoạch triển khai công tác thi đua, khen thưởng năm 2020",
        number="…/KH-SCT",
        year=2020,
        kind="ke-hoach",
        subject="Triển khai công tác thi đua, khen thưởng năm 2020",
        file=make_file("Kế hoạch 2020", "ke-hoach-2020.pdf"),
        related=[plan],
    )
    make_document(
        index,
        "quyet-dinh-1198",
        title="Quyết định số 1198/QĐ-SCT",
        number="1198/QĐ-SCT",
        on="28/12/2020",
        subject="Về việc khen thưởng danh hiệu thi đua năm 2020",
        file=make_file(),
    )
    make_document(
        index,
        "quyet-dinh-ubnd",
        title="Quyết định số 2345/QĐ-UBND",
        number="2345/QĐ-UBND",
        on="15/01/2025",
        issuer="Ủy ban nhân dân tỉnh Gia Lai",
        subject="Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2024",
    )
    return index


def rows(html):
    return re.findall(r"<tr><td data-label[^>]*><a href=\"[^\"]+\">([^<]+)</a>", html)


def test_the_listing_shows_each_document_with_its_metadata_and_file(documents, client):
    response = client.get(documents.url)
    html = response.content.decode()
    assert rows(html) == ["2345/QĐ-UBND", "1198/QĐ-SCT", "…/KH-SCT"]  # newest first
    text = visible_text(html)
    for label in ["Số ký hiệu", "Ngày ban hành", "Loại văn bản", "Cơ quan ban hành", "Trích yếu"]:
        assert label in text, label
    assert "28/12/2020" in text and "…/…/2020" in text
    assert "Về việc khen thưởng danh hiệu thi đua năm 2020" in text
    assert html.count("/documents/") == 2  # the two with a file


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=ke-hoach", ["…/KH-SCT"]),
        ("kind=quyet-dinh", ["2345/QĐ-UBND", "1198/QĐ-SCT"]),
        ("year=2025", ["2345/QĐ-UBND"]),
        ("year=2020", ["1198/QĐ-SCT", "…/KH-SCT"]),
        ("issuer=Ủy ban nhân dân tỉnh Gia Lai", ["2345/QĐ-UBND"]),
        ("kind=quyet-dinh&year=2020&issuer=Sở Công Thương", ["1198/QĐ-SCT"]),
        ("q=quyet dinh khen thuong", ["1198/QĐ-SCT"]),
        ("q=tap the lao dong xuat sac", ["2345/QĐ-UBND"]),
        ("q=ke hoach thi dua", ["…/KH-SCT"]),
        ("kind=nonsense", ["2345/QĐ-UBND", "1198/QĐ-SCT", "…/KH-SCT"]),  # an unknown value filters nothing
    ],
)
def test_the_listing_filters_by_kind_year_issuer_and_words_without_accents(documents, client, query, expected):
    html = client.get(f"{documents.url}?{query}").content.decode()
    assert rows(html) == expected


def test_each_filter_has_a_vietnamese_label(documents, client):
    html = client.get(documents.url).content.decode()
    for field, label in [
        ("q", "Tìm trong văn bản"),
        ("kind", "Loại văn bản"),
        ("year", "Năm ban hành"),
        ("issuer", "Cơ quan ban hành"),
    ]:
        assert f'<label for="id_{field}">{label}</label>' in html, field
    assert '<option value="Ủy ban nhân dân tỉnh Gia Lai">' in html
    assert '<option value="2025">' in html and '<option value="quyet-dinh">Quyết định</option>' in html


def test_the_public_search_finds_a_decision_without_accents(documents, client):
    html = client.get("/search/", {"q": "quyet dinh khen thuong"}).content.decode()
    assert "Quyết định số 1198/QĐ-SCT" in visible_text(html)
    assert 'href="/van-ban/quyet-dinh-1198/"' in html


def test_a_documents_page_shows_its_metadata_download_and_related_pages(documents, client):
    html = client.get(documents.url + "ke-hoach-2020/").content.decode()
    text = visible_text(html)
    assert "Số ký hiệu …/KH-SCT" in text
    assert "Loại văn bản Kế hoạch" in text
    assert "Cơ quan ban hành Sở Công Thương" in text
    assert re.search(r'<a class="button" href="/documents/\d+/ke-hoach-2020[^"]*\.pdf" download>Tải văn bản', html)
    assert 'href="/ke-hoach-thi-dua-khen-thuong-2020/"' in html
    unsigned = client.get(documents.url + "quyet-dinh-ubnd/").content.decode()
    assert "Chưa có tệp đính kèm" in unsigned


def test_a_document_takes_its_year_from_its_date(home_page):
    index = make_index(home_page)
    page = LegalDocumentPage(title="Quyết định", slug="qd", document_number="1/QĐ", issued_on=date("02/01/2021"))
    index.add_child(instance=page)
    assert page.year == 2021


def count_queries(client, url):
    client.get(url)
    client.get(url)  # the first request saves the site's settings, a change that builds the fragments again
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?kind=quyet-dinh&year=2020", "?q=quyet+dinh"])
def test_the_listing_keeps_its_query_count_with_10_or_30_documents(home_page, client, settings, query):
    settings.PAGE_CACHE = False
    index = make_index(home_page)
    file = make_file()
    for i in range(10):
        make_document(
            index,
            f"qd-{i}",
            title=f"Quyết định số {i}/QĐ-SCT",
            number=f"{i}/QĐ-SCT",
            on="20/12/2020",
            issuer=f"Cơ quan {i % 3}",
            subject="Về việc khen thưởng",
            file=file,
        )
    ten = count_queries(client, index.url + query)
    for i in range(10, 30):
        make_document(
            index,
            f"qd-{i}",
            title=f"Quyết định số {i}/QĐ-SCT",
            number=f"{i}/QĐ-SCT",
            on=f"20/12/20{10 + i % 15}",
            issuer=f"Cơ quan {i}",
            subject="Về việc khen thưởng",
            file=file,
        )
    assert count_queries(client, index.url + query) == ten
    assert ten <= 16, ten


def test_the_demo_lists_the_2020_plan_and_the_decisions(demo, client):
    from emulation.models import Decision

    index = DocumentIndexPage.objects.get()
    assert index.show_in_menus and index.get_parent().specific_class.__name__ == "HomePage"
    html = client.get(index.url + "?kind=ke-hoach&year=2020").content.decode()
    assert rows(html) == ["…/KH-SCT"]
    plan_doc = LegalDocumentPage.objects.get(kind="ke-hoach")
    assert plan_doc.document and plan_doc.document.file.name.endswith(".pdf")
    decisions = Decision.objects.all()
    assert LegalDocumentPage.objects.filter(kind="quyet-dinh").count() == decisions.count() > 0
    signed = decisions.exclude(document=None).first()
    page = LegalDocumentPage.objects.get(document_number=signed.number, issued_on=signed.date)
    assert page.document_id == signed.document_id
    found = visible_text(client.get("/search/", {"q": "quyet dinh khen thuong"}).content.decode())
    assert "Quyết định số " in found and "Văn bản" in found


def test_loading_the_documents_again_adds_nothing(demo):
    from home.demo import load_documents

    before = LegalDocumentPage.objects.count()
    assert load_documents() == []
    assert LegalDocumentPage.objects.count() == before
