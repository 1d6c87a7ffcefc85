"""Counting attempts in the cache: login failures and submissions, per key and time window."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, when the request came through one of settings.TRUSTED_PROXIES (the
    reverse proxy), the address that proxy appended to X-Forwarded-For (anything before it can be forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote in settings.TRUSTED_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


def hit(key, window):
    """Count one attempt for `key` within `window` seconds; return the count so far."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, window):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        return 1


def count(key):
    return cache.get(f"ratelimit:{key}", 0)


def reset(key):
    cache.delete(f"ratelimit:{key}")
