"""Review chains (四级把关, 逐级审核): the ordered levels a reply passes inside its unit before it is signed off.

A unit configures its own chain (`ReviewChain`, its `ReviewLevel`s: each held by a role of the unit or
by one named person). A unit without one uses the default: `Policy.review_levels` levels held by the
unit's leaders, as before chains existed. Every level is passed by a different person: nobody passes
two levels of the same submission of a reply.

`submit_reply` copies the unit's chain onto the reply (`Reply.chain`), so a change of the chain moves
only replies submitted afterwards. A level that sends the draft back returns it to the drafter; its
resubmission starts the chain again from the first level (the text changed, so every level signs
what goes out), and the earlier sign-offs stay on the reply as its history.

A level held by a named person who is no longer one of the unit's active people (deactivated, or moved
to another unit) does not stop the reply: the unit's leaders (负责人) stand in (`holder_now`). Any of
them who may take a level of the leader role may pass it (not one who passed another level of this
submission, nor one named for another level, who keeps to theirs); and any active leader may send the
reply back, so a unit whose leaders are all named elsewhere resubmits it through its current chain,
where the leader has named someone else. A change of the chain itself still moves only later submissions.

The steps themselves (`submit_reply`, `approve_reply`, `return_reply`) are in `actions.py`; the
guards that say who may act on a level are in `workflow.py`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit import log as audit_log
from congress import reference
from congress.models import Policy, Unit

from .models import Reply, ReplySignoff, ReviewChain, ReviewLevel

MAX_LEVELS = 6
HOLDER_ROLES = {ReviewLevel.HeldBy.UNIT_HANDLER: "本单位经办人", ReviewLevel.HeldBy.UNIT_LEADER: "本单位负责人"}


def default_levels(n: int | None = None) -> list[dict]:
    """The chain of a unit that has not configured one: n levels held by the unit's leaders, the last signs."""
    n = max(1, n if n is not None else Policy.current().review_levels)
    labels = [f"第{i}级审核" for i in range(1, n)] + ["签发"]
    return [{"label": label, "role": Role.UNIT_LEADER, "person": None, "person_name": ""} for label in labels]


def chain_for(unit: Unit) -> list[dict]:
    """The unit's chain as plain rows (what a reply copies when it is submitted)."""
    rows = reference.read(("review_chain", unit.pk), lambda: _chain_rows(unit))
    return [dict(row) for row in rows]  # the caller's own copy: a reply keeps it as its chain


def _chain_rows(unit: Unit) -> list[dict]:
    chain = ReviewChain.objects.filter(unit=unit).first()
    if chain is None:
        return default_levels()
    return [
        {
            "label": level.label,
            "role": level.role,
            "person": level.person_id,
            "person_name": level.person.get_full_name() if level.person else "",
        }
        for level in chain.levels.select_related("person")
    ]


def is_configured(unit: Unit) -> bool:
    return ReviewChain.objects.filter(unit=unit).exists()


def levels_of(reply: Reply) -> list[dict]:
    """The chain this reply goes through: the one copied at submission (the unit's, before that)."""
    return reply.chain or chain_for(reply.unit)


def holder_text(level: dict) -> str:
    if level.get("stands_in_for"):
        return f"{HOLDER_ROLES[Role.UNIT_LEADER]}（代已停用的{level['stands_in_for']}）"
    return level["person_name"] or HOLDER_ROLES.get(level["role"], "")


def current_level(reply: Reply) -> dict | None:
    levels = levels_of(reply)
    return levels[reply.levels_passed] if reply.levels_passed < len(levels) else None


def holder_now(reply: Reply, level: dict) -> dict:
    """The level as it is held now: one whose named reviewer is no longer an active person of the unit
    is held by the unit's leaders (负责人), who stand in for them."""
    if level["person"] and not _still_here(reply, level["person"]):
        return {
            **level,
            "person": None,
            "role": Role.UNIT_LEADER,
            "stands_in_for": level["person_name"] or "指定审核人",
        }
    return level


def _still_here(reply: Reply, person_id: int) -> bool:
    """Is the named reviewer still an active person of the reply's unit? Asked once per reply object
    (a page's guards and rows ask it several times)."""
    known = reply.__dict__.setdefault("_reviewers_here", {})
    if person_id not in known:
        known[person_id] = User.objects.filter(pk=person_id, unit_id=reply.unit_id, is_active=True).exists()
    return known[person_id]


def holds(user: User, reply: Reply, level: dict) -> bool:
    """`user` may pass `level` (as `holder_now` gives it)."""
    if user.unit_id != reply.unit_id or not user.is_active:
        return False
    if level["person"]:
        return user.pk == level["person"]
    return user.role == level["role"] and named_level(reply, user) is None


def may_send_back(user: User, reply: Reply, level: dict) -> bool:
    """`user` may send the reply back at `level`: its holder, or any active leader standing in."""
    if holds(user, reply, level):
        return True
    standing_in = bool(level.get("stands_in_for"))
    return standing_in and user.unit_id == reply.unit_id and user.is_active and user.role == Role.UNIT_LEADER


