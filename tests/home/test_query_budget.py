"""Every public page answers, uncached, in at most 12 SQL queries, the same number with 100 and with 1,000 more
articles (the page cache is off in the tests, so this is what the first reader after a publish, a signed-in reader
and a new search cost)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from emulation.models import Award, Title
from home.models import ArticleIndexPage, ArticlePage, DocumentIndexPage, LegalDocumentPage, PlanPage
from portal import public
from tests.factories import make_many_articles

BUDGET = 12


def public_urls():
    plan = PlanPage.objects.live().get(year=2020)
    news = ArticleIndexPage.objects.live().first()
    article = public.pages(ArticlePage).order_by("pk").first()
    tag = article.tags.first()
    award = Award.objects.filter(public=True, decision__isnull=False).exclude(verification_code="").first()
    title = Title.objects.get(code="cstdcs")
    document = public.pages(LegalDocumentPage).first()
    documents = public.pages(DocumentIndexPage).first()
    decision = public.decisions().first()
    contact = public.pages().filter(slug="lien-he").first()
    urls = [
        "/",
        news.url,
        news.url + "?page=2",
        news.url + "?page=5",  # deep in the listing (the generated articles show the demo's pictures)
        news.url + f"chuyen-muc/{article.category.slug}/",
        news.url + f"the/{tag.slug}/",
        article.url,
        "/bang-vinh-danh/",
        f"/bang-vinh-danh/?year=2020&title={title.pk}",
        "/search/?q=%C4%91i%E1%BB%83n+h%C3%ACnh+ti%C3%AAn+ti%E1%BA%BFn",
        "/search/?q=dien+hinh+tien+tien",
        "/search/?q=V%C4%83n+ph%C3%B2ng",
        documents.url,
        document.url,
        plan.url,
        plan.url + "lich/",
        contact.url,
        "/sitemap.xml",
        news.url + "rss/",
        news.url + f"chuyen-muc/{article.category.slug}/rss/",
        "/du-lieu-mo/khen-thuong.csv",
        "/du-lieu-mo/khen-thuong.json",
        "/du-lieu-mo/quyet-dinh.csv",
        "/du-lieu-mo/quyet-dinh.json",
        "/api/v2/pages/",
        f"/api/v2/pages/{article.pk}/",
        "/api/v2/awards/",
        f"/api/v2/awards/{award.pk}/",
        "/api/v2/decisions/",
        f"/api/v2/decisions/{decision.pk}/",
        f"/xac-thuc/{award.verification_code}/",
    ]
    return urls


def counts(client, urls, cold=False):
    """{url: queries}, with the fragments kept (warm) or as the first reader after a publish (cold)."""
    from portal.cache import content_changed

    found = {}
    for url in urls:
        client.get(url)  # warm: renditions, fragments, content types
        if cold:
            content_changed()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(queries)
    return found


def test_every_public_page_keeps_within_its_query_budget_with_more_articles(demo, client):
    """About 9 s: 1,000 articles are added in bulk and thirty addresses asked eight times each (warm and cold)."""
    news = ArticleIndexPage.objects.live().first()
    make_many_articles(news, 100)
    urls = public_urls()
    before, cold_before = counts(client, urls), counts(client, urls, cold=True)
    news.refresh_from_db()
    make_many_articles(news, 900, seed=2)
    after, cold_after = counts(client, urls), counts(client, urls, cold=True)
    assert after == before
    assert cold_after == cold_before  # the first reader after a publish: more, but as many with more articles
    assert max(before.values()) <= BUDGET, {url: n for url, n in before.items() if n > BUDGET}


def test_what_is_kept_per_content_version_follows_each_publish_and_restriction(demo, client):
    """The fragments (home blocks, an article's surroundings, routes, counts, restricted paths) never show what was
    there before the last change."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from tests.factories import make_article

    news = ArticleIndexPage.objects.live().first()
    client.get("/")
    client.get(news.url)
    client.get(news.url + "tin-moi-nhat/")  # a 404 kept as "no such child"
    article = make_article(news, "tin-moi-nhat", title="Tin mới nhất hôm nay", on="31/12/2099", featured=True)
    home = client.get("/").content.decode()
    assert "Tin mới nhất hôm nay" in home
    assert "Tin mới nhất hôm nay" in client.get(news.url).content.decode()
    assert client.get(article.url).status_code == 200
    article.title = "Tin đã sửa"
    article.save_revision().publish()
    assert "Tin đã sửa" in client.get(article.url).content.decode()
    assert "Tin đã sửa" in client.get("/").content.decode()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.first())
    assert "Tin đã sửa" not in client.get("/").content.decode()
    assert "Tin đã sửa" not in client.get(news.url).content.decode()
    assert client.get(article.url).status_code in (302, 403)
    ArticlePage.objects.get(pk=article.pk).unpublish()
    restriction.delete()
    assert client.get(article.url).status_code == 404
