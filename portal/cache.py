"""The public page cache: whole responses for anonymous readers, and the costly fragments every page shows.

Correctness first:
- Everything cached is keyed by the *content version*, a number kept in the shared cache (Redis in production, so
  every app server sees the same one). Publishing, unpublishing, moving or deleting a page, and saving or deleting
  a record a public page shows (settings.PAGE_CACHE_MODELS) sets a new version at once and again when the
  transaction commits: from then on no server serves what was cached before. The version is the change's time in milliseconds, so it is also the pages' Last-Modified.
- Only anonymous GET/HEAD requests with no session cookie are served from or stored in the cache; a signed-in user
  always gets a freshly rendered page (`Cache-Control: private, no-cache`), never anybody else's.
- A response that sets a cookie or used a CSRF token (a form) is never stored, so nobody receives another reader's
  token; nor is anything but a 200.
- Keys also hold the local date, so what depends on today (days left, overdue tasks) turns over at midnight in
  Asia/Ho_Chi_Minh; PAGE_CACHE_SECONDS bounds every entry's life anyway.
Responses carry an ETag and Last-Modified, and `Cache-Control: public, no-cache`: browsers and proxies keep a copy
but ask again each time, and get a 304 when nothing changed (ConditionalGetMiddleware).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date

VERSION_KEY = "pagecache:version"
SKIPPED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/don-vi/",
    "/tai-khoan/",
    "/documents/",
    "/healthz",
    "/static/",
    "/media/",
)
STORED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "X-Robots-Tag")


def content_version():
    """The current content version; made (as the current time) when the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return version


def content_changed(**kwargs):
    """Signal receiver: a new content version now, and again once the change is committed (a page rendered in
    between, from the data as it was, is then stored under a version nobody asks for)."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    old = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(int(time.time() * 1000), old + 1), None)


def fragment(name, build, version=None):
    """`build()`'s value, cached until the content changes (menus, honour-roll years)."""
    key = f"fragment:{name}:{version or content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
        and "preview" not in request.GET
    )


def _storable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "page_cache_skip", False)
    )


class PageCacheMiddleware:
    """Serves anonymous readers from the page cache (see the module's docstring); marks responses X-Cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            return response
        version = content_version()
        key = f"page:{version}:{timezone.localdate().isoformat()}:{request.get_host()}:{request.get_full_path()}"
        key = "page:" + hashlib.sha256(key.encode()).hexdigest()
        stored = cache.get(key)
        if stored is not None:
            from django.http import HttpResponse

            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable_response(request, response):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            response["Last-Modified"] = http_date(version / 1000)
            response["Cache-Control"] = "public, no-cache"
            headers = {
                name: response[name]
                for name in STORED_HEADERS + ("ETag", "Last-Modified", "Cache-Control")
                if name in response
            }
            if request.method == "GET":
                cache.set(key, {"content": response.content, "headers": headers}, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        elif "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-cache"
        return response


def connect_signals():
    """What public pages show: a change to any of it makes a new content version."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(content_changed, dispatch_uid="pagecache.published")
    page_unpublished.connect(content_changed, dispatch_uid="pagecache.unpublished")
    post_page_move.connect(content_changed, dispatch_uid="pagecache.moved")
    for label in settings.PAGE_CACHE_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache.save.{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache.delete.{label}")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache.page_deleted")


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()
