"""The dashboard: who may see it, that its numbers link to their suggestions, constant queries."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Session, Unit
from stats import views
from suggestions import actions
from suggestions.models import Status
from tests.world import advance

from .fixtures import build_session

pytestmark = pytest.mark.django_db


def test_deputies_and_units_may_not_see_the_dashboard(client, world):
    for user in (world.deputy, world.handler):
        client.force_login(user)
        assert client.get("/stats/").status_code == 403
    client.logout()
    assert client.get("/stats/").status_code == 302


def test_dashboard_shows_figures_with_intervals_and_links(client, world):
    data = build_session(world)
    client.force_login(world.supervisor)
    html = client.get("/stats/").content.decode()
    assert "办结率" in html and "33.3%" in html  # 2 of 6 closed
    assert "省教育厅" in html and "省交通运输厅" in html
    # The dashboard opens on the latest session, so its links keep that scope.
    assert (
        f"/stats/suggestions/?figure=closed&amp;part=numerator&amp;session={world.session.pk}&amp;unit={world.lead_unit.pk}"
        in html
    )
    everything = client.get("/stats/", {"session": ""}).content.decode()
    assert f"/stats/suggestions/?figure=closed&amp;part=numerator&amp;unit={world.lead_unit.pk}" in everything
    assert 'id="chart-units"' in html and "vendor/echarts.min.js" in html
    listing = client.get(f"/stats/suggestions/?figure=on_time&part=denominator&session={world.session.pk}")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "共 4 件" in body and data[3].title in body and data[5].title not in body
    assert f"/api/v1/suggestions/?session={world.session.pk}" in body


def test_api_returns_the_same_figures(api, world):
    build_session(world)
    resp = api(world.office).get("/api/v1/stats/figures/", {"group": "unit", "rank": "closed"})
    assert resp.status_code == 200
    closed = resp.json()["summary"]["figures"]["closed"]
    assert (closed["numerator"], closed["denominator"]) == (2, 6)
    assert resp.json()["groups"][0]["label"] == "省教育厅"  # 2/5 ranks above 0/1
    assert api(world.deputy).get("/api/v1/stats/figures/").status_code == 403


def _more_units(world, start, n):
    for i in range(start, start + n):
        unit = Unit.objects.create(name=f"测试单位{i}全称", short_name=f"测试单位{i}", kind=Unit.Kind.OTHER)
        s = world.new_draft(title=f"扩充建议{i}")
        advance(world, s, Status.REGISTERED)
        actions.assign(s, actor=world.office, lead_unit=unit)


def _queries(client) -> dict[str, int]:
    counts = {}
    for url in ("/stats/", "/stats/?session=", "/stats/trend/"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    return counts


def test_dashboard_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.office)
    _more_units(world, 0, 1)
    before = _queries(client)
    _more_units(world, 1, 4)
    assert _queries(client) == before


def _sessions_with_a_suggestion(world, n) -> list[Session]:
    """`n` sessions of the world's term, each with one submitted suggestion (oldest first; a deputy
    files only into the latest session opened, so each gets its suggestion before the next opens)."""
    sessions = []
    for i in range(n):
        session = (
            world.session
            if i == 0
            else Session.objects.create(
                term=world.term,
                number=i + 1,
                name=f"十四届{i + 1}次会议",
                start_date=date(2023 + i, 1, 12),
                end_date=date(2023 + i, 1, 16),
            )
        )
        s = actions.create_draft(
            actor=world.deputy, session=session, title=f"{session.name}的建议", body="正文", field=world.field.pk
        )
        advance(world, s, Status.SUBMITTED)
        sessions.append(session)
    return sessions


def _table(html: str, group: str) -> str:
    return re.search(rf'<table class="stats-table" id="table-{group}">(.*?)</table>', html, re.S).group(1)


def test_dashboard_table_shows_recent_sessions_and_the_trend_page_every_one(client, world, monkeypatch):
    monkeypatch.setattr(views, "TREND_ROWS", 2)
    oldest, *recent = _sessions_with_a_suggestion(world, 3)
    client.force_login(world.office)
    html = client.get("/stats/", {"session": ""}).content.decode()
    table = _table(html, "session")
    assert all(s.name in table for s in recent) and oldest.name not in table
    assert "查看全部 3 次会议的指标" in html and 'href="/stats/trend/"' in html
    chart = json.loads(re.search(r'<script id="stats-charts" type="application/json">(.*?)</script>', html).group(1))
    assert chart["trend"]["labels"] == [s.name for s in (oldest, *recent)]  # the chart keeps the whole series
    trend = client.get("/stats/trend/").content.decode()
    rows = _table(trend, "session")
    assert [s.name in rows for s in (oldest, *recent)] == [True, True, True]
    # The same cells as the dashboard's: a session's row links to its own suggestions.
    assert f"/stats/suggestions/?figure=stage%3Aall&amp;part=&amp;session={oldest.pk}" in rows
    for s in recent:
        row = re.search(rf"<tr><th scope=\"row\">{s.name}</th>.*?</tr>", table, re.S).group(0)
        assert row in rows
    client.force_login(world.deputy)
    assert client.get("/stats/trend/").status_code == 403
