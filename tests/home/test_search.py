"""The public search: accents, đ and i/y folded; exact matches first; snippets highlighted; awards by name."""

import pytest

from tests.emulation import builders
from tests.factories import make_article, make_honor_roll, make_news_index, make_standard_page


@pytest.fixture
def content(home_page):
    news = make_news_index(home_page)
    make_honor_roll(home_page)
    make_article(
        news,
        "dien-hinh",
        title="Văn phòng Sở – điển hình tiên tiến năm 2020",
        on="28/12/2020",
        body=[{"type": "paragraph", "value": "<p>Tập thể tiêu biểu trong phong trào thi đua.</p>"}],
    )
    make_article(
        news,
        "khen",
        title="Tổng kết công tác khen thưởng",
        on="22/12/2020",
        body=[
            {"type": "paragraph", "value": "<p>Sở đã khen thưởng 44 tập thể, cá nhân; bốn Chiến sỹ thi đua cơ sở.</p>"}
        ],
    )
    make_article(
        news,
        "ki-thuat",
        title="Hỗ trợ kĩ thuật cho doanh nghiệp",
        on="01/10/2020",
        body=[{"type": "paragraph", "value": "<p>Lí thuyết và thực hành.</p>"}],
    )
    make_article(news, "khong-dau", title="Dien hinh tien tien viet khong dau", on="01/01/2020")
    make_standard_page(home_page, "gioi-thieu", title="Giới thiệu", introduction="Đơn vị quản lý: Văn phòng Sở.")
    unit = builders.unit("TTKC", name="Trung tâm Khuyến công")
    builders.award(builders.person("P036", unit), "cstdcs", public=True)
    hidden = builders.person("P099", unit)
    hidden.full_name = "Đặng Thị Riêng"
    hidden.save()
    builders.award(hidden, "ldtt", public=False)
    return news


def titles(client, query, **params):
    html = client.get("/search/", {"q": query, **params}).content.decode()
    import re

    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'class="search-result__title">(.*?)</h2>', html, re.S)], html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("khen thuong", "Tổng kết công tác khen thưởng"),
        ("Chien sy thi dua", "Tổng kết công tác khen thưởng"),  # the text writes "Chiến sỹ"
        ("chiến sĩ thi đua", "Tổng kết công tác khen thưởng"),  # i for y
        ("dien hinh", "Văn phòng Sở – điển hình tiên tiến năm 2020"),
        ("ĐIỂN HÌNH", "Văn phòng Sở – điển hình tiên tiến năm 2020"),
        ("kỹ thuật", "Hỗ trợ kĩ thuật cho doanh nghiệp"),
        ("ly thuyet", "Hỗ trợ kĩ thuật cho doanh nghiệp"),
        ("don vi quan ly", "Giới thiệu"),
    ],
)
def test_queries_with_or_without_accents_find_the_accented_text(content, client, query, expected):
    found, _ = titles(client, query)
    assert expected in found


def test_an_accented_query_ranks_the_exact_match_first(content, client):
    found, _ = titles(client, "điển hình tiên tiến")
    assert found[0] == "Văn phòng Sở – điển hình tiên tiến năm 2020"
    assert "Dien hinh tien tien viet khong dau" in found
    found, _ = titles(client, "Dien hinh tien tien viet")
    assert found[0] == "Dien hinh tien tien viet khong dau"


def test_snippets_mark_the_words_found(content, client):
    _, html = titles(client, "thi dua")
    assert "<mark>thi</mark> <mark>đua</mark>" in html
    assert "<mark>Chiến</mark>" not in html


def test_public_awards_are_found_by_name_and_private_ones_are_not(content, client):
    found, html = titles(client, "khuyen cong")
    assert any("Chiến sĩ thi đua cơ sở (2020)" in title for title in found)
    assert "Đặng Thị Riêng" not in html
    found, _ = titles(client, "Dang Thi Rieng")
    assert found == []


