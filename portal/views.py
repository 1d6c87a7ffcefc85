import logging

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

logger = logging.getLogger("portal.health")


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the cache both answer, 503 otherwise; says which one failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure of the backend means "not healthy"
        logger.warning("database check failed: %s", exc)
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception as exc:
        logger.warning("cache check failed: %s", exc)
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class PasswordResetView(auth_views.PasswordResetView):
    """The password-reset request, throttled per address and per e-mail address (portal.forms)."""

    def get_form_class(self):
        from portal.forms import ThrottledPasswordResetForm

        return ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


def csrf_failure(request, reason=""):
    """A form sent from a page that is no longer valid (signed out and in again, or left open too long): say so in
    Vietnamese, and how to send it again without typing it again. Never Django's technical page."""
    from django.shortcuts import render

    logger.warning("form refused (CSRF): %s", reason)
    return render(request, "403_csrf.html", status=403)


class PublicSitemap(WagtailSitemap):
    """/sitemap.xml: the site's public pages (portal.public), as Wagtail writes them."""

    def items(self):
        from portal import public

        return public.site_pages(site=self.get_wagtail_site()).order_by("path").defer_streamfields().specific()
