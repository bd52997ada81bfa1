"""With a second database alias pointing at the same database, the read-only pages (dashboard,
figures API, public site and its streamed open data) read through it; other pages and every
write stay on the primary."""

import pytest
from django.db import connections

from suggestions.models import Status
from tests.world import advance


@pytest.fixture
def replica(settings):
    """A `replica` alias on the test database itself (committed rows: the tests are transactional)."""
    conf = {**connections["default"].settings_dict}
    settings.DATABASES = {**settings.DATABASES, "replica": conf}
    connections.settings["replica"] = conf
    # Opened here: the test case refuses to open a connection for an alias it was not told about.
    connections["replica"].connect()
    seen: dict[str, list[str]] = {"replica": [], "default": []}

    def watch(alias):
        def wrapper(execute, sql, params, many, context):
            seen[alias].append(sql)
            return execute(sql, params, many, context)

        return wrapper

    with connections["replica"].execute_wrapper(watch("replica")):
        with connections["default"].execute_wrapper(watch("default")):
            yield seen
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


def reads(sqls: list[str], table: str) -> list[str]:
    return [q for q in sqls if q.lstrip().upper().startswith("SELECT") and table in q]


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


def test_dashboard_and_figures_api_read_the_replica(world, client, replica):
    advance(world, world.new_draft(), Status.REGISTERED)
    client.force_login(world.office)
    replica["replica"].clear(), replica["default"].clear()
    assert client.get("/stats/").status_code == 200
    assert client.get("/api/v1/stats/figures/").status_code == 200
    assert reads(replica["replica"], "stats_figurecount")
    assert not reads(replica["default"], "stats_figurecount")


def test_streamed_open_data_reads_the_replica_while_it_streams(world, client, replica):
    world.session.catalogue_published = True
    world.session.save(update_fields=["catalogue_published"])
    advance(world, world.new_draft(), Status.REGISTERED)
    replica["replica"].clear(), replica["default"].clear()
    response = client.get(f"/public/sessions/{world.session.pk}/catalogue.csv")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "关于" in body
    assert reads(replica["replica"], "suggestions_suggestion")
    assert not reads(replica["default"], "suggestions_suggestion")


def test_other_pages_and_writes_stay_on_the_primary(world, client, replica):
    s = advance(world, world.new_draft(), Status.REGISTERED)
    client.force_login(world.office)
    replica["replica"].clear(), replica["default"].clear()
    assert client.get("/office/suggestions/").status_code == 200
    response = client.post(f"/s/{s.pk}/step/assign/", {"lead_unit": world.lead_unit.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 302)
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED
    assert replica["replica"] == []
