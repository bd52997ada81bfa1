"""答复前须与代表沟通: configurable, on by default."""

from django.utils import timezone

from congress.models import Policy
from tests.core.scenarios import act, get
from tests.world import advance, letter, pass_review


def signed_reply(world, api):
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    act(api(world.handler), s.pk, "sign")
    act(api(world.handler), s.pk, "draft_reply", {"body": "答复", "category": world.category("A").pk})
    act(api(world.handler), s.pk, "submit_reply")
    pass_review(s, lambda reviewer: act(api(reviewer), s.pk, "approve_reply"))
    return s


def test_reply_is_blocked_until_the_deputy_is_contacted(world, api):
    assert Policy.current().require_contact_before_reply
    s = signed_reply(world, api)
    blocked = {a["name"]: a["blocked_reason"] for a in get(api(world.handler), s.pk)["available_actions"]}
    assert blocked["send_reply"] == "答复前须记录与代表的沟通情况"
    act(api(world.handler), s.pk, "send_reply", {"letter": letter()}, format="multipart", expect=409)
    body = act(
        api(world.handler),
        s.pk,
        "record",
        {"kind": "contact", "happened_on": timezone.localdate().isoformat(), "summary": "x"},
        expect=400,
    )
    assert "channel" in body["errors"]  # a contact says how
    act(
        api(world.handler),
        s.pk,
        "record",
        {
            "kind": "contact",
            "channel": "wechat",
            "happened_on": timezone.localdate().isoformat(),
            "summary": "微信沟通",
        },
    )
    assert act(api(world.handler), s.pk, "send_reply", {"letter": letter()}, format="multipart")["status"] == "replied"


def test_rule_can_be_switched_off(world, api):
    policy = Policy.current()
    policy.require_contact_before_reply = False
    policy.save()
    s = signed_reply(world, api)
    assert act(api(world.handler), s.pk, "send_reply", {"letter": letter()}, format="multipart")["status"] == "replied"
