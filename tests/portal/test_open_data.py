"""One policy for everything public (portal.public), proved across every public reader at once: the honour roll, the
search, the RSS feed, the sitemap, the open-data downloads (CSV, JSON) and the API (pages, awards, decisions; list
and detail). The same things are seen everywhere, the rest nowhere, and no private field leaks."""

import csv
import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from emulation.models import Award
from tests.emulation.builders import award, decision, person, unit
from tests.factories import make_agency_settings, make_article, make_honor_roll, make_news_index, make_standard_page

WORD = "minhbach"  # in every page's title, so one search finds them all
SECRETS = [
    "MAT-P001",
    "Trưởng phòng mật",
    "THANH-TICH-NOI-BO",
    "LY-DO-THU-HOI",
    "1975-04-30",
    "votes_for",
    "council_size",
]


@pytest.fixture
def world(home_page):
    """Pages: a public article; a draft; an article under a password; a live article whose parent (a second news
    index) asks to sign in; a public standard page and a live child of a signed-in-only standard page. Awards: a
    public one (decision 01), one not marked public, and one withdrawn after it was public (decision 02 has only
    these two: not public)."""
    make_agency_settings()
    roll = make_honor_roll(home_page)
    news = make_news_index(home_page)
    shown = make_article(news, "bai-cong-khai", title=f"Bài {WORD} công khai")
    draft = make_article(news, "bai-nhap", title=f"Bài {WORD} bản nháp", publish=False)
    password = make_article(news, "bai-mat-khau", title=f"Bài {WORD} có mật khẩu")
    PageViewRestriction.objects.create(page=password, restriction_type="password", password="bi-mat")
    closed_news = make_news_index(home_page, slug="noi-san", title=f"Nội san {WORD}")
    PageViewRestriction.objects.create(page=closed_news, restriction_type="login")
    under_closed = make_article(closed_news, "bai-noi-san", title=f"Bài {WORD} trong nội san")
    page = make_standard_page(home_page, "trang-cong-khai", title=f"Trang {WORD} công khai")
    closed = make_standard_page(home_page, "trang-noi-bo", title=f"Trang {WORD} nội bộ")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    child = make_standard_page(closed, "trang-con", title=f"Trang {WORD} con của trang nội bộ")

    office = unit("VP", name="Văn phòng Sở")
    laureate = person("MAT-P001", office)  # graded: grades are never published
    laureate.full_name, laureate.position = "Nguyễn Công Khai", "Trưởng phòng mật"
    laureate.recruited_on = datetime.date(1975, 4, 30)
    laureate.save()
    hidden_person = person("P002", office)
    hidden_person.full_name = "Trần Không Công Bố"
    hidden_person.save()
    withdrawn_person = person("P003", office)
    withdrawn_person.full_name = "Lê Đã Thu Hồi"
    withdrawn_person.save()
    d1 = decision("01/QĐ-SCT", datetime.date(2020, 12, 20))
    d2 = decision("02/QĐ-SCT", datetime.date(2020, 12, 21))
    shown_award = award(
        laureate, "cstdcs", decision=d1, public=True, achievement="THANH-TICH-NOI-BO", votes_for=7, council_size=9
    )
    hidden_award = award(hidden_person, "ldtt", decision=d2)
    withdrawn_award = award(withdrawn_person, "cstdcs", decision=d2, public=True)  # indexed while public…
    # … then withdrawn behind the search index's back: only the policy at read time keeps it out.
    Award.objects.filter(pk=withdrawn_award.pk).update(
        withdrawn_on=datetime.date(2021, 1, 5), withdrawal_reason="LY-DO-THU-HOI"
    )
    return SimpleNamespace(
        roll=roll,
        shown_pages=[shown, page],
        hidden_pages=[draft, password, under_closed, closed, child, closed_news],
        shown_award=shown_award,
        hidden_awards=[hidden_award, withdrawn_award],
        names=("Nguyễn Công Khai", ["Trần Không Công Bố", "Lê Đã Thu Hồi"]),
        d1=d1,
        d2=d2,
    )


def _text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    content = response.content.decode("utf-8-sig")
    if url == "/search/":
        content = strip_tags(content)  # found words are marked
    for secret in SECRETS:
        assert secret not in content, (url, secret)
    return content


def _api(client, url, **params):
    return json.loads(_text(client, url, **params))


