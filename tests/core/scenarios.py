"""Shared helpers for the core tests: HTTP shortcuts, a before/after snapshot, and situations.

A situation is a named builder that puts one suggestion in a given state (a status, and for some
steps a sub-state such as "a reply awaiting review"). The matrix tests iterate the lifecycle table
and ask for a situation per state; add one here when a new status or step needs it.
"""

from django.utils import timezone

from congress.models import Session
from suggestions import actions
from suggestions.models import (
    Assignment,
    Deadline,
    Evaluation,
    Event,
    HandlingRecord,
    NumberSeries,
    ReassignmentRequest,
    Reply,
    Status,
    Suggestion,
    SuggestionDeputy,
)
from tests.world import World, advance, pass_review

PERSONAS = [
    "deputy",
    "cosigner",
    "cosigner2",
    "outsider",
    "office",
    "handler",
    "leader",
    "co_handler",
    "other_handler",
    "supervisor",
]


def url(sid, step=None):
    return f"/api/v1/suggestions/{sid}/" + (f"actions/{step}/" if step else "")


def act(client, sid, step, data=None, *, format="json", expect=200):
    response = client.post(url(sid, step), data or {}, format=format)
    assert response.status_code == expect, (step, response.status_code, response.content.decode())
    return response.json() if response.content else None


def get(client, sid, expect=200):
    response = client.get(url(sid))
    assert response.status_code == expect, response.content.decode()
    return response.json()


def snapshot(pk) -> tuple:
    """Everything a step could change about one suggestion, and the global counters it could bump."""
    s = Suggestion.objects.get(pk=pk)
    return (
        s.status,
        s.version,
        s.number,
        s.is_complex,
        s.reply_round,
        s.rating,
        s.events.count(),
        Event.objects.count(),
        Suggestion.objects.count(),
        list(SuggestionDeputy.objects.filter(suggestion=s).values_list("deputy_id", "role", "confirmed_at")),
        list(Assignment.objects.filter(suggestion=s).values_list("unit_id", "is_active", "signed_at")),
        list(Reply.objects.filter(suggestion=s).values_list("round", "stage", "levels_passed", "body")),
        list(Deadline.objects.filter(suggestion=s).values_list("kind", "met_at", "cancelled")),
        HandlingRecord.objects.filter(suggestion=s).count(),
        Evaluation.objects.filter(reply__suggestion=s).count(),
        list(ReassignmentRequest.objects.filter(assignment__suggestion=s).values_list("decision")),
        list(NumberSeries.objects.values_list("last")),
    )


def joint_draft(w: World) -> Suggestion:
    """A draft by `deputy` co-signed (and confirmed) by `cosigner`."""
    s = w.new_draft()
    actions.invite_cosigners(s, actor=w.deputy, deputies=[w.cosigner.deputy])
    actions.confirm_cosign(s, actor=w.cosigner)
    return s


def _to(status):
    return lambda w: advance(w, joint_draft(w), status)


def _returned(w):
    s = advance(w, joint_draft(w), Status.SUBMITTED)
    actions.return_for_revision(s, actor=w.office, note="请补充数据")
    return s


def _withdrawn(w):
    s = advance(w, joint_draft(w), Status.SUBMITTED)
    actions.withdraw(s, actor=w.deputy)
    return s


def _merged(w):
    target = w.new_draft("关于推进县域医共体建设的建议", by=w.outsider)
    actions.submit(target, actor=w.outsider)
    actions.register(target, actor=w.office)
    s = advance(w, joint_draft(w), Status.SUBMITTED)
    actions.merge(s, actor=w.office, into=target)
    return s


def _not_suggestion(w):
    s = advance(w, joint_draft(w), Status.SUBMITTED)
    actions.reject(s, actor=w.office, reason="personal_matter", note="属个人事务")
    return s


def _handling(w):
    s = advance(w, joint_draft(w), Status.ASSIGNED)
    actions.sign(s, actor=w.handler)
    actions.sign_as_co(s, actor=w.co_handler)
    return s


def _reassignment_pending(w):
    s = advance(w, joint_draft(w), Status.ASSIGNED)
    actions.request_reassignment(s, actor=w.handler, reason="不属于本单位职责")
    return s


def _extension_pending(w):
    """The lead unit asked for more time to reply: the office may decide (审批延期申请)."""
    from supervision import actions as supervision_actions

    s = _handling(w)
    due = Deadline.objects.open().get(suggestion=s, kind="reply").due_date
    supervision_actions.request_extension(
        s, actor=w.handler, requested_date=due.replace(year=due.year + 1), reason="需开展全省调研"
    )
    return s


def _reply_in_review(w):
    s = _handling(w)
    actions.draft_reply(s, actor=w.handler, body="答复稿", category=w.category("A"))
    actions.submit_reply(s, actor=w.handler)
    return s


def _reply_signed(w):
    s = _handling(w)
    actions.send_co_opinion(s, actor=w.co_handler, summary="同意")
    actions.record(
        s, actor=w.handler, kind="contact", channel="phone", happened_on=timezone.localdate(), summary="电话沟通"
    )
    actions.draft_reply(s, actor=w.handler, body="答复稿", category=w.category("A"))
    actions.submit_reply(s, actor=w.handler)
    pass_review(s)
    return s


def _rehandling(w):
    s = advance(w, joint_draft(w), Status.REPLIED)
    actions.rate(s, actor=w.deputy, result="unsatisfied", attitude="basic", comment="未解决实际问题")
    actions.rate(s, actor=w.cosigner, result="basic", attitude="basic")
    assert s.status == Status.REHANDLING
    return s


def _rating_lapsed(w):
    s = advance(w, joint_draft(w), Status.REPLIED)
    Deadline.objects.filter(suggestion=s, kind="rating").update(due_date=timezone.localdate().replace(year=2000))
    return s


def _closed_b_class(w):
    """Closed with a B-class reply: the commitments it made are followed up (回头看) from here."""
    return advance(w, joint_draft(w), Status.CLOSED, category="B")


def _closed_catalogue_public(w):
    """Closed, in a session whose catalogue is published: its reply may be published or withheld."""
    s = _to(Status.CLOSED)(w)
    Session.objects.filter(pk=s.session_id).update(catalogue_published=True)
    s.session.refresh_from_db()
    return s


# name -> builder; each situation's suggestion ends in the status its name starts with.
SITUATIONS = {
    "draft": lambda w: joint_draft(w),
    "submitted": _to(Status.SUBMITTED),
    "returned": _returned,
    "withdrawn": _withdrawn,
    "registered": _to(Status.REGISTERED),
    "merged": _merged,
    "not_suggestion": _not_suggestion,
    "assigned": _to(Status.ASSIGNED),
    "assigned/reassignment_pending": _reassignment_pending,
    "handling": _handling,
    "handling/extension_pending": _extension_pending,
    "handling/reply_in_review": _reply_in_review,
    "handling/reply_signed": _reply_signed,
    "replied": _to(Status.REPLIED),
    "replied/rating_lapsed": _rating_lapsed,
    "rehandling": _rehandling,
    "closed": _to(Status.CLOSED),
    "closed/b_class": _closed_b_class,
    "closed/catalogue_public": _closed_catalogue_public,
}


def situations_by_status() -> dict[str, str]:
    """One situation per status: the plain one."""
    return {name.split("/")[0]: name for name in SITUATIONS if "/" not in name}
