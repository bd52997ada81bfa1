"""Every HTML page, as every role, with hostile query values: never a server error.

The pages are found from the URL configuration, so a new page is covered without being listed;
each is also asked for with an id past 64 bits in its path.
A page answered with anything but 200 to a role on a plain GET (login redirect, 403, 405) is not
tried further for that role: what it does not show, it cannot fail to parse. The public site,
the same for everyone, is tried as an anonymous visitor only.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from evaluations.models import Round
from stats.models import ExportJob

from .data import build_fuzz_world
from .hostile import rotations

HUGE_ID = "99999999999999999999999"
ROLES = ["anonymous", "deputy", "office", "handler", "supervisor"]
SKIP_PREFIXES = ("admin/", "api/", "accounts/")  # Django's own views; the API has its own fuzz test


def url_patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from url_patterns(p, route)
        elif isinstance(p, URLPattern) and not route.startswith(SKIP_PREFIXES):
            yield route


def concrete(route: str, fw) -> str | None:
    """The route with ids of real objects; None when it names something this test does not build."""
    s = fw.handling
    ids = {
        "public/sessions/": fw.w.session.pk,
        "office/disclosure/sessions/": fw.w.session.pk,
        "office/evaluations/": Round.objects.values_list("pk", flat=True).first(),
        "stats/exports/": ExportJob.objects.values_list("pk", flat=True).first(),
    }
    pk = next((v for k, v in ids.items() if route.startswith(k)), s.pk)
    path = "/" + route.replace("<int:pk>", str(pk)).replace("<str:what>", "suggestions")
    path = path.replace("<slug:role>", "office").replace("<slug:name>", "record")
    return None if "<" in path or pk is None else path


def overflowing(route: str) -> str | None:
    """The route with an id past 64 bits in every int slot (Django's int converter takes any length)."""
    if "<int:" not in route:
        return None
    path = "/" + re.sub(r"<int:\w+>", HUGE_ID, route).replace("<str:what>", "suggestions")
    return None if "<" in path else path.replace("<slug:role>", "office").replace("<slug:name>", "record")


@pytest.fixture
def fw(db):
    return build_fuzz_world()


def fetch(client, path, query=None) -> int | str:
    """The status code, or the error a view raised (the test client re-raises it)."""
    try:
        return client.get(path, query).status_code
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:300]


def test_no_page_fails_on_hostile_query_values(fw):
    paths = sorted({p for route in url_patterns() if (p := concrete(route, fw))})
    assert "/office/suggestions/" in paths and "/public/" in paths and "/supervision/key/" in paths
    failures, tried = [], 0
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(fw.w, role))
        for path in paths:
            if path.startswith("/public/") and role != "anonymous":
                continue  # the public site is the same for everyone
            if fetch(client, path) != 200:
                continue
            for query in rotations():
                tried += 1
                answer = fetch(client, path, query)
                if isinstance(answer, str) or answer >= 500:
                    failures.append(f"{role} GET {path}?{list(query.values())[0][:20]!r}...: {answer}")
        for path in filter(None, map(overflowing, url_patterns())):
            answer = fetch(client, path)
            if isinstance(answer, str) or answer >= 500:
                failures.append(f"{role} GET {path}: {answer}")
    assert tried > 500  # the pages were reached, not all refused
    assert not failures, "\n".join(failures)
