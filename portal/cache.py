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

import contextvars
import copy
import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
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


# Within a request, {"version": …} once the content version has been read (one round trip to the shared cache a
# request); emptied as soon as this process changes the content (content_changed). None outside a request.
_request_state = contextvars.ContextVar("portal_content_version", default=None)


class LocalCopies:
    """A per-process copy of what the shared cache holds, keyed by the content version (in the key): nothing here is
    served after a publish, because every request first reads the current version from the shared cache. Bounded
    in entries and in bytes (for bytes values); the least recently used go first; entries of older versions are
    dropped when a newer version is seen."""

    def __init__(self, max_entries=500, max_bytes=32 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries, self.size, self.version = OrderedDict(), 0, None
        self.lock = threading.Lock()

    @staticmethod
    def _weight(value):
        return len(value["content"]) if isinstance(value, dict) and "content" in value else 0

    def get(self, version, key):
        with self.lock:
            if version != self.version:
                if self.version is None or version > self.version:
                    self.entries.clear()
                    self.size, self.version = 0, version
                return None
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def set(self, version, key, value):
        with self.lock:
            if version != self.version:
                return
            if key in self.entries:
                self.size -= self._weight(self.entries.pop(key))
            self.entries[key] = value
            self.size += self._weight(value)
            while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
                _, dropped = self.entries.popitem(last=False)
                self.size -= self._weight(dropped)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size, self.version = 0, None


local_copies = LocalCopies()


def content_version():
    """The current content version; made (as the current time) when the cache has none. Within a request, the
    version read when it began (unless this process changed the content since)."""
    state = _request_state.get()
    if state and "version" in state:
        return state["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        local_copies.clear()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    if state is not None:
        state["version"] = version
    return version


def content_changed(**kwargs):
    """Signal receiver: a new content version now, and again once the change is committed (a page rendered in
    between, from the data as it was, is then stored under a version nobody asks for)."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    state = _request_state.get()
    if state:
        state.pop("version", None)
    old = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(int(time.time() * 1000), old + 1), None)
    local_copies.clear()


def fragment(name, build, version=None):
    """`build()`'s value, cached until the content changes (menus, the home page's blocks, honour-roll years):
    from this process's copy when it has one for the current version, else from the shared cache, else built.
    Values are shared between requests: callers must not change them."""
    version = version or content_version()
    key = f"fragment:{name}:{version}"
    value = local_copies.get(version, key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        local_copies.set(version, key, value)
    return value


def find_site(request):
    """Wagtail's Site.find_for_request, from this content version's copy (sites are content: saving one makes a new
    version) instead of a query per request. Each request gets its own copy of the site and its root page, so what
    a request sets on them (the root page's specific instance) stays with that request."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    def build():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return False

    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()  # as Wagtail reads them
    site = fragment(f"site:{hostname}:{port}", build)
    if not site:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


class SiteMiddleware:
    """Finds the request's Wagtail site with find_site, where Wagtail keeps it for the request (its documented
    `request._wagtail_site`, read by Site.find_for_request and the page routing). Not for the health check, which
    must answer whether or not the cache does, nor for files."""

    skipped = ("/healthz", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site") and not request.path.startswith(self.skipped):
            request._wagtail_site = find_site(request)
        return self.get_response(request)


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
    """Serves anonymous readers from the page cache (see the module's docstring); marks responses X-Cache. Reads the
    content version once for the whole request; a hit is that one round trip, then this process's copy of the page
    (LocalCopies) or one more round trip for the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_state.set({})  # the version is read once, when first needed (content_version)
        try:
            return self._respond(request)
        finally:
            _request_state.reset(token)

    def _respond(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            return response
        version = content_version()
        key = f"page:{version}:{timezone.localdate().isoformat()}:{request.get_host()}:{request.get_full_path()}"
        key = "page:" + hashlib.sha256(key.encode()).hexdigest()
        stored = local_copies.get(version, key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                local_copies.set(version, key, stored)
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
                stored = {"content": response.content, "headers": headers}
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                local_copies.set(version, key, stored)
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
