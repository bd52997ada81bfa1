"""联名: a lead deputy and two co-signers, each confirming; every one of them rates; the worst counts."""

from tests.core.scenarios import act, get
from tests.world import advance


def test_joint_suggestion_of_three_deputies(world, api):
    lead, c1, c2 = api(world.deputy), api(world.cosigner), api(world.cosigner2)
    r = lead.post(
        "/api/v1/suggestions/",
        {
            "session": world.session.pk,
            "title": "关于建设郑洛城际快速通道的建议",
            "body": "正文",
            "field": world.field.pk,
        },
        format="json",
    )
    assert r.status_code == 201
    sid = r.json()["id"]
    get(c1, sid, expect=404)
    act(lead, sid, "invite_cosigners", {"deputies": [world.cosigner.deputy.pk, world.cosigner2.deputy.pk]})
    assert [a["name"] for a in get(c1, sid)["available_actions"]] == ["confirm_cosign", "decline_cosign"]

    body = act(lead, sid, "submit", expect=409)
    assert "李秀英" in body["detail"] and "张伟" in body["detail"]
    act(c1, sid, "confirm_cosign")
    act(c1, sid, "confirm_cosign", expect=409)
    act(c2, sid, "confirm_cosign")
    detail = act(lead, sid, "edit", {"body": "修改后的正文"})
    assert [d["confirmed_at"] is None for d in detail["deputies"]] == [False, True, True]
    assert detail["events"][-1]["payload"]["confirmations_reset"] == 2
    act(lead, sid, "submit", expect=409)
    act(c1, sid, "confirm_cosign")
    act(c2, sid, "confirm_cosign")
    assert act(lead, sid, "submit")["status"] == "submitted"

    s = advance(world, _suggestion(sid), "replied", co_unit=False)
    act(lead, s.pk, "rate", {"result": "satisfied", "attitude": "satisfied"})
    act(c1, s.pk, "rate", {"result": "basic", "attitude": "satisfied"})
    assert get(lead, s.pk)["status"] == "replied"
    act(c1, s.pk, "rate", {"result": "basic", "attitude": "satisfied"}, expect=409)
    detail = act(c2, s.pk, "rate", {"result": "satisfied", "attitude": "basic"})
    assert detail["status"] == "closed" and detail["rating"] == "basic"  # the worst of the three
    assert len(detail["replies"][0]["evaluations"]) == 3


def test_one_unsatisfied_cosigner_sends_it_back(world, api):
    s = world.new_draft()
    act(api(world.deputy), s.pk, "invite_cosigners", {"deputies": [world.cosigner.deputy.pk]})
    act(api(world.cosigner), s.pk, "confirm_cosign")
    advance(world, s, "replied", co_unit=False)
    act(api(world.deputy), s.pk, "rate", {"result": "satisfied", "attitude": "satisfied"})
    detail = act(api(world.cosigner), s.pk, "rate", {"result": "unsatisfied", "attitude": "basic", "comment": "未解决"})
    assert detail["status"] == "rehandling"


def test_declining_removes_the_cosigner(world, api):
    s = world.new_draft()
    act(api(world.deputy), s.pk, "invite_cosigners", {"deputies": [world.cosigner.deputy.pk]})
    act(api(world.cosigner), s.pk, "decline_cosign", expect=204)  # they no longer see it
    get(api(world.cosigner), s.pk, expect=404)
    assert act(api(world.deputy), s.pk, "submit")["status"] == "submitted"


def _suggestion(pk):
    from suggestions.models import Suggestion

    return Suggestion.objects.get(pk=pk)
