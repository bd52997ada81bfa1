"""Returned for revision (退回修改), edited and submitted again."""

from tests.core.scenarios import act, get


def test_office_returns_deputy_revises_and_resubmits(world, api):
    deputy, office = api(world.deputy), api(world.office)
    s = world.new_draft()
    act(deputy, s.pk, "submit")
    detail = act(office, s.pk, "return", {"note": "请补充本地调研数据"})
    assert detail["status"] == "returned"
    mine = get(deputy, s.pk)
    assert mine["events"][-1]["payload"]["note"] == "请补充本地调研数据"
    assert {"edit", "submit"} <= {a["name"] for a in mine["available_actions"]}

    act(deputy, s.pk, "edit", {"body": "补充了三个县的调研数据。"})
    detail = act(deputy, s.pk, "submit")
    assert detail["status"] == "submitted" and detail["body"] == "补充了三个县的调研数据。"
    detail = act(office, s.pk, "register")
    assert detail["status"] == "registered" and detail["display_number"] == "第1号"
    assert [e["name"] for e in detail["events"]] == ["create", "submit", "return", "edit", "submit", "register"]
