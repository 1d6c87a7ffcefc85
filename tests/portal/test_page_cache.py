"""The public page cache: fast for anonymous readers, never stale, never one user's page to another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation.models import Award
from home.models import ArticlePage
from tests.emulation import builders
from tests.factories import make_article, make_honor_roll, make_news_index, make_standard_page


@pytest.fixture(autouse=True)
def page_cache_on(settings, db):
    from wagtail.models import Site

    from portal.models import AgencySettings

    settings.PAGE_CACHE_ENABLED = True
    AgencySettings.for_site(Site.objects.get(is_default_site=True))  # made on the first visit otherwise


@pytest.fixture
def news(home_page):
    make_honor_roll(home_page)
    return make_news_index(home_page)


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    response.queries = len(queries)
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(news, client):
    make_article(news, "tin-a", title="Tin A")
    first = get(client, "/")
    second = get(client, "/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.queries == 0
    assert second.content == first.content
    assert second["Cache-Control"] == "public, no-cache"
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tin-tuc/tin-a/", "/tin-tuc/rss/", "/bang-vinh-danh/"])
def test_a_reader_never_sees_a_page_older_than_the_last_publish(news, client, url):
    article = make_article(news, "tin-a", title="Tin A")
    get(client, url)
    assert get(client, url)["X-Cache"] == "hit"
    article.title = "Tin A đã sửa"
    article.save_revision().publish()
    response = get(client, url)
    assert response["X-Cache"] == "miss"
    if url != "/bang-vinh-danh/":
        assert "Tin A đã sửa" in response.content.decode()


def test_unpublishing_moving_and_deleting_are_seen_at_once(news, client, home_page):
    article = make_article(news, "tin-a", title="Tin A")
    other = make_news_index(home_page, slug="tin-khac", title="Tin khác")
    assert "Tin A" in get(client, "/tin-tuc/").content.decode()
    article = ArticlePage.objects.get(pk=article.pk)  # as the admin loads it: live
    article.unpublish()
    assert "Tin A" not in get(client, "/tin-tuc/").content.decode()
    article.save_revision().publish()
    assert "Tin A" in get(client, "/tin-tuc/").content.decode()
    article.move(other, pos="last-child")
    assert "Tin A" not in get(client, "/tin-tuc/").content.decode()
    assert "Tin A" in get(client, "/tin-khac/").content.decode()
    ArticlePage.objects.get(pk=article.pk).delete()
    assert "Tin A" not in get(client, "/tin-khac/").content.decode()


def test_records_shown_on_public_pages_invalidate_them(news, client):
    vp = builders.unit("VP", name="Văn phòng Sở")
    person = builders.person("P1", vp)
    award = builders.award(person, "cstdcs", public=True)
    assert person.full_name in get(client, "/bang-vinh-danh/").content.decode()
    person.full_name = "Tên Mới Hẳn"
    person.save()
    assert "Tên Mới Hẳn" in get(client, "/bang-vinh-danh/").content.decode()
    Award.objects.filter(pk=award.pk).update(public=False)  # a bulk update sends no signal …
    award.refresh_from_db()
    award.save()  # … the admin's save does
    assert "Tên Mới Hẳn" not in get(client, "/bang-vinh-danh/").content.decode()


def test_signed_in_users_are_never_served_or_stored(news, client, django_user_model):
    make_article(news, "tin-a")
    user = django_user_model.objects.create_user("vanphong", "vp@example.com", "pw")
    client.force_login(user)
    first, second = get(client, "/"), get(client, "/")
    assert "X-Cache" not in first
    assert "X-Cache" not in second
    assert second.queries > 0
    assert first["Cache-Control"] == "private, no-cache"
    assert "Đăng xuất" in second.content.decode()
    client.logout()
    anonymous = get(client, "/")
    assert "Đăng xuất" not in anonymous.content.decode()


def test_pages_with_a_form_token_are_never_stored(home_page, client):
    from home.models import ContactFormField, ContactPage

    page = ContactPage(title="Góp ý", slug="lien-he")
    page.form_fields = [ContactFormField(label="Nội dung", field_type="multiline", required=True)]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    first, second = get(client, "/lien-he/"), get(client, "/lien-he/")
    assert first.get("X-Cache") != "hit"
    assert second.get("X-Cache") != "hit"
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert second.cookies.get("csrftoken")


def test_conditional_requests_get_304(news, client):
    make_article(news, "tin-a")
    for url in ["/tin-tuc/tin-a/", "/tin-tuc/rss/"]:
        first = get(client, url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


def test_the_cache_can_be_turned_off(news, client, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(client, "/")
    response = get(client, "/")
    assert "X-Cache" not in response
    assert response.queries > 0


def test_the_menu_fragment_is_cached_until_a_page_changes(news, client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False  # the whole page rendered each time; only the fragment is cached
    get(client, "/tin-tuc/")
    warm = get(client, "/tin-tuc/").queries
    make_standard_page(home_page, "gioi-thieu", title="Giới thiệu mới", show_in_menus=True)
    fresh = get(client, "/tin-tuc/")
    assert "Giới thiệu mới" in fresh.content.decode()
    assert fresh.queries > warm


SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tin-tuc/tin-a/", "/bang-vinh-danh/"])
def test_a_cached_page_carries_the_same_security_headers_as_the_first(news, client, url):
    make_article(news, "tin-a", title="Tin A")
    first = get(client, url)
    second = get(client, url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    for header in SECURITY_HEADERS:
        assert first.get(header), header
        assert second.get(header) == first.get(header), header
    assert "script-src 'self';" in second["Content-Security-Policy"]  # the public policy: no inline script
    assert second["X-Frame-Options"] == "SAMEORIGIN"
    assert second["X-Content-Type-Options"] == "nosniff"
