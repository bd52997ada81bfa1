"""Every list page of the workbenches runs the same number of queries for 3 rows as for 30."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import SIGNED, many

PAGES = {
    "office": [
        "/office/",
        "/office/assign/",
        "/office/reassignments/",
        "/office/suggestions/",
        "/office/suggestions/?overdue=false&q=建议",
    ],
    "handler": ["/unit/?tab=to_sign", "/unit/?tab=to_handle", "/unit/?tab=co_owed", "/unit/?tab=due_soon"],
    "leader": ["/unit/?tab=in_review"],
    "supervisor": ["/supervisor/"],
}


def add_rows(world, n):
    many(world, n, Status.SUBMITTED)
    many(world, n, Status.REGISTERED)
    for s in many(world, n, Status.ASSIGNED, co_unit=False):
        actions.request_reassignment(s, actor=world.handler, reason="不属于本单位职责")
    for s in many(world, n, SIGNED):
        actions.draft_reply(s, actor=world.handler, body="答复", category=world.category("A"))
        actions.submit_reply(s, actor=world.handler)


def measure(world, client) -> dict[str, int]:
    counts = {}
    for who, urls in PAGES.items():
        client.force_login(getattr(world, who))
        for url in urls:
            client.get(url)  # warm caches (Policy row, sessions) so both runs compare like with like
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[url] = len(ctx)
    return counts


def test_list_pages_do_not_grow_queries_with_rows(world, client):
    add_rows(world, 3)
    few = measure(world, client)
    add_rows(world, 27)
    more = measure(world, client)
    assert few == more
