import pytest
from django.core.cache import cache
from django.core.management import call_command

from home.models import HomePage


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
def demo(db):
    """The demo content, loaded the way `make run` loads it."""
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    return HomePage.objects.get()


@pytest.fixture
def admin_client(client, django_user_model, db):
    """A superuser of the office, logged in to the admin."""
    user = django_user_model.objects.create_superuser("office", "office@example.com", "pw")
    client.force_login(user)
    return client
