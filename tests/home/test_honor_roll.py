import json
import re

import pytest

from emulation.models import Award, Person, Title, Unit

URL = "/bang-vinh-danh/"


def test_the_honour_roll_shows_only_public_awards(demo, client):
    html = client.get(URL).content.decode()
    public = Award.objects.filter(public=True).count()
    hidden = Award.objects.get(public=False, year=2020, person__code="P003")  # P003 has no public award
    assert public == 14  # the demo: CSTĐCS 2018–2020, the collective titles of 2020 and one Giấy khen
    assert html.count("<tr><td>") == public
    assert "Phạm Thị Dung" in html
    assert "Tập thể lao động xuất sắc" in html
    assert hidden.person.full_name not in html  # a Lao động tiên tiến award not marked public
    assert "xếp loại" not in html.lower()  # no grades on a public page


def test_filters_by_year_unit_and_title(demo, client):
    title = Title.objects.get(code="cstdcs")
    html = client.get(URL, {"year": 2019, "title": title.pk}).content.decode()
    assert html.count("<tr><td>") == 1
    assert "Phạm Thị Dung" in html
    unit = Unit.objects.get(code="TTKC")
    html = client.get(URL, {"unit": unit.pk}).content.decode()
    assert "Huỳnh Văn Phúc" not in html
    assert "Trung tâm Khuyến công và Xúc tiến thương mại" in html
    assert client.get(URL, {"year": "abc", "page": "zz"}).status_code == 200  # bad input answered calmly


def test_schema_org_json_ld(demo, client):
    html = client.get(URL).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "ItemList"
    assert len(data["itemListElement"]) == 14
    people = [e["item"] for e in data["itemListElement"] if e["item"]["@type"] == "Person"]
    assert {"@type": "Organization", "name": "Văn phòng Sở"} in [p["affiliation"] for p in people]


@pytest.mark.parametrize("extra", [0])
def test_the_honour_roll_keeps_its_query_count(demo, client, django_assert_num_queries, extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    unit = Unit.objects.get(code="VP")
    people = Person.objects.bulk_create(Person(code=f"V{i}", full_name=f"Người {i}", unit=unit) for i in range(200))
    title = Title.objects.get(code="giay-khen")
    Award.objects.bulk_create(Award(year=2015, person=p, title=title, public=True) for p in people)
    with django_assert_num_queries(len(queries)):
        html = client.get(URL, {"page": 3}).content.decode()
    assert "Trang 3 /" in html
