"""Browser tests: Debian's Chromium driven by Playwright, against a live server of the test's own database.

They are demo tests like the others (tests/conftest.py): the demo is loaded once per worker inside an outer
transaction and each test runs in a savepoint in it. The live server (`live_site`) answers Chromium from its own
thread on the *test's* database connection, one request at a time, so it sees the demo and whatever the test adds,
and everything Chromium changes is rolled back with the test. Django does the same for SQLite's in-memory database
(LiveServerTestCase); here it holds on PostgreSQL too because nothing else uses the connection while the server
answers (the test waits on Chromium) and the server never closes it. One Chromium serves every test of a worker.
"""

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, _MediaFilesHandler

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the session (of each pytest-xdist worker); each test opens its own
    page or context in it. The live server is pytest-django's, also one per session."""
    if not shutil.which("chromium") and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
        pytest.skip("Debian's chromium is not installed; `make test` installs it as root.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM work (loading data, the
    # transactional flush) runs beside it, which Django allows only with this flag, set while the browser runs.
    # The flag stays set for the worker's later tests (the check it lifts guards async code, which they have none of).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    # Starting Playwright switches this thread to a new context, where Django would open new connection objects:
    # keep the ones the test database was set up with (the demo's outer transaction is open on them, and the live
    # server answers on them).
    kept = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in kept.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshot_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def console_errors():
    """`console_errors(page)` watches a page: its console errors (a Content-Security-Policy violation is one) and
    uncaught script errors land in `console_errors.errors`, with the page's address."""
    errors = []

    def watch(page):
        page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    watch.errors = errors
    return watch


class _OneRequestAtATime(WSGIServer):
    """Django's development server without its threads: requests are answered in turn, in the server's thread, on
    the connection it was given (non-threaded, Django also closes each HTTP connection after its response)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class _ServerThread(LiveServerThread):
    """Django's live server thread on the test's database connection, which it never closes (Django's closes every
    connection of its thread when it stops: here that one is the test's)."""

    server_class = _OneRequestAtATime

    def run(self):
        for alias, connection in self.connections_override.items():
            connections[alias] = connection
        try:
            self.httpd = self._create_server(connections_override=self.connections_override)
            if self.port == 0:
                self.port = self.httpd.server_address[1]
            self.httpd.set_app(self.static_handler(_MediaFilesHandler(WSGIHandler())))
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as error:  # noqa: BLE001 - handed to the main thread, as Django's does
            self.error = error
            self.is_ready.set()


@pytest.fixture(scope="session")
def _site_thread(browser):
    """The worker's live server, started with its first browser test (after Chromium, whose start switches this
    thread's context: see `browser`) and stopped at the end of the session."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    shared = {alias: connections[alias] for alias in connections}
    thread = _ServerThread("localhost", StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield thread, shared
    thread.terminate()


@pytest.fixture
def live_site(demo, _site_thread):
    """The address of a live server answering from this test's database (the demo, in the test's savepoint)."""
    thread, shared = _site_thread
    patched = []
    for alias, connection in shared.items():
        if connections[alias] is not connection:
            raise RuntimeError("the test's database connection is not the one the live server was given")
        connection.inc_thread_sharing()
        # Django closes a connection whose autocommit is off at the start and end of each request (the test's is
        # off: it is inside the demo's transaction); closing it would end that transaction.
        connection.close_if_unusable_or_obsolete = lambda: None
        patched.append(connection)
    try:
        yield SimpleNamespace(url=f"http://localhost:{thread.port}")
    finally:
        for connection in patched:
            del connection.close_if_unusable_or_obsolete
            connection.dec_thread_sharing()
