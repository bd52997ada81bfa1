"""The office enters a new year's holiday schedule; open deadlines move with it, with the reason."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from congress import calendar, workdays
from suggestions import holidays
from suggestions.models import Deadline, Event, Status
from tests.world import advance

SCHEDULE_2027 = """元旦 2027-01-01 至 2027-01-03
春节 2027-02-06 至 2027-02-13
上班 2027-02-14
上班 2027-02-20
国庆节 2027-10-01 至 2027-10-07
"""
ASSIGNED_ON = datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


def test_a_schedule_is_read_day_by_day():
    days = calendar.parse_schedule(2027, SCHEDULE_2027)
    assert (date(2027, 2, 6), "holiday", "春节") in days
    assert (date(2027, 2, 13), "holiday", "春节") in days
    assert (date(2027, 2, 14), "workday", "春节") in days  # a make-up day belongs to the holiday before it
    assert len([d for d in days if d[1] == "holiday"]) == 3 + 8 + 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节 2027-02-30", "第1行日期不存在"),
        ("春节放假七天", "第1行格式不对"),
        ("春节 2026-02-06", "第1行日期不在2027年"),
        ("春节 2027-02-13 至 2027-02-06", "第1行日期区间不对"),
        ("春节 2027-02-06\n元宵 2027-02-06", "第2行的2027年2月6日与前面的行重复"),
        ("上班 2027-02-14", "至少要有一个放假日期"),
    ],
)
def test_a_line_that_cannot_be_read_is_named(text, message):
    with pytest.raises(ValidationError) as error:
        calendar.parse_schedule(2027, text)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_working_days_follow_the_entered_schedule():
    days = calendar.parse_schedule(2027, SCHEDULE_2027)
    cal = workdays.Calendar(days={d: (kind == "workday", name) for d, kind, name in days}, years=frozenset({2027}))
    due = workdays.add_working_days(date(2027, 2, 3), 3, "交办之日", cal)
    assert due.date == date(2027, 2, 14)  # Thu 4, Fri 5, then the holiday, then the make-up Sunday
    assert "春节假期" in due.explanation and "2027年2月14日为调休工作日" in due.explanation
    assert "尚未收录" not in due.explanation
    # Without the schedule, 2027 is counted Monday to Friday and the explanation says so.
    plain = workdays.add_working_days(date(2027, 2, 3), 3, "交办之日")
    assert plain.date == date(2027, 2, 8) and "尚未收录" in plain.explanation


@pytest.mark.django_db
def test_entering_a_schedule_moves_open_deadlines_and_records_why(world):
    w = world
    with time_machine.travel(ASSIGNED_ON, tick=False):
        s = advance(w, w.new_draft(), Status.ASSIGNED)
    sign = Deadline.objects.get(suggestion=s, kind="sign", assignment__unit=w.lead_unit)
    assert sign.due_date == date(2027, 2, 8)
    reply_due = Deadline.objects.get(suggestion=s, kind="reply").due_date

    moved = holidays.publish_year(2027, SCHEDULE_2027, notice="国办发明电〔2026〕7号", actor=w.office)

    sign.refresh_from_db()
    assert sign.due_date == date(2027, 2, 14)
    assert "春节假期" in sign.explanation and "尚未收录" not in sign.explanation
    assert Deadline.objects.get(suggestion=s, kind="reply").due_date == reply_due  # 3 May 2027 is unaffected
    assert moved == Deadline.objects.filter(suggestion__in=[s], explanation__contains="春节").count()
    event = Event.objects.get(suggestion=s, name="reschedule_deadlines")
    assert event.actor is None and event.to_status == Status.ASSIGNED
    assert "陈静录入2027年节假日安排（国办发明电〔2026〕7号）" in event.payload["why"]
    assert {"kind": "sign", "from": "2027-02-08", "to": "2027-02-14"} in event.payload["changes"]


@pytest.mark.django_db
def test_deadlines_set_by_hand_or_already_met_are_left_alone(world):
    w = world
    with time_machine.travel(ASSIGNED_ON, tick=False):
        s = advance(w, w.new_draft(), Status.ASSIGNED)
    lead_sign = Deadline.objects.get(suggestion=s, kind="sign", assignment__unit=w.lead_unit)
    co_sign = Deadline.objects.get(suggestion=s, kind="sign", assignment__unit=w.co_unit)
    Deadline.objects.filter(pk=lead_sign.pk).update(due_date=date(2027, 2, 10))  # e.g. an agreed date
    Deadline.objects.filter(pk=co_sign.pk).update(met_at=ASSIGNED_ON)

    holidays.publish_year(2027, SCHEDULE_2027, notice="", actor=w.office)

    assert Deadline.objects.get(pk=lead_sign.pk).due_date == date(2027, 2, 10)
    assert Deadline.objects.get(pk=co_sign.pk).due_date == date(2027, 2, 8)


@pytest.mark.django_db
def test_entering_the_same_schedule_again_moves_nothing(world):
    w = world
    with time_machine.travel(ASSIGNED_ON, tick=False):
        advance(w, w.new_draft(), Status.ASSIGNED)
    assert holidays.publish_year(2027, SCHEDULE_2027, notice="", actor=w.office) > 0
    events = Event.objects.filter(name="reschedule_deadlines").count()
    assert holidays.publish_year(2027, SCHEDULE_2027, notice="", actor=w.office) == 0
    assert Event.objects.filter(name="reschedule_deadlines").count() == events
