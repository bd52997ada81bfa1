"""The supervisor's view: suggestions in handling, overdue first, with their progress."""

from datetime import date

import time_machine

from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import SIGNED, many
from web.paging import CappedPaginator
from workbench.views import supervisor


def test_overdue_suggestions_come_first(world, client):
    with time_machine.travel(date(2025, 1, 6), tick=False):
        late = many(world, 1, Status.ASSIGNED)[0]
    fresh = many(world, 1, SIGNED)[0]
    many(world, 1, Status.REGISTERED)
    client.force_login(world.supervisor)
    html = client.get("/supervisor/").content.decode()
    assert html.index(late.title) < html.index(fresh.title)
    assert "办理中 <strong>2</strong> 件" in html and "已逾期 <strong" in html
    assert 'class="row-overdue"' in html


def test_progress_shows_signing_and_reply_stage(world, client):
    s = many(world, 1, SIGNED)[0]
    actions.draft_reply(s, actor=world.handler, body="答复", category=world.category("A"))
    actions.submit_reply(s, actor=world.handler)
    client.force_login(world.supervisor)
    html = client.get("/supervisor/").content.decode()
    row = html[html.index(s.title) :]
    assert '<li class="done">签收</li>' in row and '<li class="current">审核签发</li>' in row


def test_only_supervisors_and_the_office_see_it(world, client):
    client.force_login(world.handler)
    assert client.get("/supervisor/").status_code == 403
    client.force_login(world.office)
    assert client.get("/supervisor/").status_code == 200


def test_total_counts_every_suggestion_in_handling_whatever_the_filter(world, client, monkeypatch):
    many(world, 2, SIGNED)
    client.force_login(world.supervisor)
    filtered = client.get("/supervisor/", {"q": "不存在的关键词"}).content.decode()
    assert "办理中 <strong>2</strong> 件" in filtered and "没有需要督办的建议" in filtered
    assert "办理中 <strong>2</strong> 件" in client.get("/supervisor/", {"page": "1"}).content.decode()
    # Past the cap the total says so, whether counted apart or read from the page's own count.
    monkeypatch.setattr(supervisor, "CAP", 1)
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    for params in ({}, {"overdue": "false"}):
        assert "办理中 <strong>1+</strong> 件" in client.get("/supervisor/", params).content.decode()
