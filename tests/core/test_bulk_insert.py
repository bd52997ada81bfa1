"""`bulk.insert`: the rows it writes (by COPY on PostgreSQL, from `COPY_FROM` rows) are the rows
bulk_create writes, value for value, with their ids set and the table's sequence moved past them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditRecord
from jianyi import bulk
from suggestions.models import Deadline, Event, Status
from supervision.models import Reminder

SIZES = [bulk.COPY_FROM + 20, 3]  # by COPY on PostgreSQL, and by bulk_create


NOW = timezone.now().replace(microsecond=123456)


def events(w, s, n):
    return [
        Event(
            suggestion=s,
            name="remind",
            actor=w.office if i % 2 else None,
            unit_id=w.lead_unit.pk if i % 3 else None,
            at=NOW - timedelta(minutes=i),
            from_status=Status.HANDLING,  # a str enum
            to_status="handling",
            payload={"kind": Reminder.Kind.OVERDUE, "n": i, "names": ["王建国", "李秀英"], "due": "2026-12-02"},
        )
        for i in range(n)
    ]


def reminders(w, s, n):
    deadline = Deadline.objects.filter(suggestion=s).first()
    return [
        Reminder(
            suggestion=s,
            deadline=deadline if i % 2 else None,
            kind=Reminder.Kind.OVERDUE if i % 2 else Reminder.Kind.MANUAL,
            sending=i,
            recipients=[w.handler.pk, i],
            sender=None if i % 2 else w.office,
            message="" if i % 2 else f"请尽快办理（{i}）",
            created_at=NOW,
        )
        for i in range(n)
    ]


def audit_records(w, s, n):
    return [
        AuditRecord(
            seq=10_000 + i,
            at=NOW,
            actor=w.office if i % 2 else None,
            username="office",
            ip=["10.0.0.7", "2001:db8::1", None][i % 3],
            kind="event",
            action="step:remind",
            target=f"suggestions.suggestion:{s.pk}",
            detail={"from": "handling", "to": "handling", "i": i},
            event_id=None,
            event_hash="e" * 64,
            prev_hash=f"{i:064x}",
            hash=f"{i + 1:064x}",
        )
        for i in range(n)
    ]


def columns(model, pks):
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return list(model.objects.filter(pk__in=pks).order_by("pk").values_list(*names))


@pytest.mark.django_db
@pytest.mark.parametrize("make", [events, reminders, audit_records])
@pytest.mark.parametrize("n", SIZES)
def test_writes_what_bulk_create_writes(world, make, n):
    s = _assigned(world)
    model = type(make(world, s, 1)[0])
    with transaction.atomic():  # what bulk_create writes, then undone (the rows may be unique)
        expected = model.objects.bulk_create(make(world, s, n))
        want = columns(model, [o.pk for o in expected])
        transaction.set_rollback(True)
    assert len(want) == n
    got = bulk.insert(make(world, s, n))
    assert len(got) == n
    assert [o.pk for o in got] == sorted({o.pk for o in got})  # set, distinct, in order
    assert all(o._state.adding is False for o in got)
    assert columns(model, [o.pk for o in got]) == want
    later = model.objects.bulk_create(make(world, s, n + 1)[-1:])[0]  # the sequence moved past them
    assert later.pk > max(o.pk for o in got)


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_a_refused_row_is_an_integrity_error_and_writes_nothing(world, n):
    s = _assigned(world)
    rows = reminders(world, s, n)
    rows[-1].sending, rows[-1].kind, rows[-1].deadline = rows[1].sending, rows[1].kind, rows[1].deadline
    before = Reminder.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(rows)
    assert Reminder.objects.count() == before


@pytest.mark.django_db
def test_rows_already_saved_are_refused(world):
    s = _assigned(world)
    rows = reminders(world, s, bulk.COPY_FROM)
    rows[0].save()
    with pytest.raises(ValueError, match="new rows"):
        bulk.insert(rows)


def _assigned(w):
    from tests.world import advance

    return advance(w, w.new_draft(title="关于完善农村寄宿制学校建设的建议"), "handling")
