"""Text that users send stays text wherever it goes: the request log, the RSS feeds, the iCalendar feed."""

import html
import logging
import xml.etree.ElementTree as ET

import pytest

from tests.factories import date, make_article, make_news_index, make_plan, make_task

pytestmark = pytest.mark.django_db


def test_a_forged_line_break_in_the_path_stays_inside_its_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get('/khong-co/%0d%0amethod=GET path="/admin/" status=200%22%5C')
    lines = [record.getMessage() for record in caplog.records if record.name == "portal.requests"]
    assert len(lines) == 1
    [line] = lines
    assert "\n" not in line
    assert "\r" not in line
    assert line.startswith(
        'method=GET path="/khong-co/\\x0d\\x0amethod=GET path=\\x22/admin/\\x22 status=200\\x22\\x5c" '
    )
    assert line.endswith(" status=404 duration_ms=" + line.rsplit("duration_ms=", 1)[1])


def test_vietnamese_paths_are_logged_as_they_read(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/tìm-kiếm-đ/")
    [line] = [record.getMessage() for record in caplog.records if record.name == "portal.requests"]
    assert 'path="/tìm-kiếm-đ/"' in line


def test_feed_titles_and_descriptions_are_text_to_a_reader(home_page, client):
    news = make_news_index(home_page)
    make_article(news, "so-sanh", title="Điểm a < b & <i>c</i>", summary="Tóm tắt: 5 > 3 & <b>đậm</b>")
    item = ET.fromstring(client.get("/tin-tuc/rss/").content).find("channel").find("item")
    # A reader parses the XML, then shows the title and description as HTML: once unescaped, they read as typed.
    assert html.unescape(item.findtext("title")) == "Điểm a < b & <i>c</i>"
    assert item.findtext("title") == "Điểm a &lt; b &amp; &lt;i&gt;c&lt;/i&gt;"
    assert html.unescape(item.findtext("description")) == "Tóm tắt: 5 > 3 & đậm"


def test_calendar_text_is_escaped_and_folded_as_rfc_5545_says(home_page, client):
    task = make_task("1.1", deadline=date("28/02/2020"))
    task.text = "Đăng ký thi đua;\r\nGửi Văn phòng Sở, trước hạn\rDòng ba\\ hết\x07"
    plan = make_plan(home_page, tasks=[task])
    body = client.get(plan.url + "lich/").content.decode()
    assert "\r\n" in body
    for line in body.split("\r\n"):
        assert "\r" not in line
        assert "\n" not in line
        assert len(line.encode()) <= 75
    unfolded = body.replace("\r\n ", "")
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:1.1. Đăng ký thi đua\\;\\nGửi Văn phòng Sở\\, trước hạn\\nDòng ba\\\\ hết"
