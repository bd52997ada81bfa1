"""Due dates on the statutory calendar: working-day windows across holidays and make-up days,
replies in calendar months (6 for complex suggestions), each with an explanation naming the holidays."""

import datetime as dt

import pytest
import time_machine

from tests.core.scenarios import act, get
from tests.world import advance

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def assign_on(world, api, day, *, is_complex=False):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False):
        s = advance(world, world.new_draft(), "registered")
        data = {"lead_unit": world.lead_unit.pk, "co_units": [world.co_unit.pk], "is_complex": is_complex}
        act(api(world.office), s.pk, "assign", data)
    due = get(api(world.office), s.pk)["due_dates"]
    return {d["kind"]: d for d in due if d["unit"] == "省教育厅"}


@pytest.mark.parametrize(
    "assigned, sign, window, holiday, makeup",
    [
        # 2024: 春节 10–17 Feb, make-up Sundays 4 and 18 Feb.
        (dt.date(2024, 2, 8), "2024-02-19", "2024-02-21", "春节", "2024年2月18日为调休工作日"),
        # 2025: 春节 28 Jan – 4 Feb, make-up Sunday 26 Jan.
        (dt.date(2025, 1, 24), "2025-02-05", "2025-02-07", "春节", "2025年1月26日为调休工作日"),
        # 2025: 国庆节 and 中秋 1–8 Oct, make-up Sunday 28 Sep.
        (dt.date(2025, 9, 25), "2025-09-29", "2025-10-09", "国庆节", "2025年9月28日为调休工作日"),
    ],
)
def test_working_day_windows_skip_holidays_and_count_make_up_days(world, api, assigned, sign, window, holiday, makeup):
    due = assign_on(world, api, assigned)
    assert due["sign"]["due_date"] == sign
    assert due["reassign_window"]["due_date"] == window
    text = due["reassign_window"]["explanation"]
    assert text.startswith("省教育厅申请改办期限：自交办之日") and makeup in text and holiday in text


def test_reply_is_due_in_three_months(world, api):
    due = assign_on(world, api, dt.date(2024, 2, 8))
    assert due["reply"]["due_date"] == "2024-05-08"
    assert due["reply"]["explanation"] == "省教育厅答复期限：自交办之日2024年2月8日起3个月，至2024年5月8日。"


def test_complex_reply_due_on_national_day_moves_past_the_holiday(world, api):
    due = assign_on(world, api, dt.date(2025, 4, 1), is_complex=True)
    assert "reply" not in due
    assert due["reply_complex"]["due_date"] == "2025-10-09"
    assert "6个月，至2025年10月1日" in due["reply_complex"]["explanation"]
    assert "国庆节假期" in due["reply_complex"]["explanation"]


def test_reply_due_in_spring_festival_moves_past_it(world, api):
    due = assign_on(world, api, dt.date(2024, 10, 29))
    assert due["reply"]["due_date"] == "2025-02-05"
    assert "春节假期" in due["reply"]["explanation"]


def test_marking_complex_later_extends_from_the_assignment_day(world, api):
    due = assign_on(world, api, dt.date(2025, 3, 3))
    sid = world.lead_unit.assignments.get().suggestion_id
    detail = act(api(world.office), sid, "mark_complex", {"note": "涉及多部门"})
    reply = [d for d in detail["due_dates"] if d["kind"].startswith("reply")]
    assert {(d["kind"], d["due_date"], d["cancelled"]) for d in reply} == {
        ("reply", due["reply"]["due_date"], True),
        ("reply_complex", "2025-09-03", False),
    }
    act(api(world.office), sid, "mark_complex", expect=409)


def test_years_the_calendar_does_not_cover_fall_back_with_a_note(world, api):
    due = assign_on(world, api, dt.date(2027, 9, 29))
    # 30 Sep (Thu); 1 Oct (Fri) is a fixed holiday; the weekend; Monday 4 and Tuesday 5 Oct.
    assert due["sign"]["due_date"] == "2027-10-05"
    assert "2027年法定节假日安排尚未收录" in due["sign"]["explanation"]
    assert "国庆节假期2027年10月1日不计" in due["sign"]["explanation"]
