"""The office enters a year's holiday schedule; every open deadline it moves is recomputed.

One transaction: the schedule is replaced, and each suggestion whose open deadlines move gets a
`reschedule_deadlines` step (its Event says who entered which schedule, and each date's change).
"""

from datetime import date
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from congress import calendar
from congress.models import CalendarDay, CalendarYear

from . import actions, deadlines
from .models import Suggestion


def publish_year(year: int, text: str, *, notice: str, actor: User) -> int:
    """Replace `year`'s schedule with the one in `text`; returns how many open deadlines moved.

    Raises django.core.exceptions.ValidationError (nothing written) when a line cannot be read.
    """
    entries = calendar.parse_schedule(year, text)
    span = (date(year - 2, 1, 1), date(year + 2, 12, 31))
    with transaction.atomic():
        old = calendar.load(*span)
        entered, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"notice": notice, "entered_by": actor, "entered_at": timezone.now()}
        )
        entered.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(year=entered, date=d, kind=kind, name=name) for d, kind, name in entries
        )
        moves = deadlines.affected_by(old, calendar.load(*span), year)
        why = f"{actor.get_full_name() or actor.username}录入{year}年节假日安排" + (f"（{notice}）" if notice else "")
        for suggestion_id, group in groupby(moves, key=lambda move: move[0].suggestion_id):
            actions.reschedule_deadlines(Suggestion(pk=suggestion_id), moves=list(group), why=why)
    return len(moves)
