"""Two people apply the same step at the same moment: exactly one applies, the other gets Conflict.

Real transactions (transaction=True): on PostgreSQL the row lock of `step()` serialises them, on
SQLite the IMMEDIATE transaction does; either way the loser sees the new state and is refused.
"""

import threading

import pytest
from django.db import connection

from suggestions import actions
from suggestions.errors import Conflict
from suggestions.models import Event, Suggestion
from tests.world import advance, build


def race(step, actors, data=None) -> list:
    """Run `actions.perform(step)` for each actor in its own thread, released together."""
    barrier = threading.Barrier(len(actors))
    outcomes: list = [None] * len(actors)

    def run(i, actor, pk):
        try:
            s = Suggestion.objects.get(pk=pk)  # each its own stale copy, read before the race
            barrier.wait()
            actions.perform(s, step, actor=actor, data=data or {})
            outcomes[i] = "applied"
        except Conflict as e:
            outcomes[i] = e
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a, race.pk)) for i, a in enumerate(actors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def check_one_applied(outcomes, pk, step):
    assert sorted(type(o).__name__ if not isinstance(o, str) else o for o in outcomes) == ["Conflict", "applied"], (
        outcomes
    )
    assert Event.objects.filter(suggestion_id=pk, name=step).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_handlers_sign_at_once():
    w = build()
    s = advance(w, w.new_draft(), "assigned", co_unit=False)
    race.pk = s.pk
    outcomes = race("sign", [w.handler, w.leader])
    check_one_applied(outcomes, s.pk, "sign")
    s.refresh_from_db()
    assert s.status == "handling" and s.version == s.events.count() - 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_office_staff_register_at_once():
    w = build()
    s = advance(w, w.new_draft(), "submitted")
    from tests.world import _user

    race.pk = s.pk
    outcomes = race("register", [w.office, _user("office2", "office", "孙丽")])
    check_one_applied(outcomes, s.pk, "register")
    s.refresh_from_db()
    assert s.number == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_click_on_rate_counts_once():
    w = build()
    s = advance(w, w.new_draft(), "replied", co_unit=False)
    race.pk = s.pk
    outcomes = race("rate", [w.deputy, w.deputy], {"result": "satisfied", "attitude": "satisfied"})
    check_one_applied(outcomes, s.pk, "rate")
    s.refresh_from_db()
    assert s.status == "closed" and s.replies.get().evaluations.count() == 1
