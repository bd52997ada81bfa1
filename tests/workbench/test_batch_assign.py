"""The central assignment meeting: many suggestions assigned in one all-or-nothing action."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assist.recommend import recommend_units
from audit import chain
from audit.models import AuditRecord
from congress.models import Unit
from jianyi import bulk
from stats.models import SuggestionFacts, measure_names
from suggestions import actions
from suggestions.errors import Conflict
from suggestions.models import Assignment, Status, Suggestion
from tests.workbench.helpers import many


def test_assigns_the_ticked_suggestions_to_one_lead_and_co_units(world, client):
    picked = many(world, 3)
    left = many(world, 1)[0]
    client.force_login(world.office)
    response = client.post(
        "/office/assign/",
        {
            "mode": "common",
            "ids": [s.pk for s in picked],
            "lead_unit": world.lead_unit.pk,
            "co_units": [world.co_unit.pk],
        },
        follow=True,
    )
    assert "已交办 3 件建议" in response.content.decode()
    for s in picked:
        s.refresh_from_db()
        assert s.status == Status.ASSIGNED
        assert {(a.unit_id, a.role) for a in s.assignments.all()} == {
            (world.lead_unit.pk, "lead"),
            (world.co_unit.pk, "co"),
        }
    left.refresh_from_db()
    assert left.status == Status.REGISTERED


def test_select_all_matching_takes_every_page_of_the_filtered_list(world, client, settings):
    many(world, 4)
    other_field = world.field.__class__.objects.exclude(pk=world.field.pk).first()
    outside = many(world, 1)[0]
    Suggestion.objects.filter(pk=outside.pk).update(field=other_field)
    client.force_login(world.office)
    query = f"field={world.field.pk}"
    client.post(
        "/office/assign/",
        {"mode": "common", "all_matching": "1", "query": query, "lead_unit": world.lead_unit.pk},
    )
    assert Suggestion.objects.filter(field=world.field, status=Status.ASSIGNED).count() == 4
    outside.refresh_from_db()
    assert outside.status == Status.REGISTERED


def test_rows_grouped_by_their_own_lead_unit(world, client):
    a, b = many(world, 2)
    client.force_login(world.office)
    client.post(
        "/office/assign/",
        {
            "mode": "per_row",
            "ids": [a.pk, b.pk],
            f"lead_{a.pk}": world.lead_unit.pk,
            f"lead_{b.pk}": world.other_unit.pk,
        },
    )
    assert Assignment.objects.get(suggestion=a, role="lead").unit == world.lead_unit
    assert Assignment.objects.get(suggestion=b, role="lead").unit == world.other_unit


def test_rows_without_a_choice_take_the_recommended_unit(world, client):
    done = many(world, 1)[0]
    actions.assign(done, actor=world.office, lead_unit=world.other_unit)
    fresh = many(world, 1)[0]
    best = recommend_units(fresh).lead.unit  # assist.recommend: duties, then the history
    client.force_login(world.office)
    page = client.get("/office/assign/").content.decode()
    assert f'name="lead_{fresh.pk}" value="{best.pk}" checked' in page
    client.post("/office/assign/", {"mode": "per_row", "ids": [fresh.pk]})
    assert Assignment.objects.get(suggestion=fresh, role="lead").unit == best


def test_a_failing_group_rolls_back_the_whole_batch(world, client):
    a, b = many(world, 2)
    closed = Unit.objects.create(name="已撤销单位", short_name="撤销单位", kind="other", is_active=False)
    client.force_login(world.office)
    response = client.post(
        "/office/assign/",
        {"mode": "per_row", "ids": [a.pk, b.pk], f"lead_{a.pk}": world.lead_unit.pk, f"lead_{b.pk}": closed.pk},
        follow=True,
    )
    assert "所有建议均未改变" in response.content.decode()
    assert Suggestion.objects.filter(pk__in=[a.pk, b.pk], status=Status.REGISTERED).count() == 2
    assert not Assignment.objects.filter(suggestion__in=[a, b]).exists()


def test_lead_unit_cannot_also_be_a_co_unit(world, client):
    s = many(world, 1)[0]
    client.force_login(world.office)
    response = client.post(
        "/office/assign/",
        {"mode": "common", "ids": [s.pk], "lead_unit": world.lead_unit.pk, "co_units": [world.lead_unit.pk]},
        follow=True,
    )
    assert "主办单位不能同时作为协办单位" in response.content.decode()
    s.refresh_from_db()
    assert s.status == Status.REGISTERED


def test_nothing_ticked_is_a_clear_error(world, client):
    many(world, 1)
    client.force_login(world.office)
    response = client.post("/office/assign/", {"mode": "common", "lead_unit": world.lead_unit.pk}, follow=True)
    assert "请先勾选要交办的建议" in response.content.decode()


def _rows(s):
    """What a step writes about the suggestion: its rows, its event with the event's audit record, and
    what is derived from them (list columns, its units' due dates and open work, its figures' facts)."""
    deadlines = sorted((d.kind, d.due_date, d.assignment.unit_id, d.explanation) for d in s.deadlines.all())
    assignments = sorted((a.unit_id, a.role, a.due_on, a.in_handling) for a in s.assignments.all())
    event = s.events.get(name="assign")
    audit = AuditRecord.objects.get(event_id=event.pk)
    facts = SuggestionFacts.objects.filter(suggestion=s).values(*measure_names(), "unit_key", "next_due").get()
    return (
        deadlines,
        assignments,
        (event.from_status, event.to_status, event.payload, event.actor_id),
        (audit.action, audit.detail, audit.actor_id, audit.event_hash == chain.event_hash(event)),
        (s.lead_unit_id, s.next_due_on),
        facts,
    )


def test_batch_assignment_writes_the_same_rows_as_one_by_one(world):
    one, batched = many(world, 2)
    actions.assign(one, actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
    events = actions.assign_many([batched], actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
    assert len(events) == 1
    batched.refresh_from_db()
    assert batched.status == Status.ASSIGNED and batched.version == one.version
    assert _rows(batched) == _rows(one)


def test_batch_assignment_refuses_a_suggestion_no_longer_registered(world):
    a, b = many(world, 2)
    actions.assign(b, actor=world.office, lead_unit=world.other_unit)
    with pytest.raises(Conflict, match="不能交办"):
        actions.assign_many([a, b], actor=world.office, lead_unit=world.lead_unit)
    a.refresh_from_db()
    assert a.status == Status.REGISTERED and not a.assignments.exists()


def test_a_batch_costs_the_same_queries_for_20_or_60(world, monkeypatch):
    """The whole batch (checks, rows, events, audit records, list columns, figures, notices) is a
    fixed number of queries: a query per suggestion coming back makes 60 cost more than 20."""
    if connection.vendor == "sqlite":
        # SQLite's bulk_create splits its INSERTs at 999 parameters; that batching is not per row.
        monkeypatch.setattr(connection.features, "max_query_params", 30_000)
    # PostgreSQL: every bulk insert by COPY (from 100 rows it is two queries, one below), for both sizes.
    monkeypatch.setattr(bulk, "COPY_FROM", 1)
    counts = []
    for n in (2, 20, 60):  # the first batch of a process also reads the tables' column types for COPY
        batch = many(world, n)
        with CaptureQueriesContext(connection) as queries:
            actions.assign_many(batch, actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
        counts.append(len(queries))
        assert Suggestion.objects.filter(pk__in=[s.pk for s in batch], status=Status.ASSIGNED).count() == n
    assert counts[1] == counts[2], counts
