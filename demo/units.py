"""Demo data for a unit's internal organisation: divisions (处室) in the big units, their people, and
suggestions their offices handed to divisions (units/).

Called by demo/loader.py once the suggestions exist, at the demo's "now". Goes through the same step a
unit's office would (`hand_to_divisions`, `hand_back`). Repeat-safe: a unit with divisions is left alone.
"""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import Role, User
from congress.models import Unit
from demo import content
from suggestions.models import Assignment, Status
from units import actions
from units.handoffs import unit_deadline
from units.models import Division, Handoff, Membership

# unit short name -> (username prefix, business divisions). Each unit also has its 办公室, where its
# handler works; the first division's head logs in as <prefix>1 (demo_logins lists jyt1).
ORGANISATION = {
    "省教育厅": ("jyt", ["基础教育处", "高等教育处", "职业教育与成人教育处", "教师工作处", "发展规划处"]),
    "省交通运输厅": ("jtt", ["综合规划处", "公路处", "运输服务处", "财务审计处"]),
    "省农业农村厅": ("nync", ["发展规划处", "种植业管理处", "畜牧兽医处", "农田建设管理处"]),
    "省乡村振兴局": ("xczx", ["政策法规处", "规划财务处", "开发指导处"]),
    "省公安厅": ("gat", ["治安管理总队", "交通管理局", "法制总队"]),
}
PER_UNIT = 6  # suggestions each unit's office hands on
RETURN_REASON = "该建议主要涉及资金安排，建议改由规划财务方面的处室主办"


def organise(password_hash: str) -> int:
    """Divisions and people for the units above; then hand some of their suggestions to divisions.

    `password_hash`: the demo password, hashed once for every demo login (argon2 takes a while)."""
    rng = random.Random("demo:units")  # noqa: S311 -- demo data, not secrets
    hash_ = password_hash
    handed = 0
    for short_name, (prefix, names) in ORGANISATION.items():
        unit = Unit.objects.filter(short_name=short_name).first()
        if unit is None or Division.objects.filter(unit=unit).exists():
            continue
        divisions = _divisions(rng, unit, prefix, names, hash_)
        handed += _hand_on(unit, divisions)
    return handed


def _divisions(rng, unit: Unit, prefix: str, names: list[str], hash_: str) -> list[Division]:
    leader = User.objects.filter(unit=unit, role=Role.UNIT_LEADER).order_by("pk").first()
    handler = User.objects.filter(unit=unit, role=Role.UNIT_HANDLER).order_by("pk").first()
    office = actions.save_division(unit, actor=leader, name="办公室", is_office=True, head=handler)
    made = []
    for n, name in enumerate(names, 1):
        people = []
        for suffix in ("", "b"):
            family, *given = content.person_name(rng)
            people.append(
                User.objects.create(
                    username=f"{prefix}{n}{suffix}",
                    password=hash_,
                    role=Role.UNIT_HANDLER,
                    unit=unit,
                    last_name=family,
                    first_name="".join(given),
                )
            )
        division = actions.save_division(unit, actor=leader, name=name, is_office=False, head=people[0])
        Membership.objects.update_or_create(user=people[1], defaults={"division": division})
        made.append(division)
    return [office, *made]


def _hand_on(unit: Unit, divisions: list[Division]) -> int:
    office, business = divisions[0], divisions[1:]
    actor = office.head
    today = timezone.localdate()
    signed = (
        Assignment.objects.filter(
            unit=unit,
            is_active=True,
            signed_at__isnull=False,
            suggestion__status__in=[Status.HANDLING, Status.REHANDLING],
        )
        .select_related("suggestion")
        .order_by("suggestion__number", "pk")
    )
    handed = 0
    for assignment in signed:
        if handed == PER_UNIT:
            break
        deadline = unit_deadline(assignment)
        if deadline is None or deadline.due_date < today + timedelta(days=7):
            continue
        due = max(today + timedelta(days=7), deadline.due_date - timedelta(days=15))
        lead = business[handed % len(business)]
        # The first is handled together by three divisions (as 省乡村振兴局 did); every third by two.
        helpers = [d for d in business if d != lead][: 2 if handed == 0 else 1 if handed % 3 == 0 else 0]
        items = [{"division": lead, "role": Handoff.Role.LEAD, "responsible": lead.head, "due_date": due}]
        items += [
            {"division": d, "role": Handoff.Role.ASSIST, "responsible": d.head, "due_date": due - timedelta(days=5)}
            for d in helpers
        ]
        s = assignment.suggestion
        actions.hand_to_divisions(s, actor=actor, handoffs=items)
        if handed == 1:
            # A division hands one back; the office re-hands it to another.
            actions.hand_back(
                s,
                actor=lead.head,
                handoff=Handoff.objects.get(assignment=assignment, division=lead),
                reason=RETURN_REASON,
            )
            other = business[(handed + 1) % len(business)]
            items = [{"division": other, "role": Handoff.Role.LEAD, "responsible": other.head, "due_date": due}]
            actions.hand_to_divisions(s, actor=actor, handoffs=items)
        handed += 1
    return handed
