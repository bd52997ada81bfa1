"""A small hand-counted session for the statistics tests.

| s  | stage      | lead unit    | category | rating / evaluations        | notes                    |
|----|------------|--------------|----------|-----------------------------|--------------------------|
| s1 | closed     | 省教育厅     | A        | satisfied                   |                          |
| s2 | closed     | 省教育厅     | B        | basic                       |                          |
| s3 | replied    | 省教育厅     | C        | none yet                    | reply deadline missed    |
| s4 | handling   | 省教育厅     | -        | -                           | contact recorded         |
| s5 | registered | -            | -        | -                           |                          |
| s6 | submitted  | -            | -        | -                           |                          |
| s7 | assigned   | 省交通运输厅 | -        | -                           | no contact               |
| s8 | rehandling | 省教育厅     | A        | one 不满意 (then re-handled) |                          |
"""

from datetime import timedelta

from django.utils import timezone

from suggestions import actions, derived
from suggestions.models import Deadline, Status
from tests.world import advance


def build_session(w):
    s = {i: w.new_draft(title=f"建议{i}") for i in range(1, 9)}
    advance(w, s[1], Status.CLOSED, category="A")
    advance(w, s[2], Status.REPLIED, category="B")
    actions.rate(s[2], actor=w.deputy, result="basic", attitude="satisfied")
    s[2].refresh_from_db()
    advance(w, s[3], Status.REPLIED, category="C")
    Deadline.objects.filter(suggestion=s[3], kind="reply").update(due_date=timezone.localdate() - timedelta(days=1))
    derived.update_for(s[3])  # the edit above bypasses the write path that keeps the figures
    advance(w, s[4], Status.HANDLING)
    advance(w, s[5], Status.REGISTERED)
    advance(w, s[6], Status.SUBMITTED)
    advance(w, s[7], Status.REGISTERED)
    actions.assign(s[7], actor=w.office, lead_unit=w.other_unit)
    advance(w, s[8], Status.REPLIED, category="A")
    actions.rate(s[8], actor=w.deputy, result="unsatisfied", attitude="basic")
    for x in s.values():
        x.refresh_from_db()
    return s
