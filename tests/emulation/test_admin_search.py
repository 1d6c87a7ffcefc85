"""The admin's records listings and choosers find people, units and awards as the public search does: without regard
to case, marks, đ/d or i/y at a word's end (on SQLite and on PostgreSQL, CI's second run)."""

import pytest

from emulation.models import Person
from portal.text import fold, folded_filter
from tests.emulation import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    office = b.unit("VP", name="Văn phòng Sở")
    centre = b.unit("TTKC", name="Trung tâm Khuyến công và Xúc tiến thương mại")
    dung = b.person("D01", office, grade=None)
    dung.full_name, dung.position = "Phạm Thị Dung", "Chiến sỹ thi đua"
    dung.save()
    dang = b.person("D02", centre, grade=None)
    dang.full_name = "ĐẶNG VĂN ĐỨC"
    dang.save()
    b.person("P03", office, grade=None)
    return dung, dang


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("pham thi dung", {"D01"}),
        ("PHẠM THỊ", {"D01"}),
        ("dang van duc", {"D02"}),  # đ as d, capitals with marks
        ("đức", {"D02"}),
        ("chien si", {"D01"}),  # sỹ and sĩ alike
        ("khuyen cong", set()),  # a unit's name is not a person's field here
        ("zz", set()),
    ],
)
def test_the_database_folds_as_the_public_search_does(people, query, codes):
    found = folded_filter(Person.objects.all(), ["full_name", "position", "code"], query)
    assert {person.code for person in found} == codes


def test_the_database_fold_is_the_python_fold(people):
    from django.db.models import F, Func, TextField

    text = "Đặng Thị Ánh Tuyết – Chiến sỹ, Kỹ sư (Sở)"
    Person.objects.filter(code="P03").update(full_name=text)
    folded = (
        Person.objects.filter(code="P03")
        .annotate(f=Func(F("full_name"), function="portal_fold", output_field=TextField()))
        .values_list("f", flat=True)
        .get()
    )
    assert folded == fold(text) == "dang thi anh tuyet chien si ki su so"


def test_the_people_listing_finds_her_without_marks(people, admin_client):
    response = admin_client.get("/admin/snippets/emulation/person/", {"q": "pham thi dung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Thị Dung" in html
    assert "ĐẶNG VĂN ĐỨC" not in html


def test_the_award_chooser_searches_holder_title_unit_and_year(people, admin_client):
    dung, dang = people
    b.award(dung, "ldtt", year=2020)
    b.award(dang, "cstdcs", year=2021)
    url = "/admin/snippets/choose/emulation/award/results/"
    for query, expected, absent in [
        ("pham thi dung", "Phạm Thị Dung", "ĐẶNG VĂN ĐỨC"),  # the holder
        ("chien si thi dua co so", "ĐẶNG VĂN ĐỨC", "Phạm Thị Dung"),  # the title
        ("xuc tien thuong mai", "ĐẶNG VĂN ĐỨC", "Phạm Thị Dung"),  # the holder's unit
        ("2021", "ĐẶNG VĂN ĐỨC", "Phạm Thị Dung"),  # the year
    ]:
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200, query
        html = response.content.decode()
        assert expected in html, query
        assert absent not in html, query


def test_the_award_chooser_filters_by_year_title_and_unit(people, admin_client):
    dung, dang = people
    b.award(dung, "ldtt", year=2020)
    b.award(dang, "cstdcs", year=2021)
    b.award(dang, "ldtt", year=2020)
    url = "/admin/snippets/choose/emulation/award/"
    page = admin_client.get(url).json()["html"]
    assert 'name="year"' in page and 'name="title"' in page and 'name="unit"' in page  # the filters are on screen
    results = "/admin/snippets/choose/emulation/award/results/"
    centre = dang.unit
    for params, shown, hidden in [
        ({"year": 2021}, ["ĐẶNG VĂN ĐỨC"], ["Phạm Thị Dung"]),
        ({"unit": centre.pk}, ["ĐẶNG VĂN ĐỨC"], ["Phạm Thị Dung"]),
        ({"year": 2020, "q": "pham"}, ["Phạm Thị Dung"], ["ĐẶNG VĂN ĐỨC"]),
    ]:
        html = admin_client.get(results, params).content.decode()
        for name in shown:
            assert name in html, params
        for name in hidden:
            assert name not in html, params


def test_the_admin_page_search_and_chooser_find_pages_without_marks(home_page, admin_client):
    from tests.factories import make_standard_page

    make_standard_page(home_page, "guong", title="Gương Phạm Thị Dung, chiến sỹ thi đua")
    make_standard_page(home_page, "khac", title="Lịch công tác tháng Mười")
    for query in ("pham thi dung", "chien si thi dua", "Phạm Thị", "guong"):
        html = admin_client.get("/admin/pages/search/", {"q": query}).content.decode()
        assert "Gương Phạm Thị Dung" in html, query
        assert "Lịch công tác" not in html, query
        chooser = admin_client.get("/admin/choose-page/search/", {"q": query}).content.decode()
        assert "Gương Phạm Thị Dung" in chooser, query


def test_the_image_and_document_listings_and_choosers_find_titles_without_marks(db, admin_client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from tests.factories import make_image

    make_image(title="Hội nghị thi đua của Sở")
    make_image(title="Lịch công tác")
    document = get_document_model()(title="Quyết định khen thưởng năm 2020")
    document.file.save("qd.pdf", ContentFile(b"%PDF-1.4"), save=True)
    for url, query, found, absent in (
        ("/admin/images/", "hoi nghi thi dua", "Hội nghị thi đua của Sở", "Lịch công tác"),
        ("/admin/images/chooser/", "HOI NGHI", "Hội nghị thi đua của Sở", "Lịch công tác"),
        ("/admin/documents/", "quyet dinh khen thuong", "Quyết định khen thưởng năm 2020", "Lịch công tác"),
        ("/admin/documents/chooser/", "khen thuong", "Quyết định khen thưởng năm 2020", "Lịch công tác"),
    ):
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200, url
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = response.json()["html"]
        assert found in html, (url, query)
        assert absent not in html, url
