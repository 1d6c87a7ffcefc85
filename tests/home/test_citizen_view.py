"""What a citizen meets (issue 19): the search ranks content above listing pages; every award has its row's anchor
and the stories link to it; the calendars carry who does what, the plan's address and an alarm, one per unit too;
the footer, titles and descriptions of a government site; share links without a third-party script; and image
renditions made when the image is saved, never while a reader waits."""

import base64
import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.emulation import builders
from tests.factories import (
    date,
    make_agency_settings,
    make_article,
    make_honor_roll,
    make_image,
    make_news_index,
    make_plan,
    make_task,
    make_unit,
)

# --- Search: content first, listing pages only for their own text -------------------------------------------------


@pytest.fixture
def shared_phrase(home_page):
    """The phrase "gương người tốt việc tốt" in an older article, the news index's summary and the home page's
    introduction; the honour roll has its words, but apart."""
    home_page.introduction = "<p>Nơi nêu gương người tốt việc tốt của ngành Công Thương.</p>"
    home_page.save_revision().publish()
    news = make_news_index(home_page)
    news.summary = "Tin thi đua, điển hình tiên tiến, gương người tốt việc tốt."
    news.save_revision().publish()
    roll = make_honor_roll(home_page)
    roll.introduction = "<p>Những người được khen thưởng vì thành tích tốt, việc làm có ích.</p>"
    roll.save_revision().publish()
    make_article(
        news,
        "chi-bich",
        title="Chị Trần Thị Bích – gương người tốt việc tốt",
        on="05/05/2019",
        body=[{"type": "paragraph", "value": "<p>Những việc tốt lặng lẽ.</p>"}],
    )
    make_article(
        news,
        "viec-tot",
        title="Một việc tốt ở cơ sở",
        on="06/06/2019",
        body=[{"type": "paragraph", "value": "<p>Người lao động làm việc tốt, nêu gương cho đồng nghiệp.</p>"}],
    )
    return news


