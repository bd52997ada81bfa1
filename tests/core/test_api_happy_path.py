"""A whole suggestion, draft to closed, through the HTTP API as each role would act."""

from django.utils import timezone

from suggestions.models import Suggestion
from tests.world import letter, pass_review


def act(client, s_id, step, data=None, format="json", expect=200):
    response = client.post(f"/api/v1/suggestions/{s_id}/actions/{step}/", data or {}, format=format)
    assert response.status_code == expect, response.content.decode()
    return response.json()


def test_happy_path_through_the_api(world, api):
    deputy, office = api(world.deputy), api(world.office)
    handler, co = api(world.handler), api(world.co_handler)

    r = deputy.post(
        "/api/v1/suggestions/",
        {
            "session": world.session.pk,
            "title": "关于加强农村学校心理健康教育的建议",
            "body": "正文",
            "field": world.field.pk,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert {a["name"] for a in r.json()["available_actions"]} >= {"edit", "submit", "invite_cosigners"}

    act(deputy, sid, "submit")
    detail = act(office, sid, "register")
    assert detail["display_number"] == "第1号"
    detail = act(office, sid, "assign", {"lead_unit": world.lead_unit.pk, "co_units": [world.co_unit.pk]})
    assert detail["status"] == "assigned"
    kinds = {d["kind"] for d in detail["due_dates"]}
    assert {"sign", "reassign_window", "reply", "co_opinion"} <= kinds
    assert all(d["explanation"] for d in detail["due_dates"])

    act(handler, sid, "sign")
    act(co, sid, "sign_as_co")
    act(co, sid, "send_co_opinion", {"summary": "我厅同意主办单位意见。"})
    act(
        handler,
        sid,
        "record",
        {"kind": "contact", "channel": "phone", "happened_on": str(timezone.localdate()), "summary": "电话联系代表"},
    )
    act(handler, sid, "draft_reply", {"body": "答复正文", "category": world.category("B").pk})
    act(handler, sid, "submit_reply")
    # Each level of the default chain (Policy.review_levels leader levels) by a different leader.
    passed = []
    reviewers = pass_review(
        Suggestion.objects.get(pk=sid), lambda reviewer: passed.append(act(api(reviewer), sid, "approve_reply"))
    )
    assert len(reviewers) == 3 == len(set(reviewers)) and reviewers[0] == world.leader
    detail = passed[-1]
    assert detail["replies"][0]["stage"] == "signed"
    assert [level["signed_by"] for level in detail["replies"][0]["review_chain"]] == [
        r.get_full_name() for r in reviewers
    ]
    detail = act(handler, sid, "send_reply", {"letter": letter()}, format="multipart")
    assert detail["status"] == "replied" and detail["category"] == "B"
    detail = act(deputy, sid, "rate", {"result": "basic", "attitude": "satisfied"})
    assert detail["status"] == "closed" and detail["rating"] == "basic"
    labels = [e["label"] for e in detail["events"]]
    assert labels[0] == "起草建议" and labels[-1] == "办结"
