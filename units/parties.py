"""How a unit's person stands to a suggestion their unit handles (registered in `apps.py`).

- The unit's office (`Party.UNIT_OFFICE`): the people of its 办公室 division, and its leaders
  (负责人), who also keep the organisation; a unit that has not set up divisions still has an office.
- A division (`Party.DIVISION`): the people of a division the suggestion was handed to, and the
  responsible person (责任人) named for it.
"""

from django.db.models import Exists, Q, Value

from accounts.models import Role, User
from congress.models import Unit
from suggestions.workflow import Context, Party

from .models import Handoff, Membership


def _office_membership(user):
    """The user's place in their unit's office division (办公室)."""
    return Membership.objects.filter(user=user, division__unit=user.unit_id, division__is_office=True)


def office_people(unit_id) -> list[User]:
    """The unit's office (active): its leaders and its office division's people."""
    office = Q(role=Role.UNIT_LEADER) | Q(
        role=Role.UNIT_HANDLER,
        division_membership__division__unit=unit_id,
        division_membership__division__is_office=True,
    )
    return list(User.objects.filter(office, unit_id=unit_id, is_active=True))


def may_organise(user) -> bool:
    """Who keeps the unit's divisions and their people: its leaders (负责人)."""
    return user.is_unit_staff and user.role == Role.UNIT_LEADER


def unit_parties(ctx: Context) -> None:
    """One query on every step a unit's person takes: both questions as EXISTS of one row."""
    user, assignment = ctx.user, ctx.assignment
    if user is None or assignment is None:
        return
    handed = Exists(Handoff.objects.active().filter(assignment=assignment).of_person(user))
    # A leader is of the unit's office without asking; anyone else by their division.
    in_office = Value(True) if user.role == Role.UNIT_LEADER else Exists(_office_membership(user))
    row = Unit.objects.filter(pk=assignment.unit_id).values_list(in_office, handed).first()
    office, division = row or (False, False)
    if office:
        ctx.parties.add(Party.UNIT_OFFICE)
    if division:
        ctx.parties.add(Party.DIVISION)
