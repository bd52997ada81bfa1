"""The demo's review chains (四级把关, 逐级审核): who reviews the replies of each unit.

Five big units have chains of their own, of three to five levels, held by named people and roles;
the others keep the default (Policy.review_levels levels held by the unit's leaders), so each of
them gets enough leaders for every level to be passed by a different person. `reviewer(s)` tells
the loader who passes the current level of a reply, as the rule requires.
"""

import random

from accounts.models import Role, User
from congress.models import Policy, Unit
from demo import content
from suggestions import review
from suggestions.models import Reply

H, L = Role.UNIT_HANDLER, Role.UNIT_LEADER

# unit -> levels: (label, role the level is held by, or a new named person (title, role), or "leader"
# for the unit's existing leader by name).
CHAINS = {
    # The memorable leader login is the education department's 分管领导: the one in-review reply waits for them.
    "省教育厅": [
        ("经办人", H),
        ("处室负责人", ("基础教育处处长", H)),
        ("办公室", ("办公室主任", H)),
        ("分管领导", "leader"),
        ("签发", ("厅长", L)),
    ],
    "省交通运输厅": [
        ("经办人", H),
        ("处室负责人", ("综合规划处处长", H)),
        ("分管领导", L),
        ("签发", ("厅长", L)),
    ],
    "省农业农村厅": [
        ("处室负责人", ("乡村产业发展处处长", H)),
        ("办公室", ("办公室主任", H)),
        ("签发", L),
    ],
    "省公安厅": [
        ("经办人", H),
        ("法制总队审核", ("法制总队负责人", H)),
        ("办公室", ("办公室主任", H)),
        ("签发", L),
    ],
    "省乡村振兴局": [
        ("政策法规处", ("政策法规处处长", H)),
        ("分管领导", ("副局长", L)),
        ("签发", L),
    ],
}
# The level at which the in-review demo reply waits (the leader login's), see loader's "in-review" plan.
IN_REVIEW_STOP = "approve_reply@3"


def setup(units: dict[str, Unit], leaders: dict[int, User], password: str) -> None:
    """Make the reviewers and configure the chains. A separate random stream: the rest of the demo is unchanged."""
    rng = random.Random("demo:chains")  # noqa: S311 -- demo data, not secrets
    default = max(1, Policy.current().review_levels)
    for unit in units.values():
        if unit.short_name in CHAINS:
            continue
        for n in range(2, default + 1):  # 副职: the default chain's levels by different leaders
            _person(rng, unit, f"{leaders[unit.pk].username}{n}", L, password)
    for short_name, rows in CHAINS.items():
        unit, levels = units[short_name], []
        for i, (label, holder) in enumerate(rows, 1):
            if holder == "leader":
                levels.append({"label": label, "role": "", "person": leaders[unit.pk].pk})
            elif isinstance(holder, tuple):
                _title, role = holder
                person = _person(rng, unit, f"{leaders[unit.pk].username.removesuffix('_leader')}_r{i}", role, password)
                levels.append({"label": label, "role": "", "person": person.pk})
            else:
                levels.append({"label": label, "role": holder, "person": None})
        if any(lv["role"] == L for lv in levels):  # a level any leader holds, besides the named ones
            _person(rng, unit, f"{leaders[unit.pk].username}2", L, password)
        reason = review.unfillable(unit, levels)
        assert reason is None, reason  # noqa: S101 -- the demo's own data
        review.configure(unit, levels, actor=leaders[unit.pk])


def _person(rng, unit: Unit, username: str, role: str, password: str) -> User:
    name = content.person_name(rng)
    return User.objects.create(
        username=username, password=password, role=role, unit=unit, last_name=name[0], first_name=name[1:]
    )


def length(unit: Unit) -> int:
    return len(review.chain_for(unit))


def reviewer(s) -> User:
    """Who passes (or sends back) the current level of the suggestion's reply in review: the first who may."""
    return review.may_take_now(Reply.objects.get(suggestion=s, round=s.reply_round + 1)).first()
