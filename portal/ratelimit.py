"""Counting attempts in the cache: login failures and submissions, per key and time window."""

from django.core.cache import cache


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