def results(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    listing = re.search(r'<ol class="search-results"[^>]*>(.*?)</ol>', html, re.S)
    items = re.findall(r'<li class="search-result">(.*?)</li>', listing.group(1), re.S) if listing else []
    return [(re.sub(r"<[^>]+>", "", re.search(r"<a [^>]*>(.*?)</a>", item, re.S).group(1)), item) for item in items]


def test_content_ranks_above_listing_pages_that_share_the_phrase(shared_phrase, client):
    found = [title for title, _ in results(client, "guong nguoi tot viec tot")]
    assert found[:2] == ["Chị Trần Thị Bích – gương người tốt việc tốt", "Một việc tốt ở cơ sở"]
    assert set(found[2:]) == {"Tin tức", "Cổng thông tin Thi đua – Khen thưởng"}  # listing pages, after
    # The honour roll's introduction has "người" and "tốt", not the phrase: it lists, it is not the answer.
    assert "Bảng vinh danh" not in [title for title, _ in results(client, "nguoi tot")]
    assert "Bảng vinh danh" not in [title for title, _ in results(client, "viec tot")]


def test_each_result_is_a_list_item_whose_first_link_is_the_result(shared_phrase, client):
    found = results(client, "viec tot")
    assert found
    for title, item in found:
        first_link = re.search(r'<a href="([^"]+)">', item).group(1)
        assert client.get(first_link).status_code == 200, title


def test_a_long_query_is_answered_with_a_warning(shared_phrase, client):
    html = client.get("/search/", {"q": "viec tot " + "x" * 500}).content.decode()
    assert 'class="message message--warning"' in html


# --- The honour roll: an anchor per award, stories link to it, absolute structured data --------------------------


@pytest.fixture
def crowded_roll(home_page):
    """Thirty-five public CSTĐCS of 2020 (more than a page of the roll) and an article telling of the last one."""
    from home.models import ArticleAward

    make_agency_settings()
    make_honor_roll(home_page)
    news = make_news_index(home_page)
    office = builders.unit("VP", name="Văn phòng Sở")
    awards = [builders.award(builders.person(f"P{n:03}", office), "cstdcs", 2020, public=True) for n in range(35)]
    last = max(awards, key=lambda award: award.person.full_name)
    article = make_article(news, "chuyen-nguoi-cuoi", title="Chuyện người cuối bảng", publish=False)
    article.award_links = [ArticleAward(award=last)]
    article.save_revision().publish()
    return last


def test_a_story_links_to_its_awards_row_on_the_right_page(crowded_roll, client):
    award = crowded_roll
    html = client.get("/tin-tuc/chuyen-nguoi-cuoi/").content.decode()
    row_url = f"/bang-vinh-danh/?year=2020&amp;title={award.title_id}&amp;page=2#award-{award.pk}"
    assert f'href="{row_url}"' in html  # the award in the box, and "Xem bảng vinh danh"
    assert html.count(f'href="{row_url}"') == 2
    roll = client.get(row_url.replace("&amp;", "&").split("#")[0]).content.decode()
    assert f'<tr id="award-{award.pk}">' in roll
    assert 'href="/tin-tuc/chuyen-nguoi-cuoi/"' in roll  # and back to the story


def test_the_honour_rolls_structured_data_has_absolute_addresses(crowded_roll, client):
    html = client.get("/bang-vinh-danh/", {"page": 2}).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["url"].startswith("http://") and data["url"].endswith("/bang-vinh-danh/")
    for element in data["itemListElement"]:
        assert re.match(r"^https?://[^/]+/bang-vinh-danh/\?page=2#award-\d+$", element["url"]), element["url"]


def test_an_article_with_awards_keeps_its_query_count(crowded_roll, client, home_page):
    from home.models import ArticleAward, ArticlePage
    from portal.cache import content_changed

    def count(warm=True):
        """Queries of the article, once its fragments are kept (warm) or as the first reader after a change does."""
        client.get("/tin-tuc/chuyen-nguoi-cuoi/")
        if not warm:
            content_changed()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tin-tuc/chuyen-nguoi-cuoi/").status_code == 200
        return len(queries)

    one, one_cold = count(), count(warm=False)
    article = ArticlePage.objects.get(slug="chuyen-nguoi-cuoi")
    more = builders.person("P900", crowded_roll.person.unit)
    others = [builders.award(more, "cstdcs", year, public=True) for year in (2018, 2019)]  # other (year, title) rows
    article.award_links = [ArticleAward(award=crowded_roll)] + [ArticleAward(award=award) for award in others]
    article.save_revision().publish()
    assert count(warm=False) == one_cold + 2  # one query per year and title told of, not per award or row
    assert count() == one  # then kept until the content changes


# --- Calendars ---------------------------------------------------------------------------------------------------


@pytest.fixture
def plan(home_page):
    vp, khtc, ttkc = make_unit("VP", "Văn phòng Sở"), make_unit("KHTC", "Phòng KH-TC"), make_unit("TTKC", "TT KC")
    tasks = [
        make_task("1.1", deadline=date("28/02/2020"), lead=vp, co=[khtc, ttkc], other_parties="Đại diện lãnh đạo Sở"),
        make_task("4.1", deadline=date("31/12/2020"), kind="month", lead=khtc, period="q4"),
        make_task("4.2", note="Theo Kế hoạch của Khối", lead=vp, period="q4"),
    ]
    return make_plan(home_page, year=2020, slug="ke-hoach-2020", tasks=tasks)


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(event["SUMMARY"]).split(". ")[0]: event for event in calendar.walk("VEVENT")}


