"""The suite's databases, and the order tests run in (each pytest-xdist worker keeps it).

1. Tests on the demo (`demo`) run first. The demo is loaded once per worker, through the real `load_demo`, inside an
   outer transaction; each test runs in a savepoint inside it and leaves the demo as it found it. After the last demo
   test of the worker the outer transaction is rolled back, so the database is as migrated again. The browser tests
   are demo tests too (their live server answers on the test's own connection: tests/browser/conftest.py) and lead,
   so the two workers share them.
2. Tests on the empty migrated database (`db`) run next, each inside a transaction rolled back at its end, as
   Django's `TestCase` does.
3. Tests that need their own transactions (threads, `pg_dump`) run last, each on the migrated data restored for it
   (`serialized_rollback`); they say why in their module.
Tests that touch no database run at the very end.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from home.models import HomePage

DEMO, TRANSACTIONAL, EMPTY, NO_DB = "demo", "transactional", "empty", "no-db"
# The browser tests lead (see pytest_collection_modifyitems), a long one then a short one: handed out two at a time
# (`--maxschedchunk 2`), each worker starts with one long and one short.
BROWSER_ORDER = {
    name: position
    for position, name in enumerate(
        [
            "test_public_pages_pass_axe_reflow_menu_and_focus_checks",
            "test_reader_goes_from_the_home_page_to_the_plan_and_sees_its_deadlines",
            "test_admin_screens_are_vietnamese",
            "test_unit_staff_register_three_people_and_get_a_receipt",
        ]
    )
}


def database_kind(item):
    """Which of the four kinds above a collected test is."""
    from django.test import TestCase, TransactionTestCase

    test_class = getattr(item, "cls", None)
    if test_class is not None and issubclass(test_class, TransactionTestCase):  # Django's own test classes
        return EMPTY if issubclass(test_class, TestCase) else TRANSACTIONAL
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker is not None:
        transactional = transactional or marker.kwargs.get("transaction", False) or bool(marker.args and marker.args[0])
    if transactional:
        return TRANSACTIONAL
    if "demo" in fixtures:
        return DEMO
    if marker is not None or "db" in fixtures:
        return EMPTY
    return NO_DB


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's own ordering, gather the demo tests so each worker loads the demo about once; the
    browser tests (the longest) lead the demo tests, so that pytest-xdist hands them out while both workers still
    have work ahead, not all to one worker at the end."""
    order = {DEMO: 0, EMPTY: 1, TRANSACTIONAL: 2, NO_DB: 3}
    items.sort(key=lambda item: (order[database_kind(item)], BROWSER_ORDER.get(item.originalname, len(BROWSER_ORDER))))


def load_demo():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


class DemoDatabase:
    """The demo, loaded once inside an outer transaction that the demo tests' own transactions nest in."""

    def __init__(self):
        self.atomic = None
        self.blocker = None

    def open(self, blocker):
        from django.db import transaction

        if self.atomic is not None:
            return
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                load_demo()
            except BaseException:
                self.close()
                raise

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        cache.clear()


demo_database = DemoDatabase()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Open the demo's outer transaction just before a demo test enters its own (pytest-django's db helper)."""
    if fixturedef.argname == "_django_db_helper" and database_kind(request.node) == DEMO:
        demo_database.open(request.getfixturevalue("django_db_blocker"))
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo back once the next test is not a demo test (its own transaction is rolled back by then)."""
    try:
        return (yield)
    finally:
        if nextitem is None or database_kind(nextitem) != DEMO:
            demo_database.close()


@pytest.fixture(scope="session", autouse=True)
def _empty_media():
    """Each worker starts with its media folders empty (the test settings give each worker its own, under
    .test-media): files written by earlier runs never pile up. Nothing outside .test-media is ever removed."""
    test_media = settings.BASE_DIR / ".test-media"
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        if test_media in Path(root).resolve().parents:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so what one test cached never answers for another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """The site's home page, created by the home app's data migration."""
    return HomePage.objects.get()


@pytest.fixture
def demo(request, db):
    """The demo content, loaded the way `make run` loads it: once per worker (see the module's docstring), or for
    the test itself when it runs its own transactions."""
    if database_kind(request.node) == TRANSACTIONAL:
        load_demo()
    return HomePage.objects.get()


@pytest.fixture
def admin_client(client, django_user_model, db):
    """A superuser of the office, logged in to the admin."""
    user = django_user_model.objects.create_superuser("office", "office@example.com", "pw")
    client.force_login(user)
    return client
