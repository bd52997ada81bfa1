"""The holiday calendar as data the office keeps: parsing a year's schedule, loading the calendar.

chinese-calendar knows the State Council's schedules up to the year its release was made; each
December the State Council publishes the next year's (holidays and make-up working days, 调休),
and the office enters it here instead of waiting for a new release.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError

from . import reference, workdays
from .models import CalendarDay, CalendarYear

WORKDAY_WORDS = ("上班", "调休上班", "补班")
_DATE = r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?"
_LINE = re.compile(rf"^\s*(\S+?)\s*[:：]?\s*{_DATE}(?:\s*(?:至|到|~|～|-|—)\s*{_DATE})?\s*$")


def parse_schedule(year: int, text: str) -> list[tuple[date, str, str]]:
    """Lines like ``春节 2027-02-06 至 2027-02-13`` (days off) and ``上班 2027-02-14`` (make-up days).

    Returns (date, kind, name) for every day; raises ValidationError naming each bad line.
    """
    days: dict[date, tuple[str, str]] = {}
    errors = []
    current_holiday = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw.replace("　", " "))
        if not match:
            errors.append(f"第{number}行格式不对：应为“春节 2027-02-06 至 2027-02-13”或“上班 2027-02-14”")
            continue
        name, *parts = match.groups()
        try:
            first = date(int(parts[0]), int(parts[1]), int(parts[2]))
            last = date(int(parts[3]), int(parts[4]), int(parts[5])) if parts[3] else first
        except ValueError:
            errors.append(f"第{number}行日期不存在")
            continue
        if last < first or (last - first).days > 15:
            errors.append(f"第{number}行日期区间不对（结束早于开始，或超过15天）")
            continue
        if abs(first.year - year) > 1 or (first.year != year and last.year != year):
            errors.append(f"第{number}行日期不在{year}年")
            continue
        is_workday = name in WORKDAY_WORDS
        if not is_workday:
            current_holiday = name
        d = first
        while d <= last:
            if d in days:
                errors.append(f"第{number}行的{workdays.fmt(d)}与前面的行重复")
            days[d] = (
                (CalendarDay.Kind.WORKDAY, current_holiday or "调休")
                if is_workday
                else (
                    CalendarDay.Kind.HOLIDAY,
                    name,
                )
            )
            d += timedelta(days=1)
    if errors:
        raise ValidationError(errors)
    if not any(kind == CalendarDay.Kind.HOLIDAY for kind, _ in days.values()):
        raise ValidationError("至少要有一个放假日期")
    return [(d, kind, name) for d, (kind, name) in sorted(days.items())]


def load(start: date, end: date | None = None) -> workdays.Calendar:
    """The calendar for due dates from ``start``: the office's entered years among those it may reach."""
    last_year = (end or start + timedelta(days=400)).year
    return reference.read(("calendar", start.year, last_year), lambda: _load(start.year, last_year))


def _load(first_year: int, last_year: int) -> workdays.Calendar:
    years = frozenset(
        CalendarYear.objects.filter(year__gte=first_year - 1, year__lte=last_year).values_list("year", flat=True)
    )
    if not years:
        return workdays.STATUTORY
    days = {
        d: (kind == CalendarDay.Kind.WORKDAY, name)
        for d, kind, name in CalendarDay.objects.filter(year__year__in=years).values_list("date", "kind", "name")
    }
    return workdays.Calendar(days=days, years=years)


def schedule_text(year: CalendarYear) -> str:
    """The entered schedule, in the form `parse_schedule` reads, for editing it again."""
    lines, run = [], []
    for day in year.days.order_by("date"):
        if (
            run
            and (day.kind, day.name) == (run[-1].kind, run[-1].name)
            and day.date - run[-1].date == timedelta(days=1)
        ):
            run.append(day)
            continue
        if run:
            lines.append(_line(run))
        run = [day]
    if run:
        lines.append(_line(run))
    return "\n".join(lines)


def _line(run) -> str:
    name = "上班" if run[0].kind == CalendarDay.Kind.WORKDAY else run[0].name
    if len(run) == 1:
        return f"{name} {run[0].date.isoformat()}"
    return f"{name} {run[0].date.isoformat()} 至 {run[-1].date.isoformat()}"
