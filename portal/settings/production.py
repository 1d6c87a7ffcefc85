"""Production: gunicorn behind a TLS-terminating proxy, static files from whitenoise.

Required: SECRET_KEY, ALLOWED_HOSTS. Usually also DATABASE_URL and REDIS_URL.
FORCE_HTTPS (default true): HTTPS redirect, secure cookies and HSTS. Set FORCE_HTTPS=false only for plain
HTTP on 127.0.0.1 (a local benchmark). Behind a proxy, keep it true: the proxy's X-Forwarded-Proto header is
honoured, so requests it received over HTTPS are seen as secure and are not redirected again.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, os

DEBUG = False

if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

if os.environ.get("DEMO_PASSWORD") == DEMO_PASSWORD_DEFAULT:  # noqa: F405
    raise ImproperlyConfigured("DEMO_PASSWORD must not be the documented default in production.")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or None  # no demo accounts unless a password of your own is set

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
FORCE_HTTPS = env_bool("FORCE_HTTPS", True)
SECURE_SSL_REDIRECT = FORCE_HTTPS
SESSION_COOKIE_SECURE = FORCE_HTTPS
CSRF_COOKIE_SECURE = FORCE_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if FORCE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = FORCE_HTTPS
SECURE_HSTS_PRELOAD = FORCE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # as in base
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN rather than DENY.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]  # noqa: F405
