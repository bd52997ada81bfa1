"""The parcel-tracking view of a suggestion: eight stages, each done, current or still to come."""

from dataclasses import dataclass
from datetime import datetime

from suggestions.models import Status, Suggestion

LABELS = ["提交", "审查立案", "交办", "签收", "办理", "答复", "评价", "办结"]

# Which stage a suggestion in this state is at (index into LABELS); len(LABELS): all done.
CURRENT = {
    Status.DRAFT: 0,
    Status.RETURNED: 0,
    Status.SUBMITTED: 1,
    Status.REGISTERED: 2,
    Status.ASSIGNED: 3,
    Status.HANDLING: 4,
    Status.REHANDLING: 4,
    Status.REPLIED: 6,
    Status.CLOSED: 8,
}


@dataclass
class Stage:
    label: str
    state: str  # done, current, todo, stopped
    at: datetime | None = None
    note: str = ""


def stages_for(s: Suggestion, assignments, my_evals) -> tuple[list[Stage], int]:
    lead = next((a for a in assignments if a.is_active and a.role == "lead"), None)
    last_eval = my_evals.get(s.reply_round)
    dates = [
        (s.submitted_at, ""),
        (s.registered_at, s.display_number if s.number else ""),
        (s.assigned_at, lead.unit.short_name if lead else ""),
        (lead.signed_at if lead else None, lead.unit.short_name if lead and lead.signed_at else ""),
        (None, "重新办理" if s.status == Status.REHANDLING else ""),
        (s.replied_at, s.category.name if s.category_id else ""),
        (last_eval.created_at if last_eval else None, last_eval.get_result_display() if last_eval else ""),
        (s.closed_at, s.get_rating_display() if s.rating else ""),
    ]
    current = CURRENT.get(s.status)
    stages = []
    for i, (label, (at, note)) in enumerate(zip(LABELS, dates, strict=True)):
        if current is None:  # merged, not a suggestion, withdrawn: stopped where it was
            state = "done" if at else "todo"
        elif i < current:
            state = "done"
        elif i == current:
            state = "current"
        else:
            state = "todo"
        stages.append(Stage(label, state, at, note))
    if current is None:
        stopped = next((i for i in range(len(stages) - 1, -1, -1) if stages[i].state == "done"), 0)
        stages[min(stopped + 1, len(stages) - 1)].state = "stopped"
        current = stopped
    return stages, current
