"""The lists behind each workbench, as querysets: counts and pages need a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from congress.models import Policy
from suggestions import access
from suggestions.derived import IN_HANDLING, NOT_UNIT_KINDS
from suggestions.models import (
    Assignment,
    Deadline,
    DeadlineState,
    ReassignmentRequest,
    Reply,
    Status,
    Suggestion,
    due_soon_q,
)
from units import queries as unit_queries
from web.paging import capped_count

Kind = Deadline.Kind


# --- The office -----------------------------------------------------------------------------------


def office_counts(user) -> dict[str, int]:
    waiting = access.visible_to(user).filter(status__in=[Status.SUBMITTED, Status.REGISTERED])
    counts = waiting.aggregate(  # both tabs in one query, read from the (status, session) index alone
        review=Count("status", filter=Q(status=Status.SUBMITTED)),
        assign=Count("status", filter=Q(status=Status.REGISTERED)),
    )
    counts["reassign"] = ReassignmentRequest.objects.filter(decision=ReassignmentRequest.Decision.PENDING).count()
    return counts


def with_lead_unit(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """The lead unit's name from the suggestion's own `lead_unit` column (kept by every step)."""
    return qs.annotate(lead_unit_name=F("lead_unit__short_name"))


def listed(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """What the office's list shows per row, from columns of the suggestion (no per-row sort key)."""
    return with_lead_unit(qs).annotate(**due_columns())


def due_columns() -> dict:
    """`next_due` and whether it has passed, from the suggestion's own `next_due_on` column."""
    passed = Q(next_due_on__lt=timezone.localdate())
    return {
        "next_due": F("next_due_on"),
        "is_overdue": Case(When(passed, then=Value(True)), default=Value(False)),
        "next_due_state": Case(When(passed, then=Value(DeadlineState.OVERDUE.value)), default=Value("")),
    }


def with_next_due(qs: QuerySet[Suggestion], unit_id=None) -> QuerySet[Suggestion]:
    """Annotate `next_due`: the earliest open deadline (of `unit_id`'s share, when given)."""
    open_ = Deadline.objects.open().filter(suggestion=OuterRef("pk")).exclude(kind__in=NOT_UNIT_KINDS)
    if unit_id is not None:
        open_ = open_.filter(Q(assignment__unit=unit_id, assignment__is_active=True) | Q(assignment__isnull=True))
    first = open_.order_by("due_date").with_state(timezone.localdate(), Policy.current().due_soon_days)
    return qs.annotate(
        next_due=Subquery(first.values("due_date")[:1]),
        next_due_kind=Subquery(first.values("kind")[:1]),
        next_due_state=Subquery(first.values("state")[:1]),  # due soon relative to the step (due_soon_q)
    )


# --- The unit inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    help: str
    leaders_only: bool = False


UNIT_TABS = [
    Tab("mine", "我的", "本单位办公室交给我所在处室、或由我担任责任人的建议，及其内部办理期限"),
    Tab("to_sign", "待签收", "已交办本单位、尚未签收的建议"),
    Tab("to_handle", "办理中", "本单位主办、已签收正在办理的建议"),
    Tab("co_owed", "协办意见待提交", "本单位协办、尚未提交协办意见的建议"),
    Tab("due_soon", "临期", "本单位办理时限临近的建议"),
    Tab("overdue", "已逾期", "本单位已超过办理时限的建议"),
    Tab("rehandle", "重新办理", "代表不满意、须重新办理答复的建议"),
    Tab("in_review", "答复待审核", "已提交审核、等待本单位领导审核签发的答复", leaders_only=True),
]
UNIT_TAB_KEYS = {t.key: t for t in UNIT_TABS}


def _mine(unit_id, **extra):
    return Assignment.objects.filter(suggestion=OuterRef("pk"), unit=unit_id, is_active=True, **extra)


def _open_deadlines(open_assignments):
    """The open deadlines of a unit's open work: its assignments' own, and re-replies (重新答复)."""
    return (
        Deadline.objects.open()
        .exclude(kind__in=NOT_UNIT_KINDS)
        .filter(
            Q(assignment__in=open_assignments.values("pk"))
            | Q(assignment__isnull=True, kind=Kind.RE_REPLY, suggestion__in=open_assignments.values("suggestion_id"))
        )
    )


