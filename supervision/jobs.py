"""Background jobs: plain, repeat-safe functions run by `run_scheduler` (embedded) or RQ workers.

`scan_deadlines` may run any number of times, even twice at once: each automatic reminder is
sent once per deadline, kind (due soon / overdue) and recipient (see actions.remind_automatically).
"""

from django.db.models import Q
from django.utils import timezone

from congress.models import Policy
from suggestions import actions as suggestion_actions
from suggestions.models import Deadline, due_soon_q

from . import people
from .actions import remind_automatically
from .models import Reminder


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
    return sent


def run_periodic(today=None) -> dict[str, int]:
    """Everything the scheduler does on each tick."""
    return {
        "reminders": scan_deadlines(today),
        "ratings_closed": suggestion_actions.close_lapsed_ratings(today),
    }
