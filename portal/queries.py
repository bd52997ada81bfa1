"""What the deputy portal reads: the deputy's suggestions with everything a list row shows, in fixed queries."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from congress.models import Deputy, Session
from suggestions import access, filing
from suggestions.models import (
    Assignment,
    Deadline,
    Evaluation,
    Period,
    Status,
    Suggestion,
    SuggestionDeputy,
)
from threads.domain import with_unread

EDITABLE = (Status.DRAFT, Status.RETURNED)
REPLY_KINDS = (Deadline.Kind.REPLY, Deadline.Kind.REPLY_COMPLEX, Deadline.Kind.RE_REPLY)


def my_suggestions(user) -> QuerySet[Suggestion]:
    """Every suggestion the deputy is on (lead, co-signer, merged-in), newest first, annotated for the list."""
    deputy = user.deputy
    my_link = SuggestionDeputy.objects.filter(suggestion=OuterRef("pk"), deputy=deputy)
    rated = Evaluation.objects.filter(
        reply__suggestion=OuterRef("pk"), reply__round=OuterRef("reply_round"), deputy=deputy
    )
    qs = (
        access.visible_to(user)  # the one permission lookup: lead, co-signed and merged-in
        .for_list()
        .annotate(
            my_role=my_link.values("role")[:1],
            my_confirmed=Exists(my_link.filter(confirmed_at__isnull=False)),
            rated_by_me=Exists(rated),
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(is_active=True).select_related("unit"),
                to_attr="active_assignments",
            ),
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.open().filter(kind__in=REPLY_KINDS).order_by("due_date"),
                to_attr="reply_deadlines",
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    return with_unread(qs, user)


def pending_invitations(user) -> QuerySet[SuggestionDeputy]:
    return (
        SuggestionDeputy.objects.filter(
            deputy=user.deputy,
            role=SuggestionDeputy.Role.COSIGNER,
            confirmed_at__isnull=True,
            suggestion__status__in=EDITABLE,
        )
        .select_related("suggestion__lead_deputy__delegation", "suggestion__field")
        .order_by("-suggestion__updated_at")
    )


def awaiting_rating(user) -> QuerySet[Suggestion]:
    return my_suggestions(user).filter(status=Status.REPLIED, rated_by_me=False)


def next_hint(s: Suggestion) -> str:
    """One line telling the deputy what happens next (the list and the tracking page)."""
    lead = s.my_role == SuggestionDeputy.Role.LEAD
    if s.status == Status.DRAFT:
        if s.my_role == SuggestionDeputy.Role.COSIGNER and not s.my_confirmed:
            return "请确认是否联名"
        return "草稿：完善内容并邀请联名后提交" if lead else "等待领衔代表提交"
    if s.status == Status.RETURNED:
        return "已退回修改：请按意见修改后重新提交" if lead else "已退回领衔代表修改"
    if s.status == Status.REPLIED:
        return "已答复，请评价" if not s.rated_by_me else "您已评价，等待其他代表评价"
    due = s.reply_deadlines[0].due_date if getattr(s, "reply_deadlines", None) else None
    hints = {
        Status.SUBMITTED: "等待选任联工委审查立案",
        Status.REGISTERED: "已立案，等待交办承办单位",
        Status.ASSIGNED: "已交办，等待承办单位签收",
        Status.HANDLING: f"承办单位办理中{f'，应于{due:%Y年%-m月%-d日}前答复' if due else ''}",
        Status.REHANDLING: f"重新办理中{f'，应于{due:%Y年%-m月%-d日}前再次答复' if due else ''}",
        Status.CLOSED: "已办结",
        Status.MERGED: "已并案办理，答复将送达每位代表",
        Status.NOT_SUGGESTION: "不作为建议处理，请查看说明",
        Status.WITHDRAWN: "已撤回",
    }
    return hints.get(s.status, "")


def current_session(deputy) -> Session | None:
    """The session this deputy files into today (suggestions.filing: their own term's open one)."""
    return filing.filing_session(deputy)


def period_today(session: Session) -> str:
    today = timezone.localdate()
    return Period.SESSION if session.start_date <= today <= session.end_date else Period.INTERSESSION


def search_deputies(suggestion: Suggestion, q: str, limit: int = 20) -> QuerySet[Deputy]:
    """Deputies of the same term not yet on the suggestion, by name or delegation."""
    from django.db.models import Q

    qs = (
        Deputy.objects.filter(term=suggestion.lead_deputy.term_id)
        .exclude(suggestion_links__suggestion=suggestion)
        .select_related("delegation")
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(delegation__name__icontains=q))
    return qs[:limit]


def commitments_of(suggestion: Suggestion):
    """B-class commitments (回头看) if the supervision app is installed; else None."""
    if not apps.is_installed("supervision"):
        return None
    try:
        return list(suggestion.commitments.select_related("unit").prefetch_related("progress"))
    except (AttributeError, LookupError):
        return None
