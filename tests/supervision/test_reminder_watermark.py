"""The reminder scan reads only what fell due or was created since its last run, and still
reminds every deadline exactly once."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions.models import Deadline
from supervision.jobs import scan_deadlines
from supervision.models import Reminder, ReminderScan

from .helpers import assigned, reached_names


def sign_deadline(s) -> Deadline:
    return Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead")


def reminders_of(d: Deadline) -> list[tuple[str, str]]:
    return reached_names(Reminder.objects.filter(deadline=d))


def test_each_deadline_is_reminded_once_day_after_day(world):
    s = assigned(world)
    sign = sign_deadline(s)
    for day in range(-3, 12):
        scan_deadlines(sign.due_date + timedelta(days=day))
    assert reminders_of(sign) == [
        ("due_soon", "handler"),
        ("due_soon", "leader"),
        ("overdue", "handler"),
        ("overdue", "leader"),
    ]
    assert ReminderScan.objects.get(scope="deadlines").overdue_before == sign.due_date + timedelta(days=11)


def test_a_deadline_behind_the_watermark_is_not_read_again(world):
    s = assigned(world)
    sign = sign_deadline(s)
    day = sign.due_date + timedelta(days=1)
    assert scan_deadlines(day) > 0
    # As if its reminders had never been written: the watermark says this deadline was covered.
    Reminder.objects.filter(deadline=sign, kind="overdue").delete()
    assert scan_deadlines(day + timedelta(days=1)) == 0
    assert reminders_of(sign) == []
    # A scan for a day before the watermark reads every overdue deadline again.
    assert scan_deadlines(day) > 0
    assert ("overdue", "handler") in reminders_of(sign)


def test_a_new_deadline_already_past_due_is_reminded_once(world):
    first = assigned(world)
    day = sign_deadline(first).due_date + timedelta(days=1)
    scan_deadlines(day)
    # A suggestion entered afterwards whose step was due long before the watermark (an import of
    # an old ledger): its deadline is new since the last scan, so the next scan reads it.
    late = assigned(world, "关于完善县域养老服务体系的建议")
    Deadline.objects.filter(pk=sign_deadline(late).pk).update(due_date=day - timedelta(days=30))
    assert scan_deadlines(day + timedelta(days=1)) > 0
    once = reminders_of(sign_deadline(late))
    assert ("overdue", "handler") in once
    scan_deadlines(day + timedelta(days=2))
    assert reminders_of(sign_deadline(late)) == once


def quiet_scan_queries(day) -> int:
    scan_deadlines(day)
    with CaptureQueriesContext(connection) as queries:
        assert scan_deadlines(day) == 0
    return len(queries)


def test_a_quiet_scan_costs_the_same_however_many_deadlines_are_behind_it(world):
    s = assigned(world)
    day = sign_deadline(s).due_date + timedelta(days=1)
    few = quiet_scan_queries(day)
    for n in range(3):
        more = assigned(world, f"关于加强第{n + 1}批农村公路养护的建议")
        Deadline.objects.filter(suggestion=more).update(due_date=day - timedelta(days=20))
    scan_deadlines(day + timedelta(days=1))  # their overdue reminders, once
    assert quiet_scan_queries(day + timedelta(days=1)) == few
