"""Background jobs: plain, repeat-safe functions run by `run_scheduler` (embedded) or RQ workers.

`scan_deadlines` may run any number of times, even twice at once: each automatic reminder is
sent once per deadline, kind (due soon / overdue) and recipient (see actions.remind_automatically).
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from congress.models import Policy
from suggestions import actions as suggestion_actions
from suggestions.models import DUE_SOON_SHARE, Deadline, due_soon_q

from . import people
from .actions import remind_automatically, remind_task
from .models import Inspection, Reminder, ReviewOpinion, TaskAnswer, TaskReminder


def scan_deadlines(today=None) -> int:
    """Send due-soon and overdue reminders for open deadlines. Returns how many were sent."""
    today = today or timezone.localdate()
    # Overdue, or due soon relative to the length of its step (suggestions.models.due_soon_q).
    due = list(
        Deadline.objects.open()
        .filter(Q(due_date__lt=today) | due_soon_q(today, Policy.current().due_soon_days))
        .select_related("suggestion", "assignment__unit")
    )
    had = set(
        Reminder.objects.filter(deadline__in=[d.pk for d in due]).values_list("deadline_id", "kind", "recipient_id")
    )
    staff_cache: dict = {}
    sent = 0
    for d in due:
        kind = Reminder.Kind.OVERDUE if d.due_date < today else Reminder.Kind.DUE_SOON
        key = (d.kind, d.assignment_id or d.suggestion_id)
        if key not in staff_cache:
            staff_cache[key] = people.responsible_for(d)
        recipients = staff_cache[key]
        if all((d.pk, kind, u.pk) in had for u in recipients):
            continue  # the cheap check; remind_automatically checks again under the lock
        sent += remind_automatically(d, kind, recipients)
    return sent + scan_unit_tasks(today)


def task_due_soon(task, today, soon_days: int) -> bool:
    """The rule of `suggestions.models.due_soon_q` for a task: its start is the day it was sent."""
    left, length = (task.due_date - today).days, (task.due_date - timezone.localdate(task.created_at)).days
    return 0 <= left <= soon_days and left * DUE_SOON_SHARE <= length


def scan_unit_tasks(today=None) -> int:
    """Remind the units that have not answered an inspection or a review opinion due soon or overdue.

    Repeat-safe like the deadline scan: each kind once per task and person (`TaskReminder`).
    """
    today = today or timezone.localdate()
    soon = Policy.current().due_soon_days
    sent = 0
    for model in (Inspection, ReviewOpinion):
        kind_field = "inspection" if model is Inspection else "review_opinion"
        # Tasks not yet answered by every unit, due within the longest due-soon window or past due.
        tasks = model.objects.filter(due_date__lte=today + timedelta(days=soon)).prefetch_related("units")
        answered = set(TaskAnswer.objects.filter(**{f"{kind_field}__in": tasks}).values_list(kind_field, "unit_id"))
        had = set(
            TaskReminder.objects.filter(**{f"{kind_field}__in": tasks}).values_list(kind_field, "recipient_id", "kind")
        )
        for task in tasks:
            if task.due_date < today:
                kind = Reminder.Kind.OVERDUE
            elif task_due_soon(task, today, soon):
                kind = Reminder.Kind.DUE_SOON
            else:
                continue
            for unit in task.units.all():
                if (task.pk, unit.pk) in answered:
                    continue
                staff = people.unit_staff([unit.pk])
                if all((task.pk, u.pk, kind) in had for u in staff):
                    continue  # the cheap check; remind_task checks again under the lock
                sent += remind_task(task, unit.pk, kind, staff)
    return sent


def run_periodic(today=None) -> dict[str, int]:
    """Everything the scheduler does on each tick."""
    return {
        "reminders": scan_deadlines(today),
        "ratings_closed": suggestion_actions.close_lapsed_ratings(today),
    }