def test_drafts_and_unpublished_pages_are_not_found(content, client):
    from home.models import ArticlePage
    from home.search import hidden_entries

    article = ArticlePage.objects.get(slug="khen")
    article.unpublish()
    found, _ = titles(client, "khen thuong")
    assert "Tổng kết công tác khen thưởng" not in found
    assert hidden_entries() == []  # its entry went with it, not kept to be filtered out by every search
    article.save_revision().publish()
    assert "Tổng kết công tác khen thưởng" in titles(client, "khen thuong")[0]


@pytest.mark.parametrize("query", ["", "   ", "zzqxv", "!!!", "a" * 5000, "<script>alert(1)</script>", "đ" * 300])
def test_empty_long_and_nonsense_queries_are_answered_calmly(content, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_results_paginate(content, client, home_page):
    from tests.factories import make_many_articles

    make_many_articles(content, 25)
    first = client.get("/search/", {"q": "khen thuong kip thoi"}).content.decode()  # in every generated body
    assert first.count('class="search-result"') == 10
    assert "25" in first
    third = client.get("/search/", {"q": "khen thuong kip thoi", "page": 3}).content.decode()
    assert third.count('class="search-result"') == 5
    assert 'href="?q=khen%20thuong%20kip%20thoi&amp;page=2"' in third


def test_a_search_with_more_results_than_the_cap_says_more_than(content, client, monkeypatch):
    """An exact count stops at home.search.COUNT_CAP: beyond it the page says "hơn …" and still pages in SQL."""
    from home import search

    monkeypatch.setattr(search, "COUNT_CAP", 1)
    html = client.get("/search/?q=dien+hinh").content.decode()
    assert "Hơn 1 kết quả cho “dien hinh”." in html
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    assert "Hơn" not in client.get("/search/?q=dien+hinh").content.decode()


def test_many_matches_rank_the_newest_and_every_title_that_holds_the_phrase(content, client, monkeypatch):
    """Beyond COUNT_CAP matches the ranking runs over the newest COUNT_CAP + 1 and the newest TITLE_CAP entries with
    the phrase in their title: an old article named by the phrase still comes first; an old one that only mentions
    it in its text is past the cut, and the count says "more than"."""
    from home import search
    from tests.factories import make_article

    def mention(slug, on, title):
        body = [{"type": "paragraph", "value": "<p>Nhân rộng điển hình tiên tiến trong toàn ngành.</p>"}]
        make_article(content, slug, title=title, on=on, body=body)

    make_article(content, "guong", title="Gương điển hình tiên tiến của ngành", on="01/06/2010")
    mention("cu", "01/06/2009", "Bài cũ về phong trào")
    for year in (2021, 2022, 2023):
        mention(f"moi-{year}", f"01/06/{year}", f"Tin phong trào năm {year}")
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    found, html = titles(client, "điển hình tiên tiến")
    assert found == [
        "Văn phòng Sở – điển hình tiên tiến năm 2020",  # the exact phrase in the title, newest first
        "Gương điển hình tiên tiến của ngành",  # eleven years older than the cut, found by its title
        "Tin phong trào năm 2023",  # then the exact phrase in the text, newest first
        "Tin phong trào năm 2022",
        "Tin phong trào năm 2021",
        "Dien hinh tien tien viet khong dau",  # the phrase without its accents
    ]
    assert "Hơn 2 kết quả" in html
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    found, html = titles(client, "điển hình tiên tiến")
    assert "Bài cũ về phong trào" in found  # all seven ranked: fewer than the cap
    assert "7 kết quả" in html


def test_a_page_under_a_view_restriction_is_not_found_until_it_is_lifted(content, client):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from home.models import ArticlePage

    article = ArticlePage.objects.get(slug="khen")
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Ban biên tập"))
    assert "Tổng kết công tác khen thưởng" not in titles(client, "khen thuong")[0]
    restriction.delete()
    assert "Tổng kết công tác khen thưởng" in titles(client, "khen thuong")[0]


@pytest.mark.parametrize("query", ["_", "%", "a_b", "100%"])
def test_like_wildcards_typed_in_a_query_match_only_themselves(content, client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert 'class="search-result"' not in html