def unit_tab(user, key: str) -> QuerySet[Suggestion]:
    unit_id = user.unit_id
    today = timezone.localdate()
    # Every tab is work in handling: start from the unit's open assignments (a partial index), and
    # the deadlines of those only (a session's deadlines fall due on the same few days for every unit).
    open_assignments = Assignment.objects.filter(unit=unit_id, is_active=True, in_handling=True)
    base = access.visible_to(user).filter(pk__in=open_assignments.values("suggestion_id"))
    lead = Assignment.Role.LEAD
    if key == "mine":
        return unit_queries.mine(user, base.filter(status__in=IN_HANDLING))
    if key == "to_sign":
        return base.filter(status__in=IN_HANDLING).filter(Exists(_mine(unit_id, signed_at__isnull=True)))
    if key == "to_handle":
        return base.filter(status=Status.HANDLING).filter(Exists(_mine(unit_id, role=lead, signed_at__isnull=False)))
    if key == "co_owed":
        return base.filter(status__in=IN_HANDLING).filter(
            Exists(_mine(unit_id, role=Assignment.Role.CO, opinion_sent_at__isnull=True))
        )
    if key == "due_soon":
        soon = Policy.current().due_soon_days
        due = _open_deadlines(open_assignments).filter(due_soon_q(today, soon))
        return base.filter(status__in=IN_HANDLING, pk__in=due.values("suggestion_id"))
    if key == "overdue":
        due = _open_deadlines(open_assignments).filter(due_date__lt=today)
        return base.filter(status__in=IN_HANDLING, pk__in=due.values("suggestion_id"))
    if key == "rehandle":
        return base.filter(status=Status.REHANDLING).filter(Exists(_mine(unit_id, role=lead)))
    if key == "in_review":
        reviewing = Reply.objects.filter(
            suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1, stage=Reply.Stage.IN_REVIEW
        )
        return base.filter(status__in=IN_HANDLING).filter(Exists(_mine(unit_id, role=lead)), Exists(reviewing))
    raise KeyError(key)


def unit_rows(user, qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """What each inbox row shows: this unit's role and signing, the next due date, the reply stage."""
    mine = _mine(user.unit_id)
    reply = Reply.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1)
    return (
        with_next_due(qs.for_list(), unit_id=user.unit_id)
        .annotate(
            my_role=Subquery(mine.values("role")[:1]),
            my_signed_at=Subquery(mine.values("signed_at")[:1]),
            reply_stage=Subquery(reply.values("stage")[:1]),
            reply_levels=Subquery(reply.values("levels_passed")[:1]),
        )
        # In the order of this unit's own deadlines, read from its open assignments' index.
        .filter(assignments__unit=user.unit_id, assignments__is_active=True, assignments__in_handling=True)
        .order_by(F("assignments__due_on").asc(nulls_last=True), "number", "pk")
    )


TAB_CAP = 99


def unit_counts(user) -> dict[str, int]:
    """Each tab's count, stopping at TAB_CAP + 1 (shown “99+”): bounded however many rows a unit has."""
    return {t.key: capped_count(unit_tab(user, t.key), TAB_CAP) for t in UNIT_TABS}


# --- The supervisor -------------------------------------------------------------------------------


def supervised(user) -> QuerySet[Suggestion]:
    """The suggestions a supervisor follows: every one in handling, overdue first.

    The earliest due date first puts the overdue ones first, so one index on the suggestion's own
    `next_due_on` (partial: in handling) serves both the order and the page.
    """
    reply = Reply.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1)
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, is_active=True)
    qs = access.visible_to(user).filter(status__in=IN_HANDLING).for_list()
    qs = with_lead_unit(
        qs
    ).annotate(
        **due_columns(),
        lead_signed_at=Subquery(lead.values("signed_at")[:1]),  # the progress column's 签收
        reply_stage=Subquery(reply.values("stage")[:1]),
        reply_levels=Subquery(reply.values("levels_passed")[:1]),
    )
    return qs.order_by(F("next_due_on").asc(nulls_last=True), "number", "pk")
