"""Guards the supervision app puts on rows of `workflow.TRANSITIONS` (registered in `apps.py`).

Each returns None when the step may go ahead, or the reason, in Chinese, why not yet: the pages and
the API's `available_actions` show it instead of offering a button the server would refuse.
"""

from django.db.models import Count, Q

from suggestions.workflow import Context

from .filing import filing_pending
from .models import Commitment, ExtensionRequest

REPLY_KINDS = ("reply", "reply_complex", "re_reply")


def commitments_fulfilled(ctx: Context) -> str | None:
    """销号 only once every commitment of the ledger is done."""
    counts = (
        Commitment.objects.current()
        .filter(suggestion=ctx.suggestion)
        .aggregate(total=Count("pk"), open=Count("pk", filter=Q(status=Commitment.Status.OPEN)))
    )
    if not counts["total"]:
        return "该建议尚未登记办理承诺"
    if counts["open"]:
        return f"尚有{counts['open']}项承诺未落实，不能销号"
    return None


def extension_pending(ctx: Context) -> str | None:
    pending = ExtensionRequest.objects.filter(suggestion=ctx.suggestion, decision=ExtensionRequest.Decision.PENDING)
    return None if pending.exists() else "没有待审批的延期申请"


def no_extension_pending(ctx: Context) -> str | None:
    pending = ExtensionRequest.objects.filter(suggestion=ctx.suggestion, decision=ExtensionRequest.Decision.PENDING)
    return "已有待审批的延期申请" if pending.exists() else None


GUARDS = {
    "convert_to_a": [commitments_fulfilled],
    "request_extension": [no_extension_pending],
    "decide_extension": [extension_pending],
    "acknowledge_filing": [filing_pending],
}
