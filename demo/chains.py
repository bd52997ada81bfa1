"""The demo's review chains (四级把关, 逐级审核): who reviews the replies of each unit.

Five big units have chains of their own, of three to five levels, held by named people and roles;
the others keep the default (Policy.review_levels levels held by the unit's leaders), so each of
them gets enough leaders for every level to be passed by a different person. `reviewers(unit)` tells
the loader who passes each level of a reply, as the rule requires.
"""

import random

from accounts.models import Role, User
from congress import reference
from congress.models import Policy, Unit
from demo import content
from suggestions import review

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


def reviewers(unit: Unit) -> list[User]:
    """Who passes (or sends back) each level of the unit's chain, first to last: the first of the unit's
    people by id who may take it (`review.may_take_now`'s rule: the named person, or one of the level's
    role named for no level who passed no earlier level of the submission). Nobody of the demo leaves
    a unit and no chain changes while the lives run, so this is worked out once per unit (inside
    `reference.cached()`), not read at every step; a wrong pick would be refused by the step's guards."""
    return reference.read(("demo_reviewers", unit.pk), lambda: _reviewers(unit))


def _reviewers(unit: Unit) -> list[User]:
    levels = review.chain_for(unit)
    people = list(User.objects.filter(unit=unit, is_active=True).order_by("pk"))
    named = {level["person"] for level in levels if level["person"]}
    picked: list[User] = []
    for level in levels:
        if level["person"]:
            picked.append(next(u for u in people if u.pk == level["person"]))
        else:
            picked.append(next(u for u in people if u.role == level["role"] and u not in picked and u.pk not in named))
    return picked
