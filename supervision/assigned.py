"""Assignment notifications (交办通知): a unit is told what it was newly given to sign for, and by when.

`notify_assigned` is an effect (`suggestions.actions.add_effect`, registered in apps.py) of every step
that gives a suggestion to a unit: `assign` (one suggestion, or a whole batch from `assign_many` /
`assign_groups`), a granted `decide_reassignment`, `add_co_unit` and `swap_lead`. It runs in the step's
transaction; delivery by email and SMS follows on commit (`notify.post`).

Each handler and leader of a unit gets one notification per write: for one suggestion it names it;
for a batch it is a digest (“省教育厅：新交办建议 N 件（主办 x 件，协办 y 件），请于…前签收”). The
queries are a fixed few however many suggestions a batch holds: the units' people, and one sign-for
deadline per unit. A decision of a coordination meeting is left to the meeting, whose `apply`
already tells every unit concerned.
"""

from collections import defaultdict

from django.db.models import Min

from congress.workdays import fmt
from suggestions.actions import Step
from suggestions.models import Assignment, Deadline

from . import people
from .models import Notification
from .notify import post

LISTED = 30  # suggestion numbers named in a digest


def notify_assigned(steps: list[Step]) -> None:
    made = [a for st in steps if "meeting_id" not in st.payload for a in st.assigned]
    if not made:
        return
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for a in made:
        by_unit[a.unit_id].append(a)
    # Every assignment of one write starts the same day, so one row per unit tells its sign-for date.
    due = dict(
        Deadline.objects.filter(assignment_id__in=[group[0].pk for group in by_unit.values()], kind=Deadline.Kind.SIGN)
        .values_list("assignment__unit_id")
        .annotate(first=Min("due_date"))
    )
    staff: dict[int, list] = defaultdict(list)
    for user in people.unit_staff(by_unit):
        staff[user.unit_id].append(user)
    rows = []
    for unit_id, assignments in by_unit.items():
        title, body, suggestion = _message(assignments, due.get(unit_id))
        rows += [
            Notification(
                recipient=user, suggestion=suggestion, kind=Notification.Kind.NEW_ASSIGNMENT, title=title, body=body
            )
            for user in staff[unit_id]
        ]
    post(rows)


def _message(assignments: list[Assignment], due) -> tuple[str, str, object]:
    """Title, body and suggestion of one unit's notification."""
    unit = assignments[0].unit.short_name or assignments[0].unit.name
    by_when = f"请于{fmt(due)}前签收" if due else "请及时签收"
    if len(assignments) == 1:
        a = assignments[0]
        s = a.suggestion
        return f"新交办建议：{s.display_number}“{s.title}”", f"{unit}{a.get_role_display()}此建议，{by_when}。", s
    lead = sum(a.role == Assignment.Role.LEAD for a in assignments)
    co = len(assignments) - lead
    parts = "，".join(f"{label} {n} 件" for label, n in (("主办", lead), ("协办", co)) if n)
    title = f"{unit}：新交办建议 {len(assignments)} 件（{parts}），{by_when}"
    listed = sorted(assignments, key=lambda a: (a.suggestion.period, a.suggestion.number or 0))[:LISTED]
    numbers = "、".join(a.suggestion.display_number for a in listed)
    more = f"等 {len(assignments)} 件" if len(assignments) > LISTED else ""
    return title, f"{numbers}{more}。请在“待签收”中逐件签收。", None
