"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

They run with their own transactions (`django_db(transaction=True, serialized_rollback=True)`): the live server
answers Chromium from another thread, which sees only committed data, so each test commits its demo (the `demo`
fixture loads it for the test) and starts from the migrated data restored for it. tests/conftest.py runs them last
in each worker; one Chromium serves them all.
"""

import os
import shutil
from pathlib import Path

import pytest

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
    # The browser tests run last in each worker (tests/conftest.py orders them), after every ORM-only test.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    from django.db import connections

    # Starting Playwright switches this thread to a new context, where Django would open new connection objects:
    # keep the ones the test database was set up with (they carry the migrated data that serialized_rollback
    # restores, and the live server shares them on SQLite).
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
