"""Reminders follow the statutory calendar: holidays do not count, make-up working weekends do."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from congress.models import Policy
from suggestions.models import Deadline, Status
from supervision.jobs import scan_deadlines
from supervision.models import Reminder
from tests.world import advance

from .helpers import reached_names

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


def sent(kind_of_step):
    return reached_names(Reminder.objects.filter(deadline__kind=kind_of_step))


def assign_on(world, day):
    Policy.objects.update_or_create(pk=1, defaults={"due_soon_days": 2})
    with at(day):
        s = advance(world, world.new_draft(), Status.ASSIGNED, co_unit=False)
    return s


def test_spring_festival_holiday_does_not_count_and_make_up_sunday_does(world):
    s = assign_on(world, date(2024, 2, 7))
    sign = Deadline.objects.get(suggestion=s, kind="sign")
    assert sign.due_date == date(2024, 2, 18)  # 8th, 9th, then the make-up Sunday after 春节
    assert "春节假期" in sign.explanation and "调休工作日" in sign.explanation

    with at(date(2024, 2, 15)):
        assert scan_deadlines() == 0  # during the holiday, three days before: not yet
    with at(date(2024, 2, 16)):
        assert scan_deadlines() == 2
    assert sent("sign") == [("due_soon", "handler"), ("due_soon", "leader")]
    with at(date(2024, 2, 18)):
        scan_deadlines()  # due today: still "due soon", already sent
    assert len(sent("sign")) == 2
    assert sent("reassign_window") == [("due_soon", "handler"), ("due_soon", "leader")]  # due on the 20th
    with at(date(2024, 2, 19)):
        scan_deadlines()
    assert sent("sign") == [
        ("due_soon", "handler"),
        ("due_soon", "leader"),
        ("overdue", "handler"),
        ("overdue", "leader"),
    ]
    reminds = s.events.filter(name="remind")
    assert [e.payload["kind"] for e in reminds] == ["due_soon", "due_soon", "overdue"]
    assert reminds[0].payload["due_date"] == "2024-02-18" and reminds[0].actor is None


def test_national_day_week_is_skipped_and_make_up_sunday_counts(world):
    s = assign_on(world, date(2024, 9, 27))
    sign = Deadline.objects.get(suggestion=s, kind="sign")
    assert sign.due_date == date(2024, 10, 8)  # Sunday 29 Sep (调休) counts, 1 to 7 Oct do not
    for day in (date(2024, 9, 30), date(2024, 10, 3), date(2024, 10, 5)):
        with at(day):
            scan_deadlines()
    assert sent("sign") == []
    with at(date(2024, 10, 6)):
        scan_deadlines()
    assert sent("sign") == [("due_soon", "handler"), ("due_soon", "leader")]
    with at(date(2024, 10, 9)):
        scan_deadlines()
    assert ("overdue", "handler") in sent("sign")


def test_met_deadline_is_not_chased(world):
    s = assign_on(world, date(2024, 9, 27))
    with at(date(2024, 9, 29)):
        from suggestions import actions

        actions.sign(s, actor=world.handler)
    with at(date(2024, 10, 9)):
        scan_deadlines()
    assert sent("sign") == []
