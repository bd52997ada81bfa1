"""A co-handling unit's written opinion (协办意见) is owed before the lead unit can reply."""

from django.utils import timezone

from tests.core.scenarios import act, get
from tests.world import advance, letter, pass_review


def test_reply_waits_for_the_co_unit_opinion(world, api):
    s = advance(world, world.new_draft(), "assigned")
    handler, co = api(world.handler), api(world.co_handler)
    act(handler, s.pk, "sign")
    act(co, s.pk, "send_co_opinion", {"summary": "同意"}, expect=409)  # must sign for it first
    act(co, s.pk, "sign_as_co")
    today = timezone.localdate().isoformat()
    act(handler, s.pk, "record", {"kind": "contact", "channel": "visit", "happened_on": today, "summary": "走访代表"})
    act(handler, s.pk, "draft_reply", {"body": "答复正文", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")
    pass_review(s, lambda reviewer: act(api(reviewer), s.pk, "approve_reply"))
    body = act(handler, s.pk, "send_reply", {"letter": letter()}, format="multipart", expect=409)
    assert "省民政厅" in body["detail"] and "协办意见" in body["detail"]
    blocked = {a["name"]: a["blocked_reason"] for a in get(handler, s.pk)["available_actions"]}
    assert "协办意见" in blocked["send_reply"]

    detail = act(co, s.pk, "send_co_opinion", {"summary": "我厅将配合做好关爱服务。"})
    assert any(r["kind"] == "co_opinion" and r["unit"] == "省民政厅" for r in detail["records"])
    act(co, s.pk, "send_co_opinion", {"summary": "再次提交"}, expect=409)
    detail = act(handler, s.pk, "send_reply", {"letter": letter()}, format="multipart")
    assert detail["status"] == "replied"
    assert all(d["met_at"] for d in detail["due_dates"] if d["kind"] in ("co_opinion", "reply"))


def test_co_unit_sends_its_opinion_before_the_lead_unit_signs(world, api):
    """The co-unit's opinion depends on the co-unit: its deadline runs from assignment, not from the lead's sign-for."""
    s = advance(world, world.new_draft(), "assigned")
    co = api(world.co_handler)
    blocked = {a["name"]: a["blocked_reason"] for a in get(co, s.pk)["available_actions"]}
    assert blocked["send_co_opinion"] == "请先签收"  # offered, and says what comes first
    act(co, s.pk, "sign_as_co")
    blocked = {a["name"]: a["blocked_reason"] for a in get(co, s.pk)["available_actions"]}
    assert blocked["send_co_opinion"] is None
    detail = act(co, s.pk, "send_co_opinion", {"summary": "我厅将配合做好关爱服务。"})
    assert detail["status"] == "assigned"  # the lead unit has still not signed
    assert all(d["met_at"] for d in detail["due_dates"] if d["kind"] == "co_opinion")
    act(
        api(world.handler),
        s.pk,
        "record",
        {"kind": "research", "happened_on": "2020-01-01", "summary": "调研"},
        expect=409,
    )