def test_calendar_events_say_who_does_what_link_the_plan_and_ring_three_days_before(plan, client):
    calendar, found = events(client, "/ke-hoach-2020/lich/")
    assert set(found) == {"1.1", "4.1"}  # 4.2 has only a note
    first = found["1.1"]
    assert first.decoded("DTSTART") == datetime.date(2020, 2, 28)
    assert first.decoded("DTEND") == datetime.date(2020, 2, 29)
    description = str(first["DESCRIPTION"])
    assert "Trước 28/02/2020" in description
    assert "Đơn vị chủ trì: Văn phòng Sở" in description
    assert "Đơn vị phối hợp: Phòng KH-TC, TT KC" in description
    assert "Đại diện lãnh đạo Sở" in description
    assert re.match(r"^http://[^/]+/ke-hoach-2020/#task-1\.1$", str(first["URL"]))
    assert str(first["URL"]) in description
    (alarm,) = first.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    trigger = alarm.decoded("TRIGGER")
    assert trigger == datetime.datetime(2020, 2, 25, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Gia Lai, 3 days before


def test_a_month_long_deadline_is_a_span_over_the_month(plan, client):
    _, found = events(client, "/ke-hoach-2020/lich/")
    month = found["4.1"]
    assert month.decoded("DTSTART") == datetime.date(2020, 12, 1)
    assert month.decoded("DTEND") == datetime.date(2021, 1, 1)
    assert "Trong tháng 12/2020" in str(month["DESCRIPTION"])
    (alarm,) = month.walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime.datetime(2020, 12, 28, 1, 0, tzinfo=datetime.UTC)


def test_each_unit_has_a_calendar_of_its_own_tasks(plan, client):
    calendar, found = events(client, "/ke-hoach-2020/don-vi/TTKC/lich/")
    assert set(found) == {"1.1"}  # TTKC co-operates on 1.1 and has nothing to do with 4.1
    assert str(calendar["X-WR-CALNAME"]).endswith("– TT KC")
    assert client.get("/ke-hoach-2020/don-vi/KHONG-CO/lich/").status_code == 404
    page = client.get("/ke-hoach-2020/don-vi/TTKC/").content.decode()
    assert 'href="/ke-hoach-2020/don-vi/TTKC/lich/"' in page


def test_the_calendar_keeps_its_query_count(plan, client):
    from home.models import PlanPage

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ke-hoach-2020/lich/").status_code == 200
        return len(queries)

    client.get("/ke-hoach-2020/lich/")
    before = count()
    page = PlanPage.objects.get(slug="ke-hoach-2020")
    units = [make_unit(f"U{n}") for n in range(4)]
    page.tasks = list(page.tasks.all()) + [
        make_task(f"2.{n}", deadline=date("15/06/2020"), lead=units[n % 4], co=units, period="q2") for n in range(20)
    ]
    page.save_revision().publish()
    client.get("/ke-hoach-2020/lich/")  # the content changed: the fragments are built again once, then kept
    assert count() == before


# --- A government site: footer, titles, descriptions, share links ------------------------------------------------


@pytest.fixture
def site_pages(home_page):
    from home.models import ContactPage, HonorRollPage

    make_agency_settings(
        site_owner="Sở Công Thương tỉnh Gia Lai",
        responsible_person="Giám đốc Sở Công Thương",
        licence="Quyết định số 1/QĐ-SCT về việc thiết lập Cổng thông tin",
        address="Số 1, phường Quy Nhơn, tỉnh Gia Lai",
        phone="0256 3822 000",
        email="sct@gialai.gov.vn",
        ministry_url="",
    )
    home_page.introduction = "<p>Kế hoạch, thời hạn &amp; điển hình tiên tiến.</p>"
    home_page.save_revision().publish()
    roll = make_honor_roll(home_page)
    roll.introduction = "<p>Các tập thể, cá nhân được khen thưởng.</p>"
    roll.save_revision().publish()
    contact = ContactPage(title="Góp ý – Liên hệ", slug="lien-he", introduction="<p>Gửi góp ý tới Văn phòng Sở.</p>")
    home_page.add_child(instance=contact)
    contact.save_revision().publish()
    news = make_news_index(home_page)
    make_article(news, "bai-mot", title="Bài một", summary="Tóm tắt bài một.")
    make_plan(home_page, year=2020, slug="ke-hoach-2020", tasks=[make_task("1.1", deadline=date("28/02/2020"))])
    assert isinstance(roll, HonorRollPage)
    return ["/", "/bang-vinh-danh/", "/lien-he/", "/tin-tuc/", "/tin-tuc/bai-mot/", "/ke-hoach-2020/"]


def head(html, pattern):
    found = re.search(pattern, html, re.S)
    return found.group(1) if found else None


def test_the_footer_carries_a_government_sites_lines(site_pages, client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for line in [
        "Cơ quan chủ quản: Sở Công Thương tỉnh Gia Lai",
        "Người chịu trách nhiệm chính: Giám đốc Sở Công Thương",
        "Quyết định số 1/QĐ-SCT về việc thiết lập Cổng thông tin",
        "Địa chỉ: Số 1, phường Quy Nhơn, tỉnh Gia Lai",
        'href="tel:02563822000"',
        'href="mailto:sct@gialai.gov.vn"',
        'href="https://thiduakhenthuong.gov.vn"',
        'href="https://gialai.gov.vn"',
        "Cổng thông tin điện tử tỉnh Gia Lai",
    ]:
        assert line in footer, line
    assert "moit.gov.vn" not in footer  # a link left blank in the settings is left out


def test_titles_are_unique_and_pages_have_descriptions(site_pages, client):
    titles = {}
    for url in site_pages:
        html = client.get(url).content.decode()
        title = head(html, r"<title>(.*?)</title>")
        assert title not in titles.values(), (url, title)
        titles[url] = title
        description = head(html, r'<meta name="description" content="([^"]*)">')
        assert description, url
        assert "<" not in description and "&amp;amp;" not in description, description
    assert titles["/"].count("Cổng thông tin Thi đua – Khen thưởng") == 1
    assert titles["/"].endswith("Sở Công Thương Gia Lai")


def test_articles_and_plans_have_share_links_and_no_third_party_script(site_pages, client):
    for url in ["/tin-tuc/bai-mot/", "/ke-hoach-2020/"]:
        html = client.get(url).content.decode()
        facebook = head(html, r'href="(https://www\.facebook\.com/sharer/sharer\.php\?[^"]+)"').replace("&amp;", "&")
        absolute = parse_qs(urlsplit(facebook).query)["u"][0]
        assert re.match(rf"^http://[^/]+{url}$", absolute)
        zalo = head(html, r'href="(https://button-share\.zalo\.me/share_external\?[^"]+)"').replace("&amp;", "&")
        assert json.loads(base64.b64decode(parse_qs(urlsplit(zalo).query)["d"][0])) == {"url": absolute}
        scripts = re.findall(r"<script[^>]*>", html)
        assert all('src="/static/js/portal.js"' in tag or "ld+json" in tag for tag in scripts), scripts


def test_the_demos_old_address_is_replaced_and_the_offices_own_is_kept(db):
    from portal.demo import DEMO_AGENCY, OLD_DEMO_AGENCY, load_agency_settings

    make_agency_settings(address=OLD_DEMO_AGENCY["address"], phone="0269 1111 222")
    agency = load_agency_settings()
    assert agency.address == DEMO_AGENCY["address"] and "Pleiku" not in agency.address
    assert agency.phone == "0269 1111 222"  # the office's own
    assert agency.site_owner and agency.responsible_person and agency.licence


# --- Renditions: made when the image is saved ----------------------------------------------------------------------


def rendition_count():
    from wagtail.images.models import Rendition

    return Rendition.objects.count()


def test_saving_an_image_makes_the_renditions_the_pages_show(
    home_page, client, django_capture_on_commit_callbacks, settings
):
    settings.RENDITIONS_ON_SAVE = True
    from home.renditions import specs

    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(size=(1600, 900))
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(specs())
    news = make_news_index(home_page)
    body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Ảnh", "decorative": False},
                "caption": "",
                "credit": "",
            },
        }
    ]
    make_article(news, "co-anh", title="Bài có ảnh", image=image, featured=True, body=body)
    made = rendition_count()
    for url in ["/", "/tin-tuc/", "/tin-tuc/co-anh/"]:
        assert client.get(url).status_code == 200
    assert rendition_count() == made  # the pages asked for nothing new: no reader waits for a rendition


