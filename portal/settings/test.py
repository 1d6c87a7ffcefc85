"""Settings for the test suite: the same as development, with speed-ups that change no behaviour."""

import os
from urllib.parse import urlsplit, urlunsplit

from .dev import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Close connections after each request, so the live server's thread leaves none open when the test database goes.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Query counts measure what rendering costs, so pages are rendered each time; the page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
# Off in tests, which load the demo's 13 images many times (143 renditions each time, some 5 s): the tests of
# home.renditions turn it on.
RENDITIONS_ON_SAVE = False

# pytest-xdist runs one worker per core (gw0, gw1, …). pytest-django gives each its own test database; the rest of
# what a worker writes is kept apart here: its media files, and its Redis database (a test empties its cache with
# FLUSHDB, which must not empty another worker's). The environment is updated too, for the servers tests start.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0
MEDIA_ROOT = BASE_DIR / ".test-media" / (WORKER or "main")  # noqa: F405
os.environ["MEDIA_ROOT"] = str(MEDIA_ROOT)
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private" / (WORKER or "main")  # noqa: F405
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):  # noqa: F405
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
if REDIS_URL and WORKER_NUMBER:  # noqa: F405
    parts = urlsplit(REDIS_URL)  # noqa: F405
    REDIS_URL = urlunsplit(parts._replace(path=f"/{(int(parts.path.strip('/') or 0) - WORKER_NUMBER) % 16}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    os.environ["REDIS_URL"] = REDIS_URL
