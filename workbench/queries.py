"""The lists behind each workbench, as querysets: counts and pages need a fixed number of queries."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from congress.models import Policy, Unit
from suggestions import access, marks
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
    """The lead unit (its short name: `str(unit)`) from the suggestion's own `lead_unit` column (kept by
    every step), read apart as `for_list` reads the session: no join for the plan and the page's count."""
    return qs.prefetch_related(Prefetch("lead_unit", Unit.objects.only("short_name")))


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


def _unit_deadlines(unit_id):
    """The open deadlines of a unit's part: its active assignments' own, and re-replies (重新答复)."""
    return (
        Deadline.objects.open()
        .exclude(kind__in=NOT_UNIT_KINDS)
        .filter(
            Q(assignment__unit=unit_id, assignment__is_active=True) | Q(assignment__isnull=True, kind=Kind.RE_REPLY)
        )
    )


def _open_work(user, condition: Q) -> QuerySet[Suggestion]:
    """The unit's work in handling that meets `condition`, through one join to its open assignment
    (the partial index `assignment_unit_open_due`): `access.open_work_of_unit`."""
    return access.open_work_of_unit(user, condition)


def _tabs(user) -> dict[str, Q]:
    """Each tab as one condition on the suggestion and the unit's open assignment."""
    unit_id, today = user.unit_id, timezone.localdate()
    soon = Policy.current().due_soon_days
    lead, co = Assignment.Role.LEAD, Assignment.Role.CO

    def mine(**on_row) -> Q:
        return Q(**{f"assignments__{k}": v for k, v in on_row.items()})

    def due(window: Q) -> Q:
        return Q(Exists(_unit_deadlines(unit_id).filter(window, suggestion=OuterRef("pk"))))

    reviewing = Reply.objects.filter(
        suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1, stage=Reply.Stage.IN_REVIEW
    )
    handling = Q(status__in=IN_HANDLING)
    # The assignment's `due_on` is the earliest of a set of deadlines holding the unit's own, so it
    # narrows the index range before the deadlines themselves are read.
    return {
        "mine": handling & unit_queries.handed_to_me(user),
        "to_sign": handling & mine(signed_at__isnull=True),
        "to_handle": Q(status=Status.HANDLING) & mine(role=lead, signed_at__isnull=False),
        "co_owed": handling & mine(role=co, opinion_sent_at__isnull=True),
        "due_soon": handling & mine(due_on__lte=today + timedelta(days=soon)) & due(due_soon_q(today, soon)),
        "overdue": handling & mine(due_on__lt=today) & due(Q(due_date__lt=today)),
        "rehandle": Q(status=Status.REHANDLING) & mine(role=lead),
        "in_review": handling & mine(role=lead) & Q(Exists(reviewing)),
    }


def unit_tab(user, key: str) -> QuerySet[Suggestion]:
    qs = _open_work(user, _tabs(user)[key])
    return unit_queries.mine(user, qs) if key == "mine" else qs


def unit_rows(user, qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """What each inbox row shows: this unit's role and signing, the next due date, the reply stage.

    `qs` is a tab of `unit_tab`: its join to the unit's open assignment also gives the order, the
    assignment's own due date then the suggestion, which is the order of that join's index, so a
    page reads its fifty rows from the index however many the unit has (25,000 took 1.4 s sorted).
    """
    reply = Reply.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1)
    return (
        with_next_due(qs.for_list(), unit_id=user.unit_id)
        .annotate(
            my_role=F("assignments__role"),
            my_signed_at=F("assignments__signed_at"),
            reply_stage=Subquery(reply.values("stage")[:1]),
            reply_levels=Subquery(reply.values("levels_passed")[:1]),
        )
        .order_by(F("assignments__due_on").asc(nulls_last=True), "pk")
    )


TAB_CAP = 99
# How long counts stand without a write to the unit (a write moves its mark at once).
COUNTS_KEPT = 600


def unit_counts(user) -> dict[str, int]:
    """Each tab's count, stopping at TAB_CAP + 1 (shown “99+”): bounded however many rows a unit has.

    A rare tab (待签收 among 25,000 open) reads many rows to find its few, 30-100 ms each at 1M, so
    the counts are kept (`_kept`). (One pass counting every tab at once reads all of a unit's open
    rows: 2.5 s for 25,000.)"""
    return _kept(user, "tabs", lambda: {t.key: capped_count(unit_tab(user, t.key), TAB_CAP) for t in UNIT_TABS})


def unit_tab_total(user, key: str) -> int:
    """A tab's rows up to the lists' cap, for its page links: kept like the counts."""
    return _kept(user, f"total:{key}", lambda: capped_count(unit_tab(user, key)))


def _kept(user, what: str, compute):
    """`compute()` for this user's inbox, kept in the cache under the unit's mark
    (`suggestions.marks`), which every write to one of the unit's suggestions moves, and under the
    day and the due-soon window, which move the 临期 and 已逾期 tabs without a write."""
    mark = marks.current(user.unit_id)
    if mark is None:
        return compute()
    day, soon = timezone.localdate().isoformat(), Policy.current().due_soon_days
    key = f"inbox:{what}:{user.pk}:{user.unit_id}:{user.role}:{mark}:{day}:{soon}"
    return marks.cached(key, compute, COUNTS_KEPT)


# --- The supervisor -------------------------------------------------------------------------------


def supervised(user) -> QuerySet[Suggestion]:
    """The suggestions a supervisor follows: every one in handling (filtered and counted as is;
    `supervised_rows` adds what a page shows)."""
    return access.visible_to(user).filter(status__in=IN_HANDLING)


def supervised_rows(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """A page of `supervised`: its columns, overdue first.

    The earliest due date first puts the overdue ones first, so one index on the suggestion's own
    `next_due_on` (partial: in handling) serves both the order and the page.
    """
    reply = Reply.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("reply_round") + 1)
    lead = Assignment.objects.filter(suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, is_active=True)
    qs = with_lead_unit(
        qs.for_list()
    ).annotate(
        **due_columns(),
        lead_signed_at=Subquery(lead.values("signed_at")[:1]),  # the progress column's 签收
        reply_stage=Subquery(reply.values("stage")[:1]),
        reply_levels=Subquery(reply.values("levels_passed")[:1]),
    )
    return qs.order_by(F("next_due_on").asc(nulls_last=True), "number", "pk")
