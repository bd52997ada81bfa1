"""Due-date arithmetic on China's statutory calendar, with a human-readable explanation.

Working days come from chinese-calendar, which knows the State Council's holidays and make-up
working weekends (调休) for the years it covers. For a year it does not yet cover we count
Monday to Friday and say so in the explanation, rather than refusing to compute a due date.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from dateutil.relativedelta import relativedelta

HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}
# Holidays whose dates never move, used for years the calendar does not cover yet.
FIXED_HOLIDAYS = {(1, 1): "元旦", (5, 1): "劳动节", (10, 1): "国庆节", (10, 2): "国庆节", (10, 3): "国庆节"}


@dataclass(frozen=True)
class Due:
    date: date
    explanation: str


def fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Calendar:
    """The statutory calendar, with the years the office has entered itself (congress.calendar).

    For an entered year its listed days are the whole truth (holidays off, make-up days worked,
    other weekdays worked); other years come from chinese-calendar, and years neither covers count
    Monday to Friday plus the fixed-date holidays.
    """

    days: dict = field(default_factory=dict)  # date -> (is a working day, holiday name)
    years: frozenset = frozenset()

    def is_workday(self, d: date) -> tuple[bool, bool]:
        """(is a working day, known from a published schedule)."""
        if d.year in self.years:
            return self.days.get(d, (d.weekday() < 5, ""))[0], True
        try:
            return chinese_calendar.is_workday(d), True
        except NotImplementedError:
            return d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS, False

    def is_holiday(self, d: date, known: bool) -> bool:
        if d.year in self.years:
            workday, name = self.days.get(d, (True, ""))
            return not workday and bool(name)
        if not known:
            return (d.month, d.day) in FIXED_HOLIDAYS
        on_holiday, name = chinese_calendar.get_holiday_detail(d)
        return bool(on_holiday and name)

    def holiday_name(self, d: date, known: bool) -> str:
        if d.year in self.years:
            return self.days.get(d, (False, ""))[1] or "法定节假日"
        if not known:
            return FIXED_HOLIDAYS[(d.month, d.day)]
        _, name = chinese_calendar.get_holiday_detail(d)
        return HOLIDAY_NAMES.get(name, name or "法定节假日")


STATUTORY = Calendar()


WEEKDAY_NAMES = "一二三四五六日"


def add_months(start: date, months: int, what: str = "", cal: Calendar = STATUTORY) -> Due:
    """Calendar months; the 31st plus one month is the last day of the shorter month.

    A period whose last day is a rest day or a statutory holiday ends on the next working day
    (民法典 art. 203), so a reply due on 1 October is due when the National Day holiday is over.
    """
    end = start + relativedelta(months=months)
    text = f"自{what}{fmt(start)}起{months}个月，至{fmt(end)}"
    workday, known = cal.is_workday(end)
    if workday:
        return Due(end, text + "。")
    if cal.is_holiday(end, known):
        why = cal.holiday_name(end, known) + "假期"
    else:
        why = f"星期{WEEKDAY_NAMES[end.weekday()]}（休息日）"
    rolled = end
    while not cal.is_workday(rolled)[0]:
        rolled += timedelta(days=1)
    text += f"；该日为{why}，依民法典第二百零三条顺延至其后第一个工作日{fmt(rolled)}"
    if not (known and cal.is_workday(rolled)[1]):
        text += f"；{rolled.year}年法定节假日安排尚未收录，暂按周一至周五及元旦、劳动节、国庆节固定假日计算"
    return Due(rolled, text + "。")


def add_days(start: date, days: int, what: str = "") -> Due:
    end = start + timedelta(days=days)
    return Due(end, f"自{what}{fmt(start)}起{days}天，至{fmt(end)}。")


def add_working_days(start: date, days: int, what: str = "", cal: Calendar = STATUTORY) -> Due:
    """The `days`-th working day after `start` (the start day itself does not count)."""
    d, counted = start, 0
    holidays: dict[str, list[date]] = {}
    makeup: list[date] = []
    unknown_years: set[int] = set()
    while counted < days:
        d += timedelta(days=1)
        workday, known = cal.is_workday(d)
        if not known:
            unknown_years.add(d.year)
        if workday:
            counted += 1
            if d.weekday() >= 5:
                makeup.append(d)
        elif d.weekday() < 5:
            holidays.setdefault(cal.holiday_name(d, known), []).append(d)
    parts = [f"自{what}{fmt(start)}起{days}个工作日，至{fmt(d)}"]
    for name, days_off in holidays.items():
        parts.append(f"其间{name}假期{_span(days_off)}不计")
    if makeup:
        parts.append("、".join(fmt(m) for m in makeup) + "为调休工作日，计入")
    if unknown_years:
        years = "、".join(f"{y}年" for y in sorted(unknown_years))
        parts.append(f"{years}法定节假日安排尚未收录，暂按周一至周五及元旦、劳动节、国庆节固定假日计算")
    return Due(d, "；".join(parts) + "。")


def _span(days: list[date]) -> str:
    if len(days) == 1:
        return fmt(days[0])
    return f"{fmt(days[0])}至{fmt(days[-1])}（{len(days)}个工作日）"