def test_a_new_file_for_an_image_gets_its_renditions_too(
    db, admin_client, django_capture_on_commit_callbacks, settings
):
    settings.RENDITIONS_ON_SAVE = True
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from home.renditions import specs

    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(size=(800, 450))
    old = set(image.renditions.values_list("file", flat=True))
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 675), (10, 90, 40)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("moi.jpg", buffer.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/images/{image.pk}/", {"title": "Ảnh mới", "file": upload, "description": "Ảnh mới"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.width == 1200
    renditions = image.renditions.all()
    assert sorted(r.filter_spec for r in renditions) == sorted(specs())
    assert not old & {r.file.name for r in renditions}


def test_make_renditions_makes_what_is_missing_once(db):
    from io import StringIO

    from wagtail.images.models import Rendition

    from home.renditions import specs

    image = make_image()  # outside a captured commit: its renditions are not made here
    assert not Rendition.objects.filter(image=image).exists()
    call_command("make_renditions", stdout=StringIO())
    assert image.renditions.count() == len(specs())
    call_command("make_renditions", stdout=StringIO())
    assert image.renditions.count() == len(specs())


def test_a_searched_award_links_to_its_row_on_the_right_page(crowded_roll, client):
    """An award no story tells of: the search result opens its row on the honour roll (the page that shows it)."""
    from emulation.models import Award

    award = Award.objects.exclude(pk=crowded_roll.pk).order_by("-person__full_name").first()  # on page 2 too
    html = client.get("/search/", {"q": award.person.full_name}).content.decode()
    row_url = f"/bang-vinh-danh/?year=2020&amp;title={award.title_id}&amp;page=2#award-{award.pk}"
    results = html[html.index('<ol class="search-results"') :]
    assert f'href="{row_url}"' in results
