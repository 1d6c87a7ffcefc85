"""Settings for the test suite: the same as development, with speed-ups that change no behaviour."""

from .dev import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Close connections after each request, so the live server's thread leaves none open when the test database goes.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Query counts measure what rendering costs, so pages are rendered each time; the page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
