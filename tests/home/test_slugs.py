"""Addresses in ASCII from Vietnamese titles, names and tags; the addresses the old admin script broke are fixed with
redirects from the old ones."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from home.models import ArticleCategory, ArticlePage, StandardPage
from portal.text import ascii_slug, legacy_slug
from tests.factories import make_article, make_news_index, make_standard_page

pytestmark = pytest.mark.django_db

VOWELS = (
    "a á à ả ã ạ ă ắ ằ ẳ ẵ ặ â ấ ầ ẩ ẫ ậ e é è ẻ ẽ ẹ ê ế ề ể ễ ệ i í ì ỉ ĩ ị o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ "
    "ơ ớ ờ ở ỡ ợ u ú ù ủ ũ ụ ư ứ ừ ử ữ ự y ý ỳ ỷ ỹ ỵ Đ đ"
)
TITLE = "Văn phòng Sở giữ vững danh hiệu Tập thể lao động xuất sắc"


def test_every_vietnamese_letter_becomes_plain_ascii():
    assert ascii_slug(VOWELS) == "-".join(
        ["a"] * 18 + ["e"] * 12 + ["i"] * 6 + ["o"] * 18 + ["u"] * 12 + ["y"] * 6 + ["d"] * 2
    )
    assert ascii_slug(TITLE) == "van-phong-so-giu-vung-danh-hieu-tap-the-lao-dong-xuat-sac"
    assert legacy_slug(TITLE) == "van-phong-s-gi-vng-danh-hiu-tp-th-lao-djng-xut-sc"  # what the issue saw


def test_an_editor_writing_a_vietnamese_title_gets_an_ascii_address(home_page, admin_client):
    from tests.home.test_publishing import article_form

    news = make_news_index(home_page)
    proposed = "văn-phòng-sở-giữ-vững-danh-hiệu-tập-thể-lao-động-xuất-sắc"  # what the admin's script proposes now
    url = reverse("wagtailadmin_pages:add", args=("home", "articlepage", news.pk))
    response = admin_client.post(url, article_form(title=TITLE, slug=proposed))
    assert response.status_code == 302
    page = ArticlePage.objects.get(title=TITLE)
    assert page.slug == "van-phong-so-giu-vung-danh-hieu-tap-the-lao-dong-xuat-sac"
    again = admin_client.post(url, article_form(title=TITLE, slug=proposed))  # the same address twice
    assert again.status_code == 200
    assert "van-phong-so-giu-vung-danh-hieu-tap-the-lao-dong-xuat-sac" in again.content.decode()  # said by the field


def test_pages_made_by_code_get_ascii_addresses_too(home_page):
    page = make_standard_page(home_page, "Giới thiệu Sở Công Thương", title="Giới thiệu")
    assert page.slug == "gioi-thieu-so-cong-thuong"
    assert page.url == "/gioi-thieu-so-cong-thuong/"


def test_a_category_address_comes_from_its_name(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_home_articlecategory:add"),
        {"name": "Gương người tốt, việc tốt ở địa phương", "slug": "", "description": "", "sort_order": "0"},
    )
    assert response.status_code == 302
    assert ArticleCategory.objects.get(name__startswith="Gương người tốt, việc tốt ở").slug == (
        "guong-nguoi-tot-viec-tot-o-dia-phuong"
    )


def test_tags_get_ascii_addresses(home_page, client):
    news = make_news_index(home_page)
    make_article(news, "tin-a", tags=["Điển hình tiên tiến", "Người tốt việc tốt"])
    assert client.get("/tin-tuc/the/dien-hinh-tien-tien/").status_code == 200
    assert client.get("/tin-tuc/the/nguoi-tot-viec-tot/").status_code == 200


def test_broken_addresses_are_fixed_with_redirects_once(home_page, client):
    about = make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    broken = StandardPage(title=TITLE, slug="tmp")
    about.add_child(instance=broken)
    broken.save_revision().publish()
    StandardPage.objects.filter(pk=broken.pk).update(slug=legacy_slug(TITLE))  # as the old script saved it
    broken.refresh_from_db()
    broken.set_url_path(about)
    broken.save(clean=False)
    child = make_standard_page(broken, "lich-su", title="Lịch sử")
    old, old_child = broken.url, child.url
    assert old == "/gioi-thieu/van-phong-s-gi-vng-danh-hiu-tp-th-lao-djng-xut-sc/"

    out = io.StringIO()
    call_command("fix_slugs", stdout=out)
    assert "Đã sửa địa chỉ: 1." in out.getvalue()
    broken.refresh_from_db()
    new = "/gioi-thieu/van-phong-so-giu-vung-danh-hieu-tap-the-lao-dong-xuat-sac/"
    assert broken.url == new
    assert client.get(new).status_code == 200
    moved = client.get(old)
    assert moved.status_code == 301
    assert moved["Location"].endswith(new)
    assert client.get(old_child)["Location"].endswith(new + "lich-su/")  # the pages under it follow
    assert broken.latest_revision.content["slug"] == "van-phong-so-giu-vung-danh-hieu-tap-the-lao-dong-xuat-sac"

    again = io.StringIO()
    call_command("fix_slugs", stdout=again)
    assert "Đã sửa địa chỉ: 0." in again.getvalue()