def test_every_public_reader_shows_the_same_things(world, client):
    shown_name, hidden_names = world.names
    readers = {
        "honour roll": _text(client, "/bang-vinh-danh/"),
        "search": _text(client, "/search/", q="Khai")
        + _text(client, "/search/", q="Thu Hồi")
        + _text(client, "/search/", q="Công Bố"),
        "awards csv": _text(client, "/du-lieu-mo/khen-thuong.csv"),
        "awards json": _text(client, "/du-lieu-mo/khen-thuong.json"),
        "awards api": _text(client, "/api/v2/awards/", limit=100),
    }
    for name, content in readers.items():
        assert shown_name in content, name
        for hidden in hidden_names:
            assert hidden not in content, (name, hidden)

    titles = {
        "search": _text(client, "/search/", q=WORD),
        "feed": _text(client, "/tin-tuc/rss/"),
        "sitemap": _text(client, "/sitemap.xml"),
        "pages api": _text(client, "/api/v2/pages/", limit=100),
    }
    for name, content in titles.items():
        for page in world.hidden_pages:
            assert page.title not in content, (name, page.title)
    for name in ("search", "pages api"):
        for page in world.shown_pages:
            assert page.title in titles[name], (name, page.title)
    assert world.shown_pages[0].title in titles["feed"]
    for page in world.shown_pages:
        assert f"<loc>{page.get_full_url()}</loc>" in titles["sitemap"]
    for page in world.hidden_pages:
        assert f"<loc>{page.get_full_url()}</loc>" not in titles["sitemap"]
    # The closed index's own feed asks to sign in: its article is not served.
    response = client.get("/noi-san/rss/")
    assert response.status_code != 200 and "trong nội san" not in response.content.decode()


