"""Two app servers (gunicorn, production settings) on one PostgreSQL and one Redis: they keep no state of their own.

A page published through one is served at once, fresh, by the other (the page cache's version is in Redis); a
session made on one is valid on the other (sessions are in the database); a unit's submission posted to both at
the same moment is stored once (row locks)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

COMING = timezone.localdate().year + 1

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="shared database: PostgreSQL (the CI's second run)"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="shared cache: needs REDIS_URL (the CI's second run)"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers(tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "SECRET_KEY": "scale-out-test-secret-key-0123456789abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1",
        "FORCE_HTTPS": "false",
        "PAGE_CACHE": "true",
        "DB_POOL": "true",  # psycopg's pool in each worker
        "DEMO_PASSWORD": "",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # shared storage: the file system both servers see
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    ports = [free_port(), free_port()]
    log = open(os.environ.get("SCALE_OUT_LOG", tmp_path / "gunicorn.log"), "wb")  # read it when the test fails
    processes = [
        subprocess.Popen(
            [
                str(gunicorn),
                "portal.wsgi:application",
                "--workers",
                "1",
                "--threads",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not start: see " + log.name)
                time.sleep(0.2)
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A cookie-keeping HTTP client (the standard library's), for talking to the real servers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()

    def post(self, url, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self, url):
        _, _, html = self.get(url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1), html


def test_two_app_servers_share_pages_sessions_and_submissions(servers, django_user_model, settings):
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

    from emulation.models import EmulationRegistration, Person, UnitAccount
    from home.models import ArticlePage
    from tests.emulation import builders
    from tests.factories import make_article, make_news_index, refresh_content_types

    refresh_content_types()  # ids from before the last flush or restore are stale
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers verify
    from wagtail.models import Site

    from home.models import HomePage
    from portal.models import AgencySettings

    home = HomePage.objects.get()
    AgencySettings.for_site(Site.objects.get(is_default_site=True))  # made on the first visit otherwise
    article = make_article(make_news_index(home), "bai-a", title="Bài A")
    django_user_model.objects.create_superuser("office", "office@example.com", "pw-office")
    unit = builders.unit("VP", name="Văn phòng Sở")
    person = Person.objects.create(code="P1", full_name="Nguyễn Văn An", unit=unit)
    staff = django_user_model.objects.create_user("vanphong", "vp@example.com", "pw-unit")
    UnitAccount.objects.create(user=staff, unit=unit)
    builders.plan_year(COMING, registration=False, strict_initiative=False)
    first, second = servers

    # A reader on the second server: the article, then from that server's (shared) cache.
    reader = Browser()
    assert reader.get(f"{second}/tin-tuc/bai-a/")[2].count("Bài A") >= 1
    status, headers, _ = reader.get(f"{second}/tin-tuc/bai-a/")
    assert headers["X-Cache"] == "hit"

    # The office signs in on the first server and publishes a change there.
    editor = Browser()
    token, _ = editor.csrf(f"{first}/admin/login/")
    status, _ = editor.post(
        f"{first}/admin/login/", {"username": "office", "password": "pw-office", "csrfmiddlewaretoken": token}
    )
    assert status == 200  # followed the redirect to the dashboard
    _, _, form_html = editor.get(f"{first}/admin/pages/{article.pk}/edit/")
    data = querydict_from_html(form_html, form_id="page-edit-form", exclude_csrf=False)
    # Stream fields are drawn by the admin's JavaScript, so their inputs are not in the HTML: give them as the browser would.
    for key, value in nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])}).items():
        data[key] = value
    data["title"] = "Bài A đã sửa"
    data["action-publish"] = "action-publish"
    status, _ = editor.post(f"{first}/admin/pages/{article.pk}/edit/", list(data.lists()))
    assert status == 200
    assert ArticlePage.objects.get(pk=article.pk).title == "Bài A đã sửa"

    # … and the second server serves the new text at once.
    status, headers, html = reader.get(f"{second}/tin-tuc/bai-a/")
    assert "Bài A đã sửa" in html
    assert headers["X-Cache"] == "miss"
    # The office's session, made on the first server, is valid on the second.
    _, _, dashboard = editor.get(f"{second}/admin/")
    assert 'id="wagtail-sidebar-props"' in dashboard
    assert "login" not in editor.opener.open(f"{second}/admin/").url

    # A unit's staff submits the same registration to both servers at the same moment: one record.
    staff_browser = Browser()
    token, _ = staff_browser.csrf(f"{first}/tai-khoan/dang-nhap/")
    staff_browser.post(
        f"{first}/tai-khoan/dang-nhap/", {"username": "vanphong", "password": "pw-unit", "csrfmiddlewaretoken": token}
    )
    token, _ = staff_browser.csrf(f"{first}/don-vi/dang-ky/{COMING}/")
    from tests.emulation.test_unit_portal import registration_post

    data = {**registration_post([(person, "ldtt")], submit=True), "csrfmiddlewaretoken": token}
    barrier, outcomes = threading.Barrier(2), []

    def submit(server):
        barrier.wait()
        outcomes.append(staff_browser.post(f"{server}/don-vi/dang-ky/{COMING}/", data)[0])

    threads = [threading.Thread(target=submit, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status < 500 for status in outcomes), outcomes
    registrations = EmulationRegistration.objects.filter(unit=unit, year=COMING)
    assert registrations.count() == 1
    assert registrations.get().entries.count() == 1
    assert registrations.get().status == "submitted"
