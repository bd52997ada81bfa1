"""The reply passes Policy.review_levels internal reviews (四级把关) before it is signed off."""

from congress.models import Policy
from tests.core.scenarios import act, get
from tests.world import advance


def set_levels(n):
    policy = Policy.current()
    policy.review_levels = n
    policy.save()


def test_reply_needs_every_review_level_and_can_be_returned(world, api):
    set_levels(4)
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    handler, leader = api(world.handler), api(world.leader)
    act(handler, s.pk, "sign")
    act(handler, s.pk, "draft_reply", {"body": "初稿", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")
    act(handler, s.pk, "approve_reply", expect=403)  # a handler is no reviewer
    act(handler, s.pk, "draft_reply", {"body": "改稿", "category": world.category("A").pk}, expect=409)
    for level in (1, 2):
        detail = act(leader, s.pk, "approve_reply")
        assert detail["events"][-1]["payload"]["level"] == level and detail["events"][-1]["payload"]["of"] == 4
    detail = act(leader, s.pk, "return_reply", {"note": "数据需核实"})
    assert (detail["replies"][0]["stage"], detail["replies"][0]["levels_passed"]) == ("drafting", 0)
    assert detail["events"][-1]["payload"] == {"level": 3, "note": "数据需核实"}

    act(handler, s.pk, "draft_reply", {"body": "改稿", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")
    for _ in range(3):
        assert act(leader, s.pk, "approve_reply")["replies"][0]["stage"] == "in_review"
    detail = act(leader, s.pk, "approve_reply")
    assert detail["replies"][0]["stage"] == "signed" and detail["replies"][0]["body"] == "改稿"
    act(leader, s.pk, "approve_reply", expect=409)
    assert get(api(world.deputy), s.pk)["replies"] == []  # deputies see sent replies only


def test_a_single_level_signs_at_once(world, api):
    set_levels(1)
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    act(api(world.handler), s.pk, "sign")
    act(api(world.handler), s.pk, "draft_reply", {"body": "答复", "category": world.category("C").pk})
    act(api(world.handler), s.pk, "submit_reply")
    assert act(api(world.leader), s.pk, "approve_reply")["replies"][0]["stage"] == "signed"