def test_the_api_lists_and_details_only_public_objects(world, client):
    pages = _api(client, "/api/v2/pages/", limit=100)
    ids = {item["id"] for item in pages["items"]}
    assert {page.pk for page in world.shown_pages} <= ids
    assert not ids & {page.pk for page in world.hidden_pages}
    assert pages["meta"]["total_count"] == len(pages["items"])
    for page in world.shown_pages:
        assert _api(client, f"/api/v2/pages/{page.pk}/")["title"] == page.title
    for page in world.hidden_pages:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
        assert client.get("/api/v2/pages/find/", {"html_path": page.url_path[len("/home") :]}).status_code == 404

    awards = _api(client, "/api/v2/awards/", fields="*")
    assert [item["id"] for item in awards["items"]] == [world.shown_award.pk]
    item = awards["items"][0]
    assert item["recipient"] == "Nguyễn Công Khai" and item["decision_number"] == "01/QĐ-SCT"
    assert item["unit"] == "Văn phòng Sở" and item["recipient_kind"] == "person" and item["year"] == 2020
    assert _api(client, f"/api/v2/awards/{world.shown_award.pk}/")["title"] == "Chiến sĩ thi đua cơ sở"
    for hidden in world.hidden_awards:
        assert client.get(f"/api/v2/awards/{hidden.pk}/").status_code == 404
    assert client.get("/api/v2/awards/find/", {"id": world.hidden_awards[1].pk}).status_code == 404

    decisions = _api(client, "/api/v2/decisions/")
    assert [item["id"] for item in decisions["items"]] == [world.d1.pk]
    assert decisions["items"][0]["public_awards"] == 1
    assert _api(client, f"/api/v2/decisions/{world.d1.pk}/")["number"] == "01/QĐ-SCT"
    assert client.get(f"/api/v2/decisions/{world.d2.pk}/").status_code == 404
    for url in ("/du-lieu-mo/quyet-dinh.csv", "/du-lieu-mo/quyet-dinh.json"):
        content = _text(client, url)
        assert "01/QĐ-SCT" in content and "02/QĐ-SCT" not in content

    # Read only, and bad parameters answered with a 400 in JSON, never a 500.
    assert client.post("/api/v2/awards/", {}).status_code in (403, 405)
    for url, params in [
        ("/api/v2/awards/", {"limit": "abc"}),
        ("/api/v2/awards/", {"offset": "-1"}),
        ("/api/v2/awards/", {"limit": "1000"}),
        ("/api/v2/awards/", {"year": "abc"}),
        ("/api/v2/awards/", {"votes_for": "7"}),
        ("/api/v2/awards/", {"fields": "votes_for"}),
        ("/api/v2/awards/", {"order": "nonsense"}),
        ("/api/v2/awards/find/", {"id": "abc"}),
        ("/api/v2/decisions/", {"date": "abc"}),
        ("/api/v2/pages/", {"search": "x"}),
        ("/api/v2/pages/", {"type": "nope.Nope"}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 400, (url, params)
        assert "message" in response.json()


def test_the_downloads_open_in_a_spreadsheet(world, client):
    Award.objects.filter(pk=world.shown_award.pk).update(year=2021)
    world.d1.number = "=HYPERLINK(1)"  # a formula-like cell is written as text
    world.d1.save()
    response = client.get("/du-lieu-mo/khen-thuong.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="khen-thuong.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        {
            "id": str(world.shown_award.pk),
            "year": "2021",
            "recipient_kind": "person",
            "recipient": "Nguyễn Công Khai",
            "unit": "Văn phòng Sở",
            "title": "Chiến sĩ thi đua cơ sở",
            "title_category": "title",
            "decision_id": str(world.d1.pk),
            "decision_number": "'=HYPERLINK(1)",
            "decision_date": "2020-12-20",
            "decision_authority": "Sở Thử Nghiệm",
        }
    ]
    document = json.loads(client.get("/du-lieu-mo/khen-thuong.json").content)
    assert document["licence"] == "Giấy phép: Creative Commons Ghi công 4.0 (CC BY 4.0)"
    assert [field["name"] for field in document["fields"]] == list(rows[0])
    assert document["items"][0]["decision_number"] == "=HYPERLINK(1)"  # JSON keeps the value as it is
    assert client.get("/du-lieu-mo/khen-thuong.xlsx").status_code == 404

    # The honour roll links them, lists the fields and says the licence.
    html = _text(client, "/bang-vinh-danh/")
    for url in ("/du-lieu-mo/khen-thuong.csv", "/du-lieu-mo/khen-thuong.json", "/du-lieu-mo/quyet-dinh.csv"):
        assert f'href="{url}"' in html
    assert "<code>decision_number</code>" in html and "CC BY 4.0" in html


def test_pagination_and_bounded_queries(world, client, django_assert_max_num_queries):
    """The same number of queries for 3 records as for 30 (the awards and decisions are made in bulk)."""
    urls = [
        "/api/v2/awards/",
        "/api/v2/decisions/",
        "/api/v2/pages/",
        "/du-lieu-mo/khen-thuong.csv",
        "/du-lieu-mo/khen-thuong.json",
        "/du-lieu-mo/quyet-dinh.json",
        f"/api/v2/awards/{world.shown_award.pk}/",
    ]

    def counts():
        result = {}
        for url in urls:
            params = {"limit": 100} if url.endswith("/v2/awards/") else {}
            client.get(url, params)  # Wagtail's site root paths cached, as they are between requests
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            result[url] = len(queries)
        return result

    few = counts()
    office = unit("VP")
    from emulation.models import Decision, Person, Title

    cstdcs = Title.objects.get(code="cstdcs")
    people = Person.objects.bulk_create(
        Person(code=f"B{n:03}", full_name=f"Cán bộ {n}", unit=office) for n in range(27)
    )
    decisions = Decision.objects.bulk_create(
        Decision(number=f"{n}/QĐ", date=datetime.date(2020, 1, 1), authority="Sở") for n in range(27)
    )
    Award.objects.bulk_create(
        Award(year=2020, person=p, title=cstdcs, decision=d, public=True)
        for p, d in zip(people, decisions, strict=True)
    )
    for n in range(27):
        make_standard_page(world.shown_pages[1], f"trang-{n}", title=f"Trang {n}")
    many = counts()
    assert many == few
    for url, count in many.items():
        with django_assert_max_num_queries(12):
            client.get(url)
        assert count <= 12, url

    first = _api(client, "/api/v2/awards/", limit=10)
    assert first["meta"]["total_count"] == 28 and len(first["items"]) == 10
    rest = _api(client, "/api/v2/awards/", limit=10, offset=20)
    assert len(rest["items"]) == 8
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in rest["items"]}
    assert len(_api(client, "/api/v2/awards/")["items"]) == 20  # Wagtail's default limit


def test_cached_responses_follow_the_records(world, client, settings):
    settings.PAGE_CACHE_ENABLED = True
    from django.core.cache import cache

    cache.clear()
    first = client.get("/api/v2/awards/")
    assert first["X-Cache"] == "miss" and first["Content-Type"] == "application/json"
    assert client.get("/api/v2/awards/")["X-Cache"] == "hit"
    assert client.get("/du-lieu-mo/khen-thuong.csv")["X-Cache"] == "miss"
    hidden = world.hidden_awards[0]
    hidden.public = True
    hidden.save()
    response = client.get("/api/v2/awards/")
    assert response["X-Cache"] == "miss" and response.json()["meta"]["total_count"] == 2
    assert "Trần Không Công Bố" in client.get("/du-lieu-mo/khen-thuong.csv").content.decode("utf-8-sig")
