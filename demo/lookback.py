"""Demo data for filing (备案) and the look-back (回头看) campaign.

Called once by demo/loader.py after the previous term's ledger (demo/supervision.py) exists. The
replies were filed as they were sent (the `send_reply` step files them with the bodies of the data
migration); here the bodies acknowledge most of them, through the `acknowledge_filing` step, and
the office runs the previous term's end-of-term look-back: the four checks per unit recorded with
findings, redo items set, some done, some left overdue. Deterministic: rows are taken in the order
of their suggestions' numbers, never by id.
"""

from datetime import date, datetime, timedelta

import time_machine

from accounts.models import Role, User
from congress.models import Term
from supervision import filing, lookbacks
from supervision.models import Filing, FilingBody, RedoItem

INSPECTION_OFFICE = "河南省人民政府督查室"


def _acknowledge(cutoff: datetime, at: datetime) -> int:
    """The office acknowledges what was filed before `cutoff`; the inspection office two in three."""
    office = User.objects.get(username="office")
    inspector = User.objects.get(username="supervisor2")
    body = FilingBody.objects.filter(name=INSPECTION_OFFICE).first()
    if body is not None:
        body.members.add(inspector)
    filings = (
        Filing.objects.filter(acknowledged_at__isnull=True, filed_at__lt=cutoff)
        .select_related("suggestion", "body", "reply")
        .order_by(
            "suggestion__session__start_date", "suggestion__period", "suggestion__number", "reply__round", "body__order"
        )
    )
    by_office, by_inspector = [], []
    for i, f in enumerate(filings):
        if f.body.role == Role.OFFICE:
            by_office.append(f)
        elif f.body_id == getattr(body, "pk", None) and i % 3:
            by_inspector.append(f)
    # Each acknowledges their whole backlog at once (the bulk form of the `acknowledge_filing` step).
    with time_machine.travel(at.timestamp(), tick=False):
        return sum(
            filing.acknowledge_many(mine, actor=who, note="已收悉备案。")
            for who, mine in ((office, by_office), (inspector, by_inspector))
        )


FINDINGS = {
    "ledger_kept": "个别B类建议未及时登记办理承诺，台账不完整。",
    "promises_done": "部分承诺事项到期未落实，未说明原因。",
    "follow_up_continuous": "需持续推进的事项缺少跟踪记录。",
    "second_reply_given": "办理进展未向代表二次答复。",
}


def _campaign(term: Term, year: int, opened: datetime) -> int:
    office = User.objects.get(username="office")
    with time_machine.travel(opened.timestamp(), tick=False):
        campaign = lookbacks.open_campaign(
            actor=office,
            term=term,
            year=year,
            title=f"{term.name}省人大代表B类建议届末“回头看”",
            note=f"对照“四看”“四不放过”，逐件检查{term.start_date.year}以来B类建议的承诺落实情况。",
        )
    items = 0
    for n, lb in enumerate(campaign.lookbacks.select_related("unit").order_by("unit__name")):
        with time_machine.travel((opened + timedelta(days=3 + n % 5)).timestamp(), tick=False):
            if n % 4 == 3:
                continue  # a few units are still to be checked
            failing = [check for check, _, _ in lookbacks.CHECKS if not lb.facts.get(check)]
            values = {check: check not in failing for check, _, _ in lookbacks.CHECKS}
            findings = {
                finding: getattr(lb, finding) + FINDINGS[check]
                for check, finding, _ in lookbacks.CHECKS
                if check in failing
            }
            lookbacks.record_checks(actor=office, lookback=lb, **values, **findings)
            for k, check in enumerate(failing[:2]):
                lookbacks.add_redo_item(
                    actor=office,
                    lookback=lb,
                    aspect=check,
                    what=f"{RedoItem.Check(check).label[3:]}：{FINDINGS[check]}请逐项整改并报送整改情况。",
                    responsible=f"{lb.unit.short_name}办公室",
                    due_date=date(year + 1, 3 + 3 * k, 31 if k == 0 else 30),
                )
                items += 1
    # Units report about half of the redo items done; the rest stay open, long past due by now.
    handlers = {u.unit_id: u for u in User.objects.filter(role=Role.UNIT_HANDLER).order_by("username")}
    done_at = opened + timedelta(days=60)
    open_items = RedoItem.objects.filter(lookback__campaign=campaign).select_related("lookback__unit")
    with time_machine.travel(done_at.timestamp(), tick=False):
        for n, item in enumerate(open_items.order_by("lookback__unit__name", "due_date", "aspect")):
            handler = handlers.get(item.lookback.unit_id)
            if handler and n % 2 == 0:
                lookbacks.complete_redo_item(actor=handler, item=item, note="已完成整改，补充台账并向代表作了说明。")
    return items


def load(*, as_of: datetime, review: datetime) -> dict:
    """Acknowledge filings as of `as_of`; run the previous term's look-back opened at `review`."""
    acknowledged = _acknowledge(as_of - timedelta(days=20), as_of)
    previous = Term.objects.order_by("number").first()
    redo = 0
    if previous is not None and previous.end_date:
        redo = _campaign(previous, previous.end_date.year, review)
    return {"acknowledged": acknowledged, "redo_items": redo}
