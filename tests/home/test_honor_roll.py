import json
import re
from types import SimpleNamespace

import pytest

from emulation.models import Award, Person
from tests.emulation.builders import award, person, title, unit
from tests.factories import make_agency_settings, make_honor_roll

URL = "/bang-vinh-danh/"


@pytest.fixture
def roll(home_page):
    """The honour roll page and five public awards (CSTĐCS 2018–2020 of one person of the office, a Giấy khen 2019
    of a person of the centre, the office's collective title of 2020), and one award not marked public."""
    make_agency_settings()
    make_honor_roll(home_page)
    office = unit("VP", name="Văn phòng Sở", sort_order=0)
    centre = unit("TTKC", name="Trung tâm Khuyến công", sort_order=1)
    laureate = person("P001", office)  # graded too: grades must never reach the public page
    centre_member = person("P002", centre)
    unpublished = person("P003", centre)
    for year in (2018, 2019, 2020):
        award(laureate, "cstdcs", year, public=True)
    award(centre_member, "giay-khen", 2019, public=True)
    award(office, "ttldxs", 2020, public=True)
    award(unpublished, "ldtt", 2020)  # not marked public
    return SimpleNamespace(
        office=office, centre=centre, laureate=laureate, centre_member=centre_member, unpublished=unpublished, public=5
    )


def test_the_honour_roll_shows_only_public_awards(roll, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="award-') == roll.public
    assert f">{roll.laureate.full_name}</td>" in html
    assert ">Tập thể lao động xuất sắc</td>" in html  # the office's collective title
    assert f">{roll.office.name}</td>" in html  # … named as the honoured one
    assert roll.unpublished.full_name not in html  # a Lao động tiên tiến award not marked public
    assert "xếp loại" not in html.lower()  # no grades on a public page


def test_filters_by_year_unit_and_title(roll, client):
    response = client.get(URL, {"year": 2019, "title": title("cstdcs").pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="award-') == 1  # 2019 alone has two awards, CSTĐCS alone three
    assert f">{roll.laureate.full_name}</td>" in html
    response = client.get(URL, {"unit": roll.centre.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="award-') == 1
    assert roll.laureate.full_name not in html  # a person of the office
    assert f">{roll.centre_member.full_name}</td>" in html
    assert f">{roll.centre.name}</td>" in html  # the unit column of the centre's row
    assert client.get(URL, {"year": "abc", "page": "zz"}).status_code == 200  # bad input answered calmly


def test_schema_org_json_ld(roll, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "ItemList"
    assert len(data["itemListElement"]) == roll.public
    items = [e["item"] for e in data["itemListElement"]]
    people = [item for item in items if item["@type"] == "Person"]
    assert {"@type": "Organization", "name": roll.office.name} in [p["affiliation"] for p in people]
    assert {"@type": "Organization", "name": roll.office.name, "award": "Tập thể lao động xuất sắc (2020)"} in items


@pytest.mark.parametrize("extra", [0])
def test_the_honour_roll_keeps_its_query_count(roll, client, django_assert_num_queries, extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.cache import content_changed

    assert client.get(URL).status_code == 200
    content_changed()  # counted as the first reader after a change (the fragments built again)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    people = Person.objects.bulk_create(
        Person(code=f"V{i}", full_name=f"Người {i}", unit=roll.office) for i in range(200)
    )
    giay_khen = title("giay-khen")
    Award.objects.bulk_create(Award(year=2015, person=p, title=giay_khen, public=True) for p in people)
    content_changed()
    with django_assert_num_queries(len(queries)):
        response = client.get(URL, {"page": 3})
    assert response.status_code == 200
    assert "Trang 3 /" in response.content.decode()
