"""Without a chain of its own, a unit's replies pass Policy.review_levels levels held by its leaders (四级把关),
each level by a different leader, before they are signed off."""

from accounts.models import Role, User
from congress.models import Policy
from tests.core.scenarios import act, get
from tests.world import PASSWORD, advance


def set_levels(n):
    policy = Policy.current()
    policy.review_levels = n
    policy.save()


def leaders(world, n):
    more = [
        User.objects.create_user(f"leader{i}", password=PASSWORD, role=Role.UNIT_LEADER, unit=world.lead_unit)
        for i in range(2, n + 1)
    ]
    return [world.leader, *more]


def test_reply_needs_every_review_level_by_different_leaders_and_can_be_returned(world, api):
    set_levels(4)
    l1, l2, l3, l4 = (api(u) for u in leaders(world, 4))
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    handler = api(world.handler)
    act(handler, s.pk, "sign")
    act(handler, s.pk, "draft_reply", {"body": "初稿", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")
    refused = act(handler, s.pk, "approve_reply", expect=409)  # the default chain's levels are the leaders'
    assert refused["detail"] == "第1级“第1级审核”由本单位负责人审核"
    act(handler, s.pk, "draft_reply", {"body": "改稿", "category": world.category("A").pk}, expect=409)
    for level, leader in ((1, l1), (2, l2)):
        detail = act(leader, s.pk, "approve_reply")
        assert detail["events"][-1]["payload"]["level"] == level and detail["events"][-1]["payload"]["of"] == 4
    act(l1, s.pk, "approve_reply", expect=409)  # passed level 1 already
    detail = act(l3, s.pk, "return_reply", {"note": "数据需核实"})
    assert (detail["replies"][0]["stage"], detail["replies"][0]["levels_passed"]) == ("drafting", 0)
    assert detail["events"][-1]["payload"] == {"level": 3, "label": "第3级审核", "note": "数据需核实"}

    act(handler, s.pk, "draft_reply", {"body": "改稿", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")  # the chain starts again from level 1
    for leader in (l1, l2, l3):
        assert act(leader, s.pk, "approve_reply")["replies"][0]["stage"] == "in_review"
    detail = act(l4, s.pk, "approve_reply")
    assert detail["replies"][0]["stage"] == "signed" and detail["replies"][0]["body"] == "改稿"
    act(l4, s.pk, "approve_reply", expect=409)
    assert get(api(world.deputy), s.pk)["replies"] == []  # deputies see sent replies only


def test_a_single_level_signs_at_once(world, api):
    set_levels(1)
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    act(api(world.handler), s.pk, "sign")
    act(api(world.handler), s.pk, "draft_reply", {"body": "答复", "category": world.category("C").pk})
    act(api(world.handler), s.pk, "submit_reply")
    assert act(api(world.leader), s.pk, "approve_reply")["replies"][0]["stage"] == "signed"
