"""The B-class ledger page (台账) renders for every role, with commitments and progress, in a fixed number of queries."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision import actions
from supervision.models import Commitment

from .helpers import b_class_closed

LEDGER = "/supervision/ledger/"
# Who may open the ledger, and what the others get.
SEES_ALL = ["office", "supervisor"]
SEES_OWN = ["handler", "leader", "co_handler", "other_handler"]
REFUSED = ["deputy", "cosigner", "outsider"]


def _ledger_with_progress(w, n=2):
    s = b_class_closed(w)
    items = [
        {"what": f"第{i}项：完成农村供水管网改造", "due_date": date(2025, 12, 1 + i), "responsible": "张处长"}
        for i in range(n)
    ]
    actions.record_commitments(s, actor=w.handler, commitments=items)
    for c in Commitment.objects.filter(suggestion=s):
        actions.report_progress(s, actor=w.handler, commitment=c, note=f"{c.what}：已开工", done=False)
        actions.report_progress(s, actor=w.handler, commitment=c, note=f"{c.what}：已完工", done=True)
    return s


def test_ledger_renders_for_every_role_with_latest_progress(world, client):
    _ledger_with_progress(world)
    for name in SEES_ALL + SEES_OWN:
        client.force_login(getattr(world, name))
        response = client.get(LEDGER)
        assert response.status_code == 200, name
        page = response.content.decode()
        own = name in SEES_ALL or getattr(world, name).unit_id == world.lead_unit.pk
        assert ("第0项：完成农村供水管网改造：已完工" in page) is own, name
        assert "：已开工" not in page, f"{name} sees an older progress report as the latest"
    for name in REFUSED:
        client.force_login(getattr(world, name))
        assert client.get(LEDGER).status_code == 403, name
    client.logout()
    assert client.get(LEDGER).status_code == 302


def test_ledger_filters_render(world, client):
    _ledger_with_progress(world)
    client.force_login(world.office)
    for query in ("?status=open", "?status=done", f"?unit={world.lead_unit.pk}", f"?term={world.term.pk}"):
        assert client.get(LEDGER + query).status_code == 200, query


def test_ledger_query_count_does_not_grow_with_commitments(world, client):
    client.force_login(world.office)
    _ledger_with_progress(world, n=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LEDGER).status_code == 200
    _ledger_with_progress(world, n=6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LEDGER).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]


def test_no_template_takes_last_of_a_queryset():
    """`qs.all|last` asks a QuerySet for [-1], which Django refuses: the ledger's 500. Catch the kind."""
    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.all\s*\|\s*last\b", line):
                offenders.append(f"{path}:{n}")
    assert not offenders, offenders
