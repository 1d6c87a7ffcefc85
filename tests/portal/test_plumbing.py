import datetime
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.utils import formats, translation
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[2]


def test_vietnamese_time_zone_and_dates():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2020, 2, 28)) == "28/02/2020"
        assert formats.date_format(datetime.date(2020, 6, 5), "SHORT_DATE_FORMAT") == "05/06/2020"


def test_healthz_answers_200_when_database_and_cache_answer(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
)
def test_healthz_answers_503_when_the_cache_does_not(db, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"


def test_sitemap_lists_public_pages_and_robots_points_to_it(home_page, client):
    from tests.factories import make_plan, make_standard_page

    plan = make_plan(home_page, year=2020, slug="ke-hoach-2020")
    about = make_standard_page(home_page, "gioi-thieu", title="Giới thiệu")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = response.content.decode()
    assert f"{plan.url}</loc>" in sitemap
    assert f"{about.url}</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_404_page_is_vietnamese(home_page, client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Về trang chủ" in html


def test_500_page_is_vietnamese():
    with translation.override("vi"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đã xảy ra lỗi" in html


def test_each_request_is_logged_on_one_line_with_status_and_duration(home_page, client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/khong-co-trang-nay/")
    lines = [record.getMessage() for record in caplog.records if record.name == "portal.requests"]
    assert len(lines) == 1
    assert lines[0].startswith('method=GET path="/khong-co-trang-nay/" status=404 duration_ms=')


def run_manage(*args, env_extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x7#kq2!vZp9s$Lm4@Tn8^Wr1&Yb6*Hc3(Jd5)Fg0_Ek-Qa+Ns=Uo",
    "ALLOWED_HOSTS": "thiduakhenthuong.example.gov.vn",
}


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def read_settings(code, env_extra):
    """Import the production settings module in a new interpreter (no Django start-up: these read settings only)
    and run `code` with it as `s`."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(env_extra)
    script = f"import importlib; s = importlib.import_module({env['DJANGO_SETTINGS_MODULE']!r}); {code}"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = read_settings("", dict(PRODUCTION_ENV, SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_plain_http_switch_turns_https_settings_off():
    code = "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER[0])"
    on = read_settings(code, PRODUCTION_ENV)
    off = read_settings(code, dict(PRODUCTION_ENV, FORCE_HTTPS="false"))
    assert on.stdout.split()[-4:] == ["True", "True", "True", "HTTP_X_FORWARDED_PROTO"]
    assert off.stdout.split()[-4:] == ["False", "False", "False", "HTTP_X_FORWARDED_PROTO"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="runs when REDIS_URL is set (the PostgreSQL run in CI)")
def test_cache_is_redis_when_redis_url_is_set():
    from django.core.cache import cache

    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    cache.set("portal-test", "xin chào", 5)
    assert cache.get("portal-test") == "xin chào"


def test_a_database_outage_shows_a_vietnamese_page_to_send_again():
    from django.db import OperationalError

    from portal.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("vi"):
        response = middleware.process_exception(
            RequestFactory().post("/don-vi/dang-ky/2027/"), OperationalError("could not connect to server")
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html
    assert "gửi lại" in html
    assert "could not connect" not in html


def test_the_client_address_behind_a_trusted_proxy(settings, rf):
    from portal.ratelimit import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.10", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "10.0.0.10"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    assert client_ip(request) == "203.0.113.7"  # what the proxy appended, not what the client claimed
    assert client_ip(rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "198.51.100.1"


def test_sign_in_failures_behind_the_proxy_count_per_client(settings, client, django_user_model):
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    django_user_model.objects.create_user("vanphong", "vp@example.com", "right-password")
    for _ in range(5):
        client.post(
            "/tai-khoan/dang-nhap/",
            {"username": "x", "password": "sai"},
            REMOTE_ADDR="10.0.0.10",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    other = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": "vanphong", "password": "right-password"},
        REMOTE_ADDR="10.0.0.10",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert other.status_code == 302  # another reader behind the same proxy is not blocked


def test_a_stale_form_gets_a_vietnamese_page_that_says_what_to_do(home_page):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "vanphong", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hiệu lực" in html
    assert "nút Quay lại (Back)" in html
    assert "Chưa có gì được lưu." in html
    assert "CSRF" not in html


def database_error(kind, message, sqlstate=None):
    """A Django database error as the backend raises it: PostgreSQL's carries the SQLSTATE on its cause."""
    error = kind(message)
    if sqlstate:
        cause = Exception(message)
        cause.sqlstate = sqlstate
        error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("kind", "message", "sqlstate", "status"),
    [
        ("OperationalError", "could not connect to server", None, 503),
        ("OperationalError", "terminating connection due to administrator command", "57P01", 503),
        ("InterfaceError", "connection already closed", None, 503),
        ("OperationalError", "could not serialize access due to concurrent update", "40001", 409),
        ("OperationalError", "deadlock detected", "40P01", 409),
        ("OperationalError", "could not obtain lock on row", "55P03", 409),
        ("OperationalError", "database is locked", None, 409),
        ("OperationalError", "division by zero", "22012", None),
        ("IntegrityError", "duplicate key value violates unique constraint", "23505", None),
        ("ProgrammingError", "column does not exist", "42703", None),
    ],
)
def test_only_real_outages_show_the_outage_page(kind, message, sqlstate, status):
    from django import db

    from portal.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("vi"):
        response = middleware.process_exception(
            RequestFactory().post("/don-vi/sang-kien/dang-ky/2027/"),
            database_error(getattr(db, kind), message, sqlstate),
        )
    if status is None:
        assert response is None  # a fault in the portal: the 500 page and the error log, not a false "outage"
        return
    assert response.status_code == status
    html = response.content.decode()
    assert message not in html
    if status == 409:
        assert "Đang lưu" in html
        assert "tải lại trang" in html
    else:
        assert "Hệ thống tạm thời gián đoạn" in html
