"""Filing (备案): every reply sent is filed with the filing bodies, which acknowledge it.

`file_reply` is an effect of the `send_reply` step (registered in apps.py with
`suggestions.actions.add_effect`): it runs inside that step's transaction, so a reply is never
sent without its filings, and the send event names the bodies it was filed with.
`acknowledge_filing` is a step of its own (a row of `workflow.TRANSITIONS`), so each
acknowledgement is an Event on the suggestion's timeline and moves the 备案确认率 figure.
"""

from django.db.models import QuerySet

from suggestions.actions import Step, step, steps_in_place
from suggestions.errors import Conflict, PermissionDenied
from suggestions.models import Event, Reply
from suggestions.workflow import Context

from .models import Filing, FilingBody


def file_reply(steps: list[Step]) -> None:
    """File the reply `send_reply` just sent with every active filing body."""
    bodies = list(FilingBody.objects.filter(is_active=True))
    for st in steps:  # send_reply is a step of its own: one at a time
        s = st.suggestion
        reply = Reply.objects.get(suggestion=s, round=s.reply_round, stage=Reply.Stage.SENT)
        Filing.objects.bulk_create(
            Filing(suggestion=s, reply=reply, body=b, unit_id=reply.unit_id, filed_at=st.event.at) for b in bodies
        )
        st.payload["filed_with"] = [b.name for b in bodies]


def filings_for(user) -> QuerySet[Filing]:
    """The filings a person reads: a body's people those of their bodies, a unit its own replies'."""
    qs = Filing.objects.select_related("suggestion", "reply__category", "body", "unit", "acknowledged_by")
    if user.is_unit_staff:
        return qs.filter(unit_id=user.unit_id)
    return qs.filter(body__in=FilingBody.objects.of_user(user))


def pending_for(user, suggestion) -> QuerySet[Filing]:
    return Filing.objects.filter(
        suggestion=suggestion, acknowledged_at__isnull=True, body__in=FilingBody.objects.of_user(user)
    )


def filing_pending(ctx: Context) -> str | None:
    """Guard of `acknowledge_filing`: a filing of this suggestion waits for one of the user's bodies."""
    if ctx.user is None or not pending_for(ctx.user, ctx.suggestion).exists():
        return "没有待您确认的备案"
    return None


def acknowledge_filing(suggestion, *, actor, filing: Filing, note="") -> Event:
    with step(suggestion, "acknowledge_filing", actor=actor) as st:
        if (
            filing.suggestion_id != st.suggestion.pk
            or not FilingBody.objects.of_user(actor).filter(pk=filing.body_id).exists()
        ):
            raise PermissionDenied("该备案不属于您所在的备案机关")
        claimed = Filing.objects.filter(pk=filing.pk, acknowledged_at__isnull=True).update(
            acknowledged_by=actor, acknowledged_at=st.event.at, note=note
        )
        if claimed != 1:
            raise Conflict("该备案已确认")
        st.payload.update(filing=filing.pk, body=filing.body.name, round=filing.reply.round, note=note)
    return st.event


def acknowledge_many(filings, *, actor, note="") -> int:
    """The bulk form of `acknowledge_filing` for one person's backlog: one `steps_in_place` write (each
    suggestion's checks as the step's, one UPDATE of the filings, an event per filing, the same payload),
    all or nothing. The filings come with their body and reply (`select_related`)."""
    filings = list(filings)
    if not filings:
        return 0
    mine = set(FilingBody.objects.of_user(actor).values_list("pk", flat=True))
    with steps_in_place([f.suggestion_id for f in filings], "acknowledge_filing", actor=actor) as batch:
        for f in filings:
            if f.body_id not in mine:
                raise PermissionDenied("该备案不属于您所在的备案机关")
            st = batch.take(f.suggestion_id)
            if st is None:
                raise Conflict("没有待您确认的备案")
            st.payload.update(filing=f.pk, body=f.body.name, round=f.reply.round, note=note)
        claimed = Filing.objects.filter(pk__in=[f.pk for f in filings], acknowledged_at__isnull=True).update(
            acknowledged_by=actor, acknowledged_at=batch.now, note=note
        )
        if claimed != len(filings):
            raise Conflict("该备案已确认")
    return claimed
