"""A read request reads each reference row once; a write request reads it fresh."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Policy
from suggestions.models import Status
from tests.world import advance


def _policy_reads(ctx) -> int:
    return sum('FROM "congress_policy"' in q["sql"] for q in ctx.captured_queries)


def test_the_unit_inbox_reads_the_policy_once(world, client):
    advance(world, world.new_draft(), Status.HANDLING)
    client.force_login(world.handler)
    for tab in ("due_soon", "overdue", "to_handle"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/unit/?tab={tab}").status_code == 200
        assert _policy_reads(ctx) == 1, tab


def test_outside_a_read_request_the_policy_is_read_each_time(world):
    with CaptureQueriesContext(connection) as ctx:
        Policy.current()
        Policy.current()
    assert _policy_reads(ctx) == 2
