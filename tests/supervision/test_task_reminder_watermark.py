"""The unit tasks' reminder scan (inspections, review opinions) reads only the due-soon window and what
fell due or was sent since its last run, in a fixed number of queries, and reminds each task once."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.jobs import scan_unit_tasks
from supervision.models import ReminderScan, TaskReminder

from .test_task_answers import on, opinion

DUE = date(2026, 9, 30)


def reminded(task) -> list[tuple[str, str]]:
    return sorted(TaskReminder.objects.filter(review_opinion=task).values_list("kind", "recipient__username"))


def scan(day) -> int:
    with on(day):
        return scan_unit_tasks(day)


def test_each_task_is_reminded_once_day_after_day(world):
    task = opinion(world)
    for n in range(-5, 10):
        scan(DUE + timedelta(days=n))
    people = ["co_handler", "handler", "leader", "other_handler"]
    assert reminded(task) == [("due_soon", p) for p in people] + [("overdue", p) for p in people]
    assert ReminderScan.objects.get(scope="review_opinion").overdue_before == DUE + timedelta(days=9)


def test_a_task_behind_the_watermark_is_not_read_again(world):
    task = opinion(world)
    day = DUE + timedelta(days=1)
    assert scan(day) == 4
    # As if its reminders had never been written: the watermark says this task was covered.
    TaskReminder.objects.filter(kind="overdue").delete()
    assert scan(day + timedelta(days=1)) == 0 and reminded(task) == []
    # A scan for a day before the watermark reads every overdue task again.
    assert scan(day) == 4


def test_a_task_sent_after_its_due_date_passed_is_reminded_once(world):
    opinion(world)
    day = DUE + timedelta(days=40)
    scan(day)
    late = opinion(world, sent=date(2026, 6, 2), due=DUE - timedelta(days=10))  # new since the last scan
    assert scan(day + timedelta(days=1)) == 4
    assert scan(day + timedelta(days=2)) == 0
    assert len(reminded(late)) == 4


def quiet_scan_queries(day) -> int:
    scan(day)
    with CaptureQueriesContext(connection) as queries:
        assert scan(day) == 0
    return len(queries)


def test_a_quiet_scan_costs_the_same_for_one_task_or_four(world):
    opinion(world)
    day = DUE - timedelta(days=1)
    one = quiet_scan_queries(day)
    for n in range(3):  # three more in the due-soon window, each to three units, already reminded
        opinion(world, sent=date(2026, 6, 3 + n))
    assert quiet_scan_queries(day) == one
