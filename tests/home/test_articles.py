"""Articles: the index and its categories and tags, the article page, feeds, Open Graph and the home page."""

import xml.etree.ElementTree as ET

import pytest

from home.models import ArticlePage
from tests.emulation import builders
from tests.factories import (
    category,
    date,
    make_article,
    make_honor_roll,
    make_image,
    make_many_articles,
    make_news_index,
    make_plan,
    make_task,
)


@pytest.fixture
def news(home_page):
    return make_news_index(home_page)


def test_the_index_lists_articles_newest_first_and_filters_by_category_and_tag(news, client):
    make_article(news, "cu", title="Tin cũ", on="01/02/2020", tags=["Sáng kiến"])
    make_article(news, "moi", title="Tin mới", on="01/06/2020", category_slug="dien-hinh-tien-tien")
    make_article(news, "nhap", title="Bản nháp", publish=False)
    html = client.get("/tin-tuc/").content.decode()
    assert html.index("Tin mới") < html.index("Tin cũ")
    assert "Bản nháp" not in html
    assert "Điển hình tiên tiến" in html
    assert "01/06/2020" in html
    html = client.get("/tin-tuc/chuyen-muc/dien-hinh-tien-tien/").content.decode()
    assert "Tin mới" in html
    assert "Tin cũ" not in html
    assert 'aria-current="page">Điển hình tiên tiến' in html
    html = client.get("/tin-tuc/the/sang-kien/").content.decode()
    assert "Tin cũ" in html
    assert "Tin mới" not in html
    assert client.get("/tin-tuc/chuyen-muc/khong-co/").status_code == 404
    assert client.get("/tin-tuc/?page=zz").status_code == 200


def test_the_index_paginates(news, client):
    make_many_articles(news, 14)
    first = client.get("/tin-tuc/").content.decode()
    second = client.get("/tin-tuc/?page=2").content.decode()
    assert first.count('<article class="article-card') == 12
    assert second.count('<article class="article-card') == 2
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev" href="?page=1"' in second


def test_an_article_shows_its_body_picture_awards_tags_and_related_articles(news, client, home_page):
    make_honor_roll(home_page)
    vp = builders.unit("VP", name="Văn phòng Sở")
    person = builders.person("P1", vp)
    award = builders.award(person, "cstdcs", public=True)
    image = make_image("Lễ trao thưởng")
    article = make_article(
        news,
        "guong-sang",
        title="Gương sáng Văn phòng Sở",
        category_slug="dien-hinh-tien-tien",
        image=image,
        tags=["Chiến sĩ thi đua"],
        body=[
            {"type": "paragraph", "value": "<p>Đồng chí đã có <b>ba sáng kiến</b>.</p>"},
            {"type": "quote", "value": {"text": "Làm việc tận tâm.", "attribution": "Lãnh đạo Sở"}},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "Bằng khen", "decorative": False},
                    "caption": "Bằng khen năm 2020",
                    "credit": "",
                },
            },
        ],
        publish=False,
    )
    from home.models import ArticleAward

    article.award_links = [ArticleAward(award=award)]
    article.save_revision().publish()
    make_article(news, "ban-tin-khac", title="Bài cùng chuyên mục", category_slug="dien-hinh-tien-tien")
    html = client.get("/tin-tuc/guong-sang/").content.decode()
    assert "<b>ba sáng kiến</b>" in html
    assert "Làm việc tận tâm." in html
    assert "Bằng khen năm 2020" in html
    assert 'alt="Ảnh minh hoạ"' in html
    assert 'alt="Bằng khen"' in html
    assert 'type="image/webp"' in html  # renditions: WebP with a JPEG fallback
    assert ".jpg" in html or ".jpeg" in html
    assert "Chiến sĩ thi đua cơ sở" in html  # the award box
    assert person.full_name in html
    assert "/bang-vinh-danh/?year=2020" in html
    assert "Bài cùng chuyên mục" in html  # related
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image"' in html
    assert 'rel="canonical"' in html
    assert "application/rss+xml" in html
    # The honour roll links the award to the article.
    roll = client.get("/bang-vinh-danh/").content.decode()
    assert 'href="/tin-tuc/guong-sang/"' in roll


def test_an_article_with_a_picture_needs_its_alternative_text(news):
    from django.core.exceptions import ValidationError

    article = ArticlePage(title="Ảnh", slug="anh", category=category(), featured_image=make_image())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "featured_image_alt" in error.value.message_dict


def test_feeds_parse_and_list_the_newest_items(news, client):
    for number in range(25):
        make_article(
            news,
            f"tin-{number}",
            title=f"Tin {number}",
            on=date("01/01/2020").replace(day=number + 1),
            category_slug="dien-hinh-tien-tien" if number % 2 else "tin-thi-dua-khen-thuong",
        )
    response = client.get("/tin-tuc/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert len(titles) == 20
    assert titles[0] == "Tin 24"
    assert "Tin 0" not in titles
    assert channel.find("item").findtext("link").startswith("http://testserver/tin-tuc/tin-24/")
    category_feed = ET.fromstring(client.get("/tin-tuc/chuyen-muc/dien-hinh-tien-tien/rss/").content)
    titles = [item.findtext("title") for item in category_feed.find("channel").findall("item")]
    assert titles[0] == "Tin 23"
    assert all(int(t.split()[1]) % 2 for t in titles)
    assert "Điển hình tiên tiến" in category_feed.find("channel").findtext("title")
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert "/tin-tuc/rss/" in home


def test_the_home_page_shows_featured_models_latest_news_deadlines_and_honours(news, client, home_page):
    import datetime

    from django.utils import timezone

    make_article(news, "mo-hinh", title="Mô hình hay", category_slug="dien-hinh-tien-tien", featured=True)
    make_article(news, "tin-a", title="Tin đầu tiên", on="01/01/2020")
    make_article(news, "tin-b", title="Tin mới nhất", on="02/01/2020")
    make_article(news, "tot", title="Việc tốt", category_slug="guong-nguoi-tot-viec-tot")
    soon = timezone.localdate() + datetime.timedelta(days=5)
    make_plan(
        home_page,
        year=soon.year,
        tasks=[make_task("1.1", deadline=soon), make_task("1.2", deadline=date("01/01/2020"))],
    )
    vp = builders.unit("VP", name="Văn phòng Sở")
    builders.award(builders.person("P1", vp), "cstdcs", public=True)
    html = client.get("/").content.decode()
    featured = html[html.index("featured-heading") : html.index("news-heading")]
    assert "Mô hình hay" in featured
    news_part = html[html.index("news-heading") : html.index("deadlines-heading")]
    assert "Tin mới nhất" in news_part
    assert "Tin đầu tiên" not in news_part
    assert "Việc tốt" in news_part
    deadlines = html[html.index("deadlines-heading") : html.index("honors-heading")]
    assert "Nhiệm vụ số 1.1" in deadlines
    assert "Nhiệm vụ số 1.2" not in deadlines
    assert "5 ngày" in deadlines
    assert "Chiến sĩ thi đua cơ sở" in html[html.index("honors-heading") :]
