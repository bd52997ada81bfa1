"""The lifecycle of a suggestion, as data.

Each Transition says which states it starts from, which state it leads to (None: the state
stays, but the step is still recorded), which parties may take it and what must hold first.
`suggestions.actions.step` is the only code that applies one. Views, the API, templates and
tests ask this module what a user may do.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from accounts.models import Role, User
from congress.models import Policy

from .models import Assignment, Reply, Status, Suggestion, SuggestionDeputy

S = Status


class Party(StrEnum):
    """How a user stands to one suggestion."""

    LEAD_DEPUTY = "lead_deputy"
    COSIGNER = "cosigner"  # invited and not yet confirmed or confirmed: see guards
    DEPUTY = "deputy"  # any deputy the suggestion belongs to (lead, co-signer, merged)
    OFFICE = "office"
    UNIT = "unit"  # staff of any unit the suggestion is actively assigned to
    LEAD_UNIT = "lead_unit"
    LEAD_UNIT_LEADER = "lead_unit_leader"
    CO_UNIT = "co_unit"
    SUPERVISOR = "supervisor"
    # Inside a unit (units/parties.py): its office (办公室) and a division (处室) it handed the suggestion to.
    UNIT_OFFICE = "unit_office"
    DIVISION = "division"
    SYSTEM = "system"  # scheduled jobs and automatic follow-ups: actor is None


@dataclass
class Context:
    """Who is acting on which suggestion; built once per request by `context_for`."""

    suggestion: Suggestion
    user: User | None
    parties: set[Party]
    deputy_link: SuggestionDeputy | None = None
    assignment: Assignment | None = None  # the acting user's unit's active assignment

    @cached_property
    def current_reply(self) -> Reply | None:
        """The reply being prepared: `reply_round` counts the replies already sent. With its unit and
        category, which the steps on it name (its review chain, the sent reply's category)."""
        replies = self.suggestion.replies.select_related("unit", "category")
        return replies.filter(round=self.suggestion.reply_round + 1).first()

    @cached_property
    def latest_reply(self) -> Reply | None:
        """The reply sent last (the one the deputies rate)."""
        return self.suggestion.replies.filter(round=self.suggestion.reply_round).first()

    @cached_property
    def policy(self) -> Policy:
        return Policy.current()


def context_for(user: User | None, suggestion: Suggestion, *, asking: frozenset[Party] | None = None) -> Context:
    """How `user` stands to `suggestion`. `asking`: only these parties matter (a step's `who`), so an app's
    party rule that can add none of them is not run (`add_party_rule`); None: every party, for a page."""
    if user is None:
        return Context(suggestion, None, {Party.SYSTEM})
    parties: set[Party] = set()
    ctx = Context(suggestion, user, parties)
    if user.role == Role.OFFICE:
        parties.add(Party.OFFICE)
    elif user.role == Role.SUPERVISOR:
        parties.add(Party.SUPERVISOR)
    elif user.role == Role.DEPUTY and (deputy := getattr(user, "deputy", None)):
        # .all() uses the rows the caller prefetched (the detail view does); the list is short.
        ctx.deputy_link = next((link for link in suggestion.deputy_links.all() if link.deputy_id == deputy.pk), None)
        if ctx.deputy_link:
            parties.add(Party.DEPUTY)
            parties.add(
                {
                    SuggestionDeputy.Role.LEAD: Party.LEAD_DEPUTY,
                    SuggestionDeputy.Role.COSIGNER: Party.COSIGNER,
                }.get(ctx.deputy_link.role, Party.DEPUTY)
            )
    elif user.is_unit_staff:
        ctx.assignment = next((a for a in _assignments(suggestion) if a.unit_id == user.unit_id and a.is_active), None)
        if ctx.assignment:
            parties.add(Party.UNIT)
            if ctx.assignment.role == Assignment.Role.LEAD:
                parties.add(Party.LEAD_UNIT)
                if user.role == Role.UNIT_LEADER:
                    parties.add(Party.LEAD_UNIT_LEADER)
            else:
                parties.add(Party.CO_UNIT)
            for rule, adds in PARTY_RULES:
                if asking is None or adds & asking:
                    rule(ctx)
    return ctx


def _assignments(suggestion: Suggestion):
    """The suggestion's assignments: the rows the caller prefetched, or read here with their units
    (a step's body names its unit: a handling record, a reply, a deadline's explanation)."""
    if "assignments" in getattr(suggestion, "_prefetched_objects_cache", {}):
        return suggestion.assignments.all()
    return suggestion.assignments.select_related("unit")


# Apps that know more about how a unit's person stands to a suggestion add it (see `add_party_rule`).
PARTY_RULES: list[tuple[Callable[[Context], None], frozenset[Party]]] = []


def add_party_rule(rule: Callable[[Context], None], adds: frozenset[Party]) -> None:
    """Let an app add parties for a unit's staff on a suggestion their unit handles (units/apps.py:
    the unit's office, a division it was handed to). The rule runs once the assignment is known, and
    only where one of the parties it `adds` is asked about (a step that needs none of them skips its queries)."""
    if all(known is not rule for known, _adds in PARTY_RULES):
        PARTY_RULES.append((rule, frozenset(adds)))


# Guards: return None when the step may go ahead, or the reason (shown to the user) why not.
Guard = Callable[[Context], str | None]


def cosigners_confirmed(ctx: Context) -> str | None:
    pending = ctx.suggestion.deputy_links.filter(role=SuggestionDeputy.Role.COSIGNER, confirmed_at__isnull=True)
    if pending.exists():
        names = "、".join(link.deputy.name for link in pending.select_related("deputy"))
        return f"联名代表{names}尚未确认，不能提交"
    return None


def ready_to_submit(ctx: Context) -> str | None:
    s = ctx.suggestion
    missing = [label for label, value in (("标题", s.title), ("正文", s.body), ("领域", s.field_id)) if not value]
    return f"请先填写{'、'.join(missing)}" if missing else None


def not_yet_confirmed(ctx: Context) -> str | None:
    return "您已确认联名" if ctx.deputy_link and ctx.deputy_link.confirmed_at else None


def not_yet_signed(ctx: Context) -> str | None:
    return "本单位已签收" if ctx.assignment and ctx.assignment.signed_at else None


def has_signed(ctx: Context) -> str | None:
    return None if ctx.assignment and ctx.assignment.signed_at else "请先签收"


def no_pending_reassignment(ctx: Context) -> str | None:
    if ctx.assignment and ctx.assignment.reassignment_requests.filter(decision="pending").exists():
        return "本单位的改办申请正在审批中"
    return None


def within_reassignment_window(ctx: Context) -> str | None:
    window = ctx.assignment and ctx.assignment.deadlines.filter(kind="reassign_window").first()
    if window:
        from django.utils import timezone

        if timezone.localdate() > window.due_date:
            return f"申请改办期限已过（{window.due_date:%Y-%m-%d}）"
    return None


def pending_reassignment_exists(ctx: Context) -> str | None:
    from .models import ReassignmentRequest

    pending = ReassignmentRequest.objects.filter(assignment__suggestion=ctx.suggestion, decision="pending")
    return None if pending.exists() else "没有待审批的改办申请"


def has_co_unit(ctx: Context) -> str | None:
    if ctx.suggestion.assignments.filter(is_active=True, role=Assignment.Role.CO).exists():
        return None
    return "该建议没有协办单位"


def opinion_not_sent(ctx: Context) -> str | None:
    return "本单位已提交协办意见" if ctx.assignment and ctx.assignment.opinion_sent_at else None


def reply_in_stage(*stages: str) -> Guard:
    labels = "或".join(Reply.Stage(s).label for s in stages)

    def guard(ctx: Context) -> str | None:
        reply = ctx.current_reply
        if stages == (Reply.Stage.DRAFTING,) and reply is None:
            return "尚未起草答复"
        if reply is None or reply.stage not in stages:
            return f"答复须处于“{labels}”状态"
        return None

    guard.__name__ = f"reply_in_{'_'.join(stages)}"
    return guard


def holds_review_level(ctx: Context) -> str | None:
    """The reply's current level of its unit's chain is this user's (a role of the unit, or them by name)."""
    from . import review

    reply = ctx.current_reply
    level = reply and reply.stage == Reply.Stage.IN_REVIEW and review.current_level(reply)
    if not level or ctx.user is None:
        return None  # no reply in review: reply_in_stage says so
    level = review.holder_now(reply, level)
    if review.holds(ctx.user, reply, level):
        return None
    n = reply.levels_passed + 1
    named = not level["person"] and ctx.user.role == level["role"] and review.named_level(reply, ctx.user)
    if named:
        return f"您是第{named[0]}级“{named[1]['label']}”的指定审核人，不审核第{n}级“{level['label']}”"
    return f"第{n}级“{level['label']}”由{review.holder_text(level)}审核"


def may_send_back(ctx: Context) -> str | None:
    """The current level's holder sends the reply back; so may any of the unit's leaders standing in for a
    named reviewer no longer active, even one named for another level (see `review`)."""
    from . import review

    reply = ctx.current_reply
    level = reply and reply.stage == Reply.Stage.IN_REVIEW and review.current_level(reply)
    if not level or ctx.user is None or review.may_send_back(ctx.user, reply, review.holder_now(reply, level)):
        return None
    return holds_review_level(ctx)


def not_passed_another_level(ctx: Context) -> str | None:
    """逐级审核: nobody passes two levels of the same reply (of its current submission)."""
    from . import review

    reply = ctx.current_reply
    if not reply or reply.stage != Reply.Stage.IN_REVIEW or ctx.user is None:
        return None
    if done := review.passed_by(reply, ctx.user):
        return f"您已审核通过第{done.level}级“{done.label}”，同一人不能审核同一答复的两级"
    return None


def reply_editable(ctx: Context) -> str | None:
    reply = ctx.current_reply
    if reply and reply.stage != Reply.Stage.DRAFTING:
        return f"答复{reply.get_stage_display()}，不能修改"
    return None


def deputy_contacted(ctx: Context) -> str | None:
    """Every reply, a re-handled one too, follows a recorded contact with the deputy (when the policy asks)."""
    if not ctx.policy.require_contact_before_reply:
        return None
    contacts = ctx.suggestion.records.filter(kind="contact")
    if ctx.suggestion.replied_at:  # re-handling: the contact must be about the new round
        contacts = contacts.filter(created_at__gte=ctx.suggestion.replied_at)
    if contacts.exists():
        return None
    return "答复前须记录与代表的沟通情况"


def not_complex(ctx: Context) -> str | None:
    return "该建议已标记为复杂建议" if ctx.suggestion.is_complex else None


def co_opinions_received(ctx: Context) -> str | None:
    owed = ctx.suggestion.assignments.filter(is_active=True, role="co", opinion_sent_at__isnull=True)
    if owed.exists():
        names = "、".join(a.unit.short_name for a in owed.select_related("unit"))
        return f"尚未收到协办单位{names}的协办意见"
    return None


def not_yet_rated(ctx: Context) -> str | None:
    reply = ctx.latest_reply
    if ctx.deputy_link and reply and reply.evaluations.filter(deputy_id=ctx.deputy_link.deputy_id).exists():
        return "您已评价本次答复"
    return None


def may_conclude(ctx: Context) -> str | None:
    """The office may close early only once every deputy has rated or the window has lapsed."""
    if Party.SYSTEM in ctx.parties:
        return None
    from django.utils import timezone

    window = ctx.suggestion.deadlines.open().filter(kind="rating").first()
    if window and window.due_date >= timezone.localdate():
        return f"评价期限至{window.due_date:%Y-%m-%d}，尚未届满"
    return None


def b_class(ctx: Context) -> str | None:
    """B类 (being solved / planned): the reply is a commitment the unit is followed on."""
    category = ctx.suggestion.category
    if category is None or category.outcome != "planned":
        return "仅适用于B类（正在解决或列入规划逐步解决）答复的建议"
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status | None
    who: frozenset[Party]
    guards: tuple[Guard, ...] = field(default=())

    def leads_to(self, current: Status) -> Status:
        return self.target or current


def t(name, label, sources, target, who, *guards) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(who), tuple(guards))


