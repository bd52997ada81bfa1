"""`next` never leads off the site (issue 12: POST /supervision/read/ next=https://evil.example/x)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from suggestions.models import Status
from tests.world import advance

OFFSITE = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "http:///evil.example",
]


@pytest.mark.parametrize("nxt", OFFSITE)
def test_marking_notifications_read_does_not_redirect_off_site(world, client, nxt):
    client.force_login(world.deputy)
    response = client.post("/supervision/read/", {"next": nxt})
    assert response.status_code == 302 and response["Location"] == "/supervision/"


def test_marking_notifications_read_keeps_a_local_next(world, client):
    client.force_login(world.deputy)
    response = client.post("/supervision/read/", {"next": "/supervision/?unread=1"})
    assert response["Location"] == "/supervision/?unread=1"


@pytest.mark.parametrize("nxt", OFFSITE)
def test_a_step_does_not_redirect_off_site(world, client, nxt):
    s, t = world.new_draft(), world.new_draft(title="关于第二件的建议")
    advance(world, s, Status.SUBMITTED)
    advance(world, t, Status.SUBMITTED)
    client.force_login(world.office)
    response = client.post(f"/s/{s.pk}/step/register/?next={nxt}", {"next": nxt})
    assert response.status_code == 302 and response["Location"] == f"/s/{s.pk}/"
    response = client.post(f"/s/{t.pk}/step/register/", {"next": nxt}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/s/{t.pk}/"


def test_no_view_reads_next_except_through_the_helper():
    """The kind of mistake: a new view that redirects to a `next` it read itself."""
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts or path.name == "redirects.py":
            continue
        if re.search(r"""(POST|GET|data|query_params)\.get\(\s*["']next["']""", path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []
