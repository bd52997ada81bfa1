""" "Due soon" is relative to the length of the step: no 催办 the minute a task arrives.

Rule (suggestions.models.due_soon_q): due soon when due_date - today <= min(Policy.due_soon_days,
a third of the step's length). The database state and the reminder scan use the same rule.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from congress.models import Policy
from suggestions.models import Deadline, Event, Status
from supervision.jobs import scan_deadlines
from supervision.models import Reminder
from tests.world import advance

from .helpers import reached_names

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=TZ), tick=False)


def states(s, day):
    rows = Deadline.objects.filter(suggestion=s).with_state(day, Policy.current().due_soon_days)
    return {d.kind: d.state for d in rows}


def test_a_fresh_assignment_is_not_due_soon_and_sends_no_reminder(world):
    assert Policy.current().due_soon_days == 7
    with at(date(2025, 3, 3)):  # a Monday
        s = advance(world, world.new_draft(), Status.ASSIGNED, co_unit=False)
        sign = Deadline.objects.get(suggestion=s, kind="sign")
        assert (sign.start_date, sign.due_date) == (date(2025, 3, 3), date(2025, 3, 6))  # 3 working days
        assert scan_deadlines() == 0
        assert states(s, timezone.localdate())["sign"] == "on_time"
    assert not Reminder.objects.exists()
    assert not Event.objects.filter(suggestion=s, name="remind").exists()

    with at(date(2025, 3, 4)):  # two days left of three: still on time
        assert scan_deadlines() == 0
    with at(date(2025, 3, 5)):  # the last third of the step
        assert states(s, timezone.localdate())["sign"] == "due_soon"
        assert scan_deadlines() == 2
    assert {d.kind for d in Deadline.objects.filter(reminders__isnull=False)} == {"sign"}
    assert reached_names() == [("due_soon", "handler"), ("due_soon", "leader")]


def test_a_long_step_is_due_soon_for_the_policy_days(world):
    with at(date(2025, 3, 3)):
        s = advance(world, world.new_draft(), Status.ASSIGNED, co_unit=False)
    reply = Deadline.objects.get(suggestion=s, kind="reply")
    assert reply.due_date == date(2025, 6, 3)
    assert states(s, date(2025, 5, 26))["reply"] == "on_time"  # 8 days before
    assert states(s, date(2025, 5, 27))["reply"] == "due_soon"  # 7 days before: Policy.due_soon_days
    assert list(Deadline.objects.due_soon(date(2025, 5, 27), 7).values_list("kind", flat=True)) == ["reply"]
    assert states(s, date(2025, 6, 4))["reply"] == "overdue"
