"""Serving a page: the site and the way down the tree come from the content version's copy (portal.cache,
BasePage.route), so a page costs the same queries however deep it is, and what Wagtail would serve is served."""

import pytest

from tests.factories import make_article, make_news_index, make_standard_page


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_page_deep_in_the_tree_asks_no_more_queries_than_one_at_the_top(home_page, client, settings):
    settings.PAGE_CACHE_ENABLED = False
    top = make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    middle = make_standard_page(top, "co-cau", title="Cơ cấu tổ chức")
    deep = make_standard_page(middle, "phong-ban", title="Các phòng")
    for url in (top.url, deep.url, top.url):  # warm: the copies of this content version (the first reader saves
        client.get(url)  # the agency's settings, which makes a new one)
    assert (
        queries_for(client, deep.url) == queries_for(client, top.url) == 2
    )  # the home page, where Wagtail starts, and the page


def test_a_sub_route_of_an_index_comes_before_a_child_with_the_same_slug(home_page, client):
    news = make_news_index(home_page)
    make_article(news, "rss", title="Bài viết tên rss")
    response = client.get(f"{news.url}rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    make_article(news, "tin-moi", title="Tin mới")
    assert "Tin mới" in client.get(f"{news.url}tin-moi/").content.decode()


@pytest.mark.parametrize("path", ["khong-co/", "tin-tuc/khong-co/", "tin-tuc/tin-moi/them/"])
def test_a_path_that_leads_nowhere_is_a_404(home_page, client, path):
    news = make_news_index(home_page)
    make_article(news, "tin-moi", title="Tin mới")
    assert client.get(f"/{path}").status_code == 404


def test_a_new_slug_is_served_at_once_and_the_old_address_is_gone(home_page, client):
    page = make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    assert client.get("/gioi-thieu/").status_code == 200
    page.slug = "ve-so"
    page.save_revision().publish()
    assert client.get("/ve-so/").status_code == 200
    assert client.get("/gioi-thieu/").status_code == 404


def test_a_second_site_is_served_from_its_own_root(home_page, client, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "khoi.example.vn"]
    other_root = make_standard_page(home_page, "khoi-thi-dua", title="Khối thi đua")
    make_standard_page(other_root, "quy-che", title="Quy chế hoạt động")
    assert client.get("/quy-che/").status_code == 404  # the default site has no such page at its top
    Site.objects.create(hostname="khoi.example.vn", root_page=other_root, site_name="Khối")
    response = client.get("/quy-che/", HTTP_HOST="khoi.example.vn")
    assert response.status_code == 200
    assert "Quy chế hoạt động" in response.content.decode()