def named_level(reply: Reply, user: User) -> tuple[int, dict] | None:
    """The level this user is named for: they keep to it, so a level held by a role is never taken by the
    one person who alone can pass a later one (which would leave the reply stuck)."""
    return next(((i, lv) for i, lv in enumerate(levels_of(reply), 1) if lv["person"] == user.pk), None)


def may_take_now(reply: Reply):
    """The unit's people who may take the reply's current level now (the guards' rule, as a query)."""
    level = current_level(reply)
    people = User.objects.filter(unit_id=reply.unit_id, is_active=True).order_by("pk")
    if level is None:
        return people.none()
    level = holder_now(reply, level)
    if level["person"]:
        return people.filter(pk=level["person"])
    passed = current_signoffs(reply).filter(decision=ReplySignoff.Decision.PASSED).values("actor_id")
    named = [lv["person"] for lv in levels_of(reply) if lv["person"]]
    return people.filter(role=level["role"]).exclude(pk__in=passed).exclude(pk__in=named)


def current_signoffs(reply: Reply):
    return reply.signoffs.filter(submission=reply.submission)


def passed_by(reply: Reply, user: User) -> ReplySignoff | None:
    """The level this user already passed in the reply's current submission, if any."""
    return current_signoffs(reply).filter(actor=user, decision=ReplySignoff.Decision.PASSED).first()


def record(reply: Reply, *, actor: User, decision: str, comment: str, at: datetime) -> ReplySignoff:
    level = current_level(reply)
    return ReplySignoff.objects.create(
        reply=reply,
        submission=reply.submission,
        level=reply.levels_passed + 1,
        label=level["label"] if level else "",
        actor=actor,
        at=at,
        decision=decision,
        comment=comment,
    )


@dataclass
class Row:
    """One level as a page or the Word letter shows it."""

    position: int
    label: str
    holder: str
    signoff: ReplySignoff | None
    current: bool


def rows(reply: Reply) -> list[Row]:
    """The chain of the reply's current submission, with who passed each level and when."""
    signed = {
        so.level: so
        for so in reply.signoffs.all()
        if so.submission == reply.submission and so.decision == ReplySignoff.Decision.PASSED
    }
    in_review = reply.stage == Reply.Stage.IN_REVIEW
    now = reply.levels_passed + 1 if in_review else None
    return [
        Row(
            i,
            level["label"],
            holder_text(holder_now(reply, level) if i == now else level),
            signed.get(i),
            i == now,
        )
        for i, level in enumerate(levels_of(reply), 1)
    ]


def returns(reply: Reply) -> list[ReplySignoff]:
    """Every time a level sent this reply back, with its comments (newest first)."""
    sent_back = [so for so in reply.signoffs.all() if so.decision == ReplySignoff.Decision.RETURNED]
    return sorted(sent_back, key=lambda so: so.at, reverse=True)


# --- Configuring a unit's chain --------------------------------------------------------------------


def candidates(level: dict, people: list[User], named: set[int]) -> set[int]:
    if level["person"]:
        return {level["person"]}
    return {u.pk for u in people if u.role == level["role"] and u.pk not in named}


def unfillable(unit: Unit, levels: list[dict]) -> str | None:
    """Why no set of distinct people of the unit could pass every level (None: some can).

    A matching of levels to people (augmenting paths: at most six levels), so a chain of three
    leader levels in a unit with two leaders is refused when it is saved, not when a reply is stuck.
    """
    people = list(User.objects.filter(unit=unit, is_active=True, role__in=list(HOLDER_ROLES)))
    named = {level["person"] for level in levels if level["person"]}
    options = [candidates(level, people, named) for level in levels]
    taken: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for person in options[i]:
            if person in seen:
                continue
            seen.add(person)
            if person not in taken or place(taken[person], seen):
                taken[person] = i
                return True
        return False

    for i, level in enumerate(levels):
        if not place(i, set()):
            return f"本单位没有足够的不同人员完成“{level['label']}”及之前各级审核（同一人不能审核两级），请增加人员或调整流程"
    return None


def configure(unit: Unit, levels: list[dict], *, actor: User) -> ReviewChain:
    """Replace the unit's chain with `levels` (validated by `forms.ReviewChainForm`); audited."""
    with transaction.atomic():
        chain, _created = ReviewChain.objects.select_for_update().get_or_create(unit=unit)
        chain.levels.all().delete()
        ReviewLevel.objects.bulk_create(
            ReviewLevel(chain=chain, position=i, label=lv["label"], role=lv["role"] or "", person_id=lv["person"])
            for i, lv in enumerate(levels, 1)
        )
        chain.updated_at, chain.updated_by = timezone.now(), actor
        chain.save(update_fields=["updated_at", "updated_by"])
        reference.forget(("review_chain", unit.pk))
        audit_log.write(
            "review_chain.configure",
            chain,
            actor=actor,
            detail={"levels": [{"label": lv["label"], "role": lv["role"], "person": lv["person"]} for lv in levels]},
        )
    return chain


def reset(unit: Unit, *, actor: User) -> None:
    """Go back to the default chain."""
    with transaction.atomic():
        chain = ReviewChain.objects.filter(unit=unit).first()
        if chain:
            audit_log.write("review_chain.reset", chain, actor=actor)
            chain.delete()
            reference.forget(("review_chain", unit.pk))
