"""Where to go after a form: the `next` the page asked for, if it stays on this site.

Every view that redirects to a `next` taken from the request goes through `next_url`, so
`next=https://evil.example/x` (or `//evil.example`, `javascript:`...) falls back to the default.
"""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default, *args) -> str:
    """The request's `next` (POST, then GET) if it is a URL of this site; else `default` resolved."""
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return resolve_url(default, *args)
