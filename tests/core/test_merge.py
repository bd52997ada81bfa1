"""Merged (并案): the merged deputy follows the target, rates its reply, and every deputy is answered."""

from suggestions import actions
from tests.core.scenarios import act, get
from tests.world import advance


def test_merged_deputy_sees_target_and_rates_its_reply(world, api):
    target = advance(world, world.new_draft(), "registered")
    merged = world.new_draft("关于加强乡村学校心理教师配备的建议", by=world.outsider)
    actions.submit(merged, actor=world.outsider)
    outsider, office = api(world.outsider), api(world.office)
    assert get(outsider, target.pk, expect=404)

    detail = act(office, merged.pk, "merge", {"into": target.pk, "note": "内容相近，并案办理"})
    assert detail["status"] == "merged" and detail["merged_into"] == target.pk
    seen = get(outsider, target.pk)
    assert {d["name"]: d["role"] for d in seen["deputies"]} == {"王建国": "lead", "刘洋": "merged"}
    assert seen["events"][-1]["name"] == "merged_in"
    assert seen["version"] == len(seen["events"]) - 1

    advance(world, target, "replied")
    seen = get(outsider, target.pk)
    assert [r["stage"] for r in seen["replies"]] == ["sent"]  # every deputy gets the reply
    assert [a["name"] for a in seen["available_actions"]] == ["rate"]
    act(api(world.deputy), target.pk, "rate", {"result": "satisfied", "attitude": "satisfied"})
    assert get(outsider, target.pk)["status"] == "replied"  # still waiting for the merged deputy
    detail = act(outsider, target.pk, "rate", {"result": "basic", "attitude": "satisfied"})
    assert detail["status"] == "closed" and detail["rating"] == "basic"


def test_cannot_merge_into_itself_or_a_suggestion_already_replied(world, api):
    done = advance(world, world.new_draft(), "replied")
    s = world.new_draft("另一条建议")
    actions.submit(s, actor=world.deputy)
    office = api(world.office)
    assert "into" in act(office, s.pk, "merge", {"into": s.pk}, expect=400)["errors"]
    assert "into" in act(office, s.pk, "merge", {"into": done.pk}, expect=400)["errors"]
    assert get(office, s.pk)["status"] == "submitted"
