"""Demo data for supervision: the previous term's B-class suggestions get their ledger entries.

Called by demo/loader.py after the suggestions exist. Goes through the same steps as a unit
would (record_commitments, report_progress, second_reply), then carries what is still open into
the current term. Repeat-safe: suggestions that already have a ledger are left alone.
"""

import calendar
import re
from datetime import date

from accounts.models import Role, User
from congress.models import Term
from suggestions.models import Assignment
from supervision import actions
from supervision.models import Commitment


def _month_end(text: str, fallback: date) -> date:
    m = re.search(r"(\d{4})年(\d{1,2})月", text)
    if not m:
        return fallback
    year, month = int(m[1]), int(m[2])
    return date(year, month, calendar.monthrange(year, month)[1])


def attach_demo_commitments(b_class_suggestions, commitments_for) -> int:
    """Give the previous term's B-class suggestions (from demo/loader.py) their commitments."""
    done = 0
    for n, s in enumerate(b_class_suggestions):
        if Commitment.objects.filter(suggestion=s).exists():
            continue
        lead = Assignment.objects.filter(suggestion=s, is_active=True, role=Assignment.Role.LEAD).first()
        handler = lead and User.objects.filter(unit_id=lead.unit_id, role=Role.UNIT_HANDLER, is_active=True).first()
        if handler is None:
            continue
        fallback = date(s.session.start_date.year, 12, 31)
        items = [
            {"what": what, "due_date": _month_end(when, fallback), "responsible": f"{lead.unit.short_name}{handler}"}
            for what, when in commitments_for(s)
        ]
        actions.record_commitments(s, actor=handler, commitments=items)
        ledger = list(Commitment.objects.filter(suggestion=s))
        # Most promises of the previous term were kept; some are still being worked on.
        for c in ledger if n % 3 else ledger[:-1]:
            actions.report_progress(s, actor=handler, commitment=c, note="已按答复承诺落实到位。", done=True)
        if n % 2 == 0:
            actions.second_reply(s, actor=handler, body="现将建议办理承诺事项的落实进展向您二次答复如下……")
        done += 1
    terms = list(Term.objects.order_by("number"))
    for older, newer in zip(terms, terms[1:], strict=False):
        actions.carry_over(older, newer)
    return done
