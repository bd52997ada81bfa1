"""不满意: the unit handles it again and replies again; after the last round it closes face to face."""

from django.utils import timezone

from congress.models import Policy
from suggestions.models import Suggestion
from tests.core.scenarios import act, get
from tests.world import advance, letter, pass_review


def reply_again(world, api, sid):
    handler = api(world.handler)
    today = timezone.localdate().isoformat()
    act(handler, sid, "record", {"kind": "contact", "channel": "meeting", "happened_on": today, "summary": "当面沟通"})
    act(handler, sid, "draft_reply", {"body": "经重新研究，答复如下……", "category": world.category("B").pk})
    act(handler, sid, "submit_reply")
    pass_review(Suggestion.objects.get(pk=sid), lambda reviewer: act(api(reviewer), sid, "approve_reply"))
    return act(handler, sid, "send_reply", {"letter": letter()}, format="multipart")


def test_unsatisfied_is_rehandled_replied_again_and_closed(world, api):
    s = advance(world, world.new_draft(), "replied", co_unit=False)
    deputy = api(world.deputy)
    detail = act(deputy, s.pk, "rate", {"result": "unsatisfied", "attitude": "basic", "comment": "未回应核心诉求"})
    assert detail["status"] == "rehandling" and detail["rating"] == ""
    assert detail["events"][-1]["name"] == "rehandle" and detail["events"][-1]["actor"] == "系统"
    assert [d for d in detail["due_dates"] if d["kind"] == "re_reply" and not d["met_at"]]

    # The old contact record does not count for the new round.
    handler = api(world.handler)
    act(handler, s.pk, "draft_reply", {"body": "第二轮答复", "category": world.category("B").pk})
    act(handler, s.pk, "submit_reply")
    pass_review(s, lambda reviewer: act(api(reviewer), s.pk, "approve_reply"))
    body = act(handler, s.pk, "send_reply", {"letter": letter()}, format="multipart", expect=409)
    assert "沟通" in body["detail"]
    act(handler, s.pk, "draft_reply", {"body": "第二轮答复", "category": world.category("B").pk}, expect=409)

    today = timezone.localdate().isoformat()
    act(handler, s.pk, "record", {"kind": "contact", "channel": "visit", "happened_on": today, "summary": "上门走访"})
    detail = act(handler, s.pk, "send_reply", {"letter": letter()}, format="multipart")
    assert detail["status"] == "replied" and detail["reply_round"] == 2
    assert [r["round"] for r in get(deputy, s.pk)["replies"]] == [1, 2]

    detail = act(deputy, s.pk, "rate", {"result": "satisfied", "attitude": "satisfied"})
    assert detail["status"] == "closed" and detail["rating"] == "satisfied"
    assert detail["replies"][1]["evaluations"][0]["result"] == "satisfied"


def test_still_unsatisfied_after_the_last_round_closes_with_face_to_face(world, api):
    policy = Policy.current()
    policy.max_reply_rounds = 2
    policy.save()
    s = advance(world, world.new_draft(), "replied", co_unit=False)
    deputy = api(world.deputy)
    act(deputy, s.pk, "rate", {"result": "unsatisfied", "attitude": "basic", "comment": "不满意"})
    reply_again(world, api, s.pk)
    detail = act(deputy, s.pk, "rate", {"result": "unsatisfied", "attitude": "unsatisfied", "comment": "仍不满意"})
    assert detail["status"] == "closed" and detail["rating"] == "unsatisfied"
    close = detail["events"][-1]
    assert close["name"] == "close" and "当面沟通" in close["payload"]["face_to_face"]