P = Party
EDITABLE = {S.DRAFT, S.RETURNED}
IN_HANDLING = {S.ASSIGNED, S.HANDLING, S.REHANDLING}
WORKING = {S.HANDLING, S.REHANDLING}


# From registration on, a suggestion may be chased and supervised, B-class ones even after closing.
def catalogue_public(ctx: Context) -> str | None:
    """Replies are published only once the session's catalogue is (公开: after the session)."""
    return None if ctx.suggestion.session.catalogue_published else "本次会议的建议目录尚未公开"


FOLLOWED = {S.REGISTERED, S.REPLIED, S.CLOSED} | IN_HANDLING

TRANSITIONS: dict[str, Transition] = {
    tr.name: tr
    for tr in [
        # The deputy's draft.
        t("edit", "修改", EDITABLE, None, {P.LEAD_DEPUTY}),
        t("invite_cosigners", "邀请联名代表", EDITABLE, None, {P.LEAD_DEPUTY}),
        t("attach", "上传附件", EDITABLE, None, {P.LEAD_DEPUTY}),
        t("confirm_cosign", "确认联名", EDITABLE, None, {P.COSIGNER}, not_yet_confirmed),
        t("decline_cosign", "拒绝联名", EDITABLE, None, {P.COSIGNER}),
        t("submit", "提交", EDITABLE, S.SUBMITTED, {P.LEAD_DEPUTY}, ready_to_submit, cosigners_confirmed),
        t("withdraw", "撤回", {S.SUBMITTED, S.REGISTERED}, S.WITHDRAWN, {P.LEAD_DEPUTY}),
        # Review by the office (审查).
        t("return", "退回修改", {S.SUBMITTED}, S.RETURNED, {P.OFFICE}),
        t("register", "立案", {S.SUBMITTED}, S.REGISTERED, {P.OFFICE}),
        t("merge", "并案", {S.SUBMITTED, S.REGISTERED}, S.MERGED, {P.OFFICE}),
        t("reject", "不作为建议处理", {S.SUBMITTED}, S.NOT_SUGGESTION, {P.OFFICE}),
        t("mark_complex", "标记为复杂建议", {S.REGISTERED} | IN_HANDLING, None, {P.OFFICE}, not_complex),
        # Assignment (交办) and sign-for (签收).
        t("assign", "交办", {S.REGISTERED}, S.ASSIGNED, {P.OFFICE}),
        t("sign", "签收", {S.ASSIGNED, S.HANDLING}, S.HANDLING, {P.LEAD_UNIT}, not_yet_signed),
        t("sign_as_co", "签收（协办）", IN_HANDLING, None, {P.CO_UNIT}, not_yet_signed),
        t(
            "request_reassignment",
            "申请改办",
            {S.ASSIGNED, S.HANDLING},
            None,
            {P.UNIT},
            not_yet_signed,  # signing accepts the assignment; a unit that disagrees asks instead of signing
            within_reassignment_window,
            no_pending_reassignment,
        ),
        t(
            "decide_reassignment",
            "审批改办申请",
            {S.ASSIGNED, S.HANDLING},
            None,
            {P.OFFICE},
            pending_reassignment_exists,
        ),
        # The coordination meeting (协调会) decides disputed assignments with these and decide_reassignment.
        t("add_co_unit", "增加协办单位", {S.ASSIGNED, S.HANDLING}, None, {P.OFFICE}),
        t("swap_lead", "主协办互换", {S.ASSIGNED, S.HANDLING}, None, {P.OFFICE}, has_co_unit),
        # Handling (办理).
        # A unit works from its own assignment: once it has signed it may record and (a co-unit) send its
        # opinion, whether or not the lead unit has signed yet (the co-opinion deadline runs from assignment).
        t("record", "记录办理情况", IN_HANDLING, None, {P.UNIT}, has_signed),
        t("send_co_opinion", "提交协办意见", IN_HANDLING, None, {P.CO_UNIT}, has_signed, opinion_not_sent),
        t("draft_reply", "起草答复", WORKING, None, {P.LEAD_UNIT}, has_signed, reply_editable),
        t("submit_reply", "提交审核", WORKING, None, {P.LEAD_UNIT}, reply_in_stage(Reply.Stage.DRAFTING)),
        # Each level of the unit's review chain (suggestions/review.py) is passed or sent back by its holder.
        t(
            "approve_reply",
            "审核通过",
            WORKING,
            None,
            {P.LEAD_UNIT},
            reply_in_stage(Reply.Stage.IN_REVIEW),
            holds_review_level,
            not_passed_another_level,
        ),
        t(
            "return_reply",
            "退回答复",
            WORKING,
            None,
            {P.LEAD_UNIT},
            reply_in_stage(Reply.Stage.IN_REVIEW),
            may_send_back,
            not_passed_another_level,
        ),
        t(
            "send_reply",
            "答复代表",
            WORKING,
            S.REPLIED,
            {P.LEAD_UNIT},
            reply_in_stage(Reply.Stage.SIGNED),
            deputy_contacted,
            co_opinions_received,
        ),
        # Inside the unit (units/actions.py): its office hands the work to divisions, a division hands it back.
        t("hand_to_divisions", "交办处室", IN_HANDLING, None, {P.UNIT_OFFICE}, has_signed),
        t("hand_back", "退回本单位办公室", IN_HANDLING, None, {P.DIVISION}),
        # Evaluation (评价) and closing (办结).
        t("rate", "评价答复", {S.REPLIED}, None, {P.DEPUTY}, not_yet_rated),
        t("rehandle", "重新办理", {S.REPLIED}, S.REHANDLING, {P.SYSTEM}),
        t("close", "办结", {S.REPLIED}, S.CLOSED, {P.SYSTEM, P.OFFICE}, may_conclude),
        # The office entered a year's holiday schedule: open deadlines move to what their rule now gives.
        t("reschedule_deadlines", "节假日安排调整，重算期限", set(S), None, {P.SYSTEM}),
        # Supervision (督办) and the B-class follow-up: the functions live in supervision/actions.py.
        t("remind", "催办", FOLLOWED, None, {P.SYSTEM, P.OFFICE, P.SUPERVISOR}),
        t("request_extension", "申请延期答复", IN_HANDLING, None, {P.LEAD_UNIT}),
        t("decide_extension", "审批延期申请", IN_HANDLING, None, {P.OFFICE}),
        t("mark_key", "列为重点督办", FOLLOWED, None, {P.OFFICE}),
        t("instruct", "督办批示", FOLLOWED, None, {P.SUPERVISOR, P.OFFICE}),
        t("record_commitments", "登记B类办理承诺", {S.REPLIED, S.CLOSED}, None, {P.LEAD_UNIT}, b_class),
        t("report_progress", "报告承诺落实进展", {S.REPLIED, S.CLOSED}, None, {P.LEAD_UNIT}, b_class),
        t("second_reply", "二次答复", {S.REPLIED, S.CLOSED}, None, {P.LEAD_UNIT}, b_class),
        t("convert_to_a", "销号并转为A类", {S.CLOSED}, None, {P.OFFICE}, b_class),
        # Filing (备案): a sent reply is filed with the filing bodies; each acknowledges it (supervision/filing.py).
        t("acknowledge_filing", "确认备案", {S.REPLIED, S.REHANDLING, S.CLOSED}, None, {P.OFFICE, P.SUPERVISOR}),
        # Disclosure (公开): the functions live in disclosure/publishing.py.
        t("publish_reply", "公开答复", {S.CLOSED}, None, {P.OFFICE}, catalogue_public),
        t("withhold_reply", "答复不予公开", {S.CLOSED}, None, {P.OFFICE}, catalogue_public),
    ]
}


def add_guard(name: str, guard: Guard) -> None:
    """Let an app put its own guard on a row of the table (apps register steps the same way, in `ready()`).

    The guard runs with the row's own ones: in `actions.check` before the step is tried, and in
    `available`, so pages and the API's `available_actions` show its reason instead of offering a
    button that would be refused.
    """
    tr = TRANSITIONS[name]
    if guard not in tr.guards:
        TRANSITIONS[name] = replace(tr, guards=(*tr.guards, guard))


def available(ctx: Context) -> list[tuple[Transition, str | None]]:
    """The steps this user may take now, each with the reason it is blocked (None: it is not)."""
    result = []
    for tr in TRANSITIONS.values():
        if ctx.suggestion.status in tr.sources and ctx.parties & tr.who:
            blocked = next((reason for g in tr.guards if (reason := g(ctx))), None)
            result.append((tr, blocked))
    return result
