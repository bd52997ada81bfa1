"""Handing on and handing back tell the people concerned: the responsible persons and the divisions'
people hear of their part and its internal due date; the unit's office hears of a part handed back."""

from datetime import timedelta

from accounts.models import Role
from congress.workdays import fmt
from supervision.models import Notification
from tests.core.scenarios import act
from tests.workbench.helpers import SIGNED, many
from tests.world import _user
from units.models import Membership

from .helpers import item, organise, reply_due
from .test_handoffs import hand_three


def _notes(user, kind):
    """What `user` was told of that kind about hand-offs (the unit's people also had the 新交办 of the unit)."""
    found = Notification.objects.filter(recipient=user, kind=kind, title__startswith="处室")
    return list(found.values_list("title", "body"))


def test_responsible_persons_and_division_people_hear_of_their_part_and_its_date(world, api):
    org = organise(world)
    sun = _user("sun", Role.UNIT_HANDLER, "孙强", world.lead_unit)
    Membership.objects.create(user=sun, division=org.policy)
    s = many(world, 1, SIGNED)[0]
    before = Notification.objects.count()
    hand_three(world, org, s, api)
    handed = Notification.objects.order_by("pk")[before:]
    due = reply_due(s).due_date - timedelta(days=10)
    title = f"处室交办：{s.display_number}“{s.title}”"
    new = Notification.Kind.NEW_ASSIGNMENT
    assert _notes(org.zhang, new) == [
        (title, f"本单位办公室将此建议交政策法规处（主办处室）办理，由您担任责任人，内部办理期限为{fmt(due)}。")
    ]
    assert _notes(sun, new) == [
        (title, f"本单位办公室将此建议交政策法规处（主办处室）办理，责任人张明，内部办理期限为{fmt(due)}。")
    ]
    assert "开发指导处（协办处室）办理，由您担任责任人，内部办理期限为" in _notes(org.wang, new)[0][1]
    assert fmt(due - timedelta(days=5)) in _notes(org.wang, new)[0][1]
    # The office person who handed it on, and the unit's leader, are not told what they did or need not do.
    assert sorted(n.recipient.username for n in handed) == ["li", "sun", "wang", "zhang"]
    assert all(n.suggestion_id == s.pk and n.kind == new for n in handed)


def test_a_part_handed_back_is_told_to_the_units_office(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    due = reply_due(s).due_date
    act(api(world.handler), s.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.zhang, due)]})
    act(api(org.zhang), s.pk, "hand_back", {"reason": "该建议涉及规划编制，建议由规划财务处主办"})
    changed = Notification.Kind.ASSIGNMENT
    expected = [
        (
            f"处室退回：{s.display_number}“{s.title}”",
            "政策法规处（主办处室）退回办公室，理由：该建议涉及规划编制，建议由规划财务处主办",
        )
    ]
    assert _notes(world.handler, changed) == expected  # the office division's person
    assert _notes(world.leader, changed) == expected  # the unit's leader is its office too
    assert _notes(org.zhang, changed) == [] and _notes(org.li, changed) == []
