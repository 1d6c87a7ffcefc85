"""Settings shared by every environment, read from the environment.

Environment variables (all optional here; production.py requires some):
  DATABASE_URL   database, e.g. postgres://user@host:5432/name (default: SQLite file db.sqlite3)
  REDIS_URL      cache, e.g. redis://127.0.0.1:6379/0 (default: local memory)
  SECRET_KEY     signing key
  ALLOWED_HOSTS  comma-separated host names
  DEBUG          true/false
  EMAIL_URL-style settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                 EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, EMAIL_BACKEND
  WAGTAILADMIN_BASE_URL  absolute URL of the site, used in admin e-mails
  LOG_LEVEL      level of the portal's own loggers (default INFO)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
# Addresses of the reverse proxies in front (nginx): for requests from them, the client's address is the one they
# append to X-Forwarded-For (sign-in and feedback limits count per client, not per proxy).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "emulation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so that a cached page carries the same security headers as a fresh one.
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.cache.PageCacheMiddleware",
    "portal.cache.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.twofactor.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL connection pooling: with DB_POOL=true each worker process keeps a psycopg pool of at most DB_POOL_SIZE
# connections (Django's native pool; persistent connections are then off). Otherwise each worker keeps its
# connection for DB_CONN_MAX_AGE seconds. Several app servers behind one PostgreSQL: size the pools so that
# servers × workers × DB_POOL_SIZE stays under max_connections, or put PgBouncer in front.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_SIZE", "4")),
        "timeout": 10,
    }
# SQLite (the embedded default): a writer takes the lock when its transaction starts and others wait for it (up to
# 20 s), instead of failing at once with "database is locked" when two people save at the same moment.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first. Dates are written dd/mm/yyyy (see portal/formats/vi/formats.py).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# What units upload (initiative files …) is private: kept apart from MEDIA_ROOT, never under a public URL, served
# only by emulation.files after checking who asks. Behind nginx, PRIVATE_MEDIA_ACCEL_REDIRECT (e.g. /_private/) hands
# the file to nginx's internal location (deploy/nginx.conf) instead of streaming it through Python.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on S3-compatible object storage (MinIO, Ceph, AWS S3 or a Vietnamese cloud's) when S3_BUCKET is set, through
# django-storages; otherwise the file system under MEDIA_ROOT (a shared mount when there are several app servers).
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("S3_SECRET_KEY", ""),
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": None,  # the bucket's own policy; private by default
            "querystring_auth": True,  # signed, expiring links
            "file_overwrite": False,
        },
    }
    # Private files in the same bucket under private/, never public (the bucket's policy must keep it so).
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private", "default_acl": "private"},
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: console in development unless an SMTP host is given.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Password of the demo unit accounts made by `manage.py load_demo` (local use only; production refuses it).
DEMO_PASSWORD_DEFAULT = "thidua-demo-2026"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT

WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
LOGIN_URL = "login"
# Pages and documents for signed-in users send readers to the portal's sign-in, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = "/tai-khoan/dang-nhap/"

# The sign-in policy (portal/forms.py says it whole): django-axes checks every authenticate(), whichever door.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # checks the lock (and can answer get_user for sessions), signs nobody in
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]  # an account, whatever the address; never a shared office's address
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "portal.forms.axes_username"
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.forms.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Two-step sign-in to the admin (portal/twofactor.py): any admin account may turn it on; REQUIRE_2FA=true makes
# superusers and the office use it.
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Thi đua – Khen thưởng"
# Per client address, much looser: failures over any accounts within 15 minutes before that address must wait.
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", "50"))
# axes.W006 asks for the address among the lockout parameters: that is the shared-office lockout this policy avoids
# (the address is counted apart, above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_REDIRECT_URL = "unit_dashboard"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

WAGTAIL_SITE_NAME = _("Emulation and Commendation Portal")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The read-only JSON API (portal.api): at most this many items a request (?limit=).
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search_backend"}}
# Image renditions the pages show are made when an image is saved (home.renditions), so that no reader waits.
RENDITIONS_ON_SAVE = env_bool("RENDITIONS_ON_SAVE", True)
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
# The public page cache (portal/cache.py): on unless PAGE_CACHE=false; entries live at most PAGE_CACHE_SECONDS.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Records that public pages show: saving or deleting one makes a new content version (pages are watched anyway).
PAGE_CACHE_MODELS = [
    "emulation.Award",
    "emulation.Unit",
    "emulation.Person",
    "emulation.Title",
    "emulation.Decision",
    "home.ArticleCategory",
    "portal.AgencySettings",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "taggit.Tag",
    "home.PlanTask",
]
# The admin's script keeps every letter of a title in the slug it proposes; the server then makes it ASCII
# (portal.text.ascii_slug: "Sở Công Thương tập huấn" → so-cong-thuong-tap-huan). With False, the script itself
# dropped the letters with two marks ("Sở" → "s") and wrote đ as "dj".
WAGTAIL_ALLOW_UNICODE_SLUGS = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # "Sáng kiến" → sang-kien
TAGGIT_CASE_INSENSITIVE = True
# No avatars fetched from an outside service: the admin must not leak its users' e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a check for new Wagtail releases (an outside request from every dashboard; the CSP refuses it anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The one time zone an account may choose (Wagtail lists the server's whole zoneinfo otherwise, including a
# "localtime" entry that makes the account screen's script fail).
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]

# Content-Security-Policy (portal.middleware.SecurityHeadersMiddleware), on every response, cached ones included.
# Public and unit pages run no inline script or style; videos embedded in articles come from CSP_FRAME_SRC.
# Wagtail's admin (and its previews) needs inline scripts and styles, so it has a policy of its own.
CSP_FRAME_SRC = " ".join(
    env_list("CSP_FRAME_SRC", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com")
)
CSP_PUBLIC = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    f"connect-src 'self'; frame-src {CSP_FRAME_SRC}; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
CSP_ADMIN = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' {CSP_FRAME_SRC}; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
CSP_ADMIN_PATHS = ("/admin/", "/django-admin/")
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's previews frame the portal's own pages

# Logs: one line per event on standard output, readable by a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"},
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "portal": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        # The request log middleware writes one line per request; runserver's own line would repeat it.
        "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
