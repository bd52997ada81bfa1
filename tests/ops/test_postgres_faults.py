"""Faults a production deployment meets: a web worker killed in the middle of a step, and the
database dropping every connection (what the web nodes see when PostgreSQL restarts)."""

import os
import signal
import threading
import time

import psycopg
import pytest
from django.db import connection

from suggestions.models import Event, Status, Suggestion
from tests.ops.nodes import Browser, Node, database_url
from tests.world import advance, build

pytestmark = pytest.mark.django_db(transaction=True)


def _raw_connection() -> psycopg.Connection:
    return psycopg.connect(database_url().replace("postgres://", "postgresql://", 1))


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_worker_killed_in_the_middle_of_a_step_leaves_no_partial_write():
    w = build()
    s = advance(w, w.new_draft(), Status.ASSIGNED)
    before = Suggestion.objects.get(pk=s.pk)
    events_before = Event.objects.filter(suggestion=s).count()
    node = Node(workers=1)
    blocker = _raw_connection()
    # pg_stat_activity is a snapshot per transaction: watch from a connection of its own.
    monitor = _raw_connection()
    monitor.autocommit = True
    try:
        handler = Browser(w.handler)
        # Writes to the event table wait behind this lock; reads do not. The step gets past its
        # row lock and its conditional UPDATE of the suggestion, then waits to write its Event.
        blocker.execute("LOCK TABLE suggestions_event IN EXCLUSIVE MODE")
        threading.Thread(
            target=lambda: _swallow(lambda: handler.post(node, f"/api/v1/suggestions/{s.pk}/actions/sign/")),
            daemon=True,
        ).start()

        def step_is_waiting():
            return (
                monitor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO \"suggestions_event\"%%'"
                ).fetchone()[0]
                == 1
            )

        assert _wait_for(step_is_waiting), "the step never reached its Event write"
        (worker,) = node.workers()
        os.kill(worker, signal.SIGKILL)
        blocker.rollback()  # release the lock: the orphaned transaction can now run to its end
        assert _wait_for(
            lambda: monitor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' "
                "AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            == 0
        )

        after = Suggestion.objects.get(pk=s.pk)
        assert (after.status, after.version) == (before.status, before.version) == (Status.ASSIGNED, before.version)
        assert Event.objects.filter(suggestion=s).count() == events_before

        # The master replaced the worker, and the step applies in full when tried again.
        assert _wait_for(lambda: _status(node, "/healthz") == 200)
        assert handler.post(node, f"/api/v1/suggestions/{s.pk}/actions/sign/")[0] == 200
        assert Suggestion.objects.get(pk=s.pk).status == Status.HANDLING
    finally:
        blocker.close()
        monitor.close()
        node.stop()


def test_web_nodes_survive_the_database_dropping_every_connection():
    """A PostgreSQL restart ends every server connection; persistent connections are health-checked
    before reuse, so the next request reconnects instead of failing, with no web restart."""
    w = build()
    s = advance(w, w.new_draft(), Status.ASSIGNED)
    node = Node(workers=1, conn_max_age=600)
    try:
        handler = Browser(w.handler)
        assert handler.get(node, f"/api/v1/suggestions/{s.pk}/")[0] == 200  # opens the kept connection
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1  # the node's kept connection was among them
        assert handler.get(node, f"/api/v1/suggestions/{s.pk}/")[0] == 200
        assert handler.post(node, f"/api/v1/suggestions/{s.pk}/actions/sign/")[0] == 200
        assert Event.objects.filter(suggestion=s, name="sign").count() == 1
    finally:
        node.stop()


def _status(node, path):
    try:
        return node.request("GET", path)[0]
    except OSError:
        return None


def _swallow(call):
    try:
        return call()
    except OSError:
        pass  # the worker was killed: the client sees the connection drop
