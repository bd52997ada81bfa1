"""Not a suggestion (不作为建议处理): the deputy is told which reason, and why."""

from tests.core.scenarios import act, get


def test_rejection_reason_and_note_reach_the_deputy(world, api):
    s = world.new_draft()
    act(api(world.deputy), s.pk, "submit")
    act(api(world.office), s.pk, "reject", {"reason": "court_case", "note": "涉及具体案件，请通过法定途径反映。"})
    mine = get(api(world.deputy), s.pk)
    assert mine["status"] == "not_suggestion"
    assert mine["not_suggestion_reason"] == "court_case"
    assert mine["not_suggestion_reason_display"] == "涉及具体案件"
    last = mine["events"][-1]
    assert last["name"] == "reject" and last["payload"]["note"] == "涉及具体案件，请通过法定途径反映。"
    assert mine["available_actions"] == []
    assert mine["number"] is None


def test_rejection_needs_a_known_reason_and_a_note(world, api):
    s = world.new_draft()
    act(api(world.deputy), s.pk, "submit")
    body = act(api(world.office), s.pk, "reject", {"reason": "boring"}, expect=400)
    assert set(body["errors"]) == {"reason", "note"}
    assert get(api(world.office), s.pk)["status"] == "submitted"
