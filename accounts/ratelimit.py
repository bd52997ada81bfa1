"""A small cache-based rate limit: at most N requests a minute from one address to one endpoint.

Counters live in the default cache (settings.CACHES; use a shared one such as Redis when several server
processes run). Over the limit: HTTP 429 with a Chinese page (or JSON for the API) and Retry-After."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

from .security import client_ip

WINDOW = 60


def exceeded(request, scope: str, per_minute: int) -> int:
    """0 if the request is within the limit, else the seconds until the window ends. Counts it."""
    if not settings.RATELIMIT_ENABLED:
        return 0
    window = int(time.time()) // WINDOW
    key = f"rl:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW + 5)
        count = 1
    return 0 if count <= per_minute else WINDOW - int(time.time()) % WINDOW


def too_many(request, retry_after: int):
    message = "请求过于频繁，请稍后再试。"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit(scope: str, setting: str, methods=("POST",)):
    """Decorate a view: `setting` names the per-minute limit in settings (e.g. "RATELIMIT_LOGIN")."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = exceeded(request, scope, getattr(settings, setting))
                if wait:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class SearchThrottle:
    """The same limit as a DRF throttle (DRF answers 429 in Chinese with Retry-After)."""

    scope, setting = "search", "RATELIMIT_SEARCH"

    def allow_request(self, request, view):
        self.retry_after = exceeded(request, self.scope, getattr(settings, self.setting))
        return not self.retry_after

    def wait(self):
        return self.retry_after


class TokenThrottle(SearchThrottle):
    scope, setting = "token", "RATELIMIT_LOGIN"
