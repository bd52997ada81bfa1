"""A unit with an office and three business divisions (as 省乡村振兴局 had), each with its people."""

from dataclasses import dataclass

from accounts.models import Role, User
from suggestions.models import Deadline
from tests.world import World, _user
from units.models import Division, Membership


@dataclass
class Organisation:
    office: Division  # the world's handler works here
    policy: Division  # 政策法规处: zhang
    planning: Division  # 规划财务处: li
    guidance: Division  # 开发指导处: wang
    zhang: User
    li: User
    wang: User


def organise(w: World) -> Organisation:
    unit = w.lead_unit
    zhang = _user("zhang", Role.UNIT_HANDLER, "张明", unit)
    li = _user("li", Role.UNIT_HANDLER, "李红", unit)
    wang = _user("wang", Role.UNIT_HANDLER, "王磊", unit)
    office = Division.objects.create(unit=unit, name="办公室", is_office=True, head=w.handler)
    policy = Division.objects.create(unit=unit, name="政策法规处", head=zhang, order=1)
    planning = Division.objects.create(unit=unit, name="规划财务处", head=li, order=2)
    guidance = Division.objects.create(unit=unit, name="开发指导处", head=wang, order=3)
    for user, division in [(w.handler, office), (zhang, policy), (li, planning), (wang, guidance)]:
        Membership.objects.create(user=user, division=division)
    return Organisation(office, policy, planning, guidance, zhang, li, wang)


def reply_due(s) -> Deadline:
    return Deadline.objects.open().get(suggestion=s, kind=Deadline.Kind.REPLY)


def item(division, role, responsible, due) -> dict:
    return {"division": division.pk, "role": role, "responsible": responsible.pk, "due_date": due.isoformat()}
