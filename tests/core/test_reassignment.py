"""申请改办: a unit asks to be relieved within the working-day window; the office grants or refuses."""

import datetime as dt

import time_machine

from tests.core.scenarios import act, get
from tests.world import advance

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def pending_request(detail):
    return next(r for r in detail["reassignment_requests"] if r["decision"] == "pending")


def test_reassignment_granted_moves_the_work_to_the_new_unit(world, api):
    s = advance(world, world.new_draft(), "assigned")
    handler, office = api(world.handler), api(world.office)
    act(handler, s.pk, "request_reassignment", {"reason": "属交通部门职责", "suggested_unit": world.other_unit.pk})
    request = pending_request(get(office, s.pk))
    assert request["unit"] == "省教育厅" and request["reason"] == "属交通部门职责"

    detail = act(
        office, s.pk, "decide_reassignment", {"request": request["id"], "grant": True, "new_unit": world.other_unit.pk}
    )
    leads = [a for a in detail["assignments"] if a["role"] == "lead"]
    assert [(a["unit_name"], a["is_active"]) for a in leads] == [("河南省教育厅", False), ("河南省交通运输厅", True)]
    old = [d for d in detail["due_dates"] if d["unit"] == "省教育厅"]
    new = [d for d in detail["due_dates"] if d["unit"] == "省交通运输厅"]
    assert old and all(d["cancelled"] or d["met_at"] for d in old)
    assert {d["kind"] for d in new} == {"sign", "reassign_window", "reply"}
    assert all(not d["cancelled"] and not d["met_at"] for d in new)

    act(handler, s.pk, "sign", expect=403)  # the old unit can still read the file, no longer act
    assert get(handler, s.pk)["available_actions"] == []
    detail = act(api(world.other_handler), s.pk, "sign")
    assert detail["status"] == "handling"


def test_reassignment_refused_leaves_the_unit_in_charge(world, api):
    s = advance(world, world.new_draft(), "assigned")
    handler, office = api(world.handler), api(world.office)
    act(handler, s.pk, "request_reassignment", {"reason": "不属于本单位职责"})
    act(handler, s.pk, "request_reassignment", {"reason": "再次申请"}, expect=409)  # one pending at a time
    request = pending_request(get(office, s.pk))
    detail = act(
        office, s.pk, "decide_reassignment", {"request": request["id"], "grant": False, "note": "属教育部门职责"}
    )
    assert [r["decision"] for r in detail["reassignment_requests"]] == ["refused"]
    assert {a["unit_name"]: a["role"] for a in detail["assignments"] if a["is_active"]} == {
        "河南省教育厅": "lead",
        "河南省民政厅": "co",
    }
    act(office, s.pk, "decide_reassignment", {"request": request["id"], "grant": False}, expect=409)
    assert act(handler, s.pk, "sign")["status"] == "handling"


def test_granting_needs_a_new_unit(world, api):
    s = advance(world, world.new_draft(), "assigned")
    act(api(world.handler), s.pk, "request_reassignment", {"reason": "不属于本单位职责"})
    request = pending_request(get(api(world.office), s.pk))
    body = act(api(world.office), s.pk, "decide_reassignment", {"request": request["id"], "grant": "1"}, expect=400)
    assert "new_unit" in body["errors"]


def test_reassignment_outside_the_working_day_window_is_refused(world, api):
    # Assigned Thursday 2025-09-25; five working days run past the National Day holiday:
    # 26 (Fri), 28 (Sun, make-up day), 29, 30 September, then 9 October (Thu). The 10th is too late.
    with time_machine.travel(dt.datetime(2025, 9, 25, 10, tzinfo=SHANGHAI), tick=False):
        s = advance(world, world.new_draft(), "assigned")
    window = next(
        d
        for d in get(api(world.office), s.pk)["due_dates"]
        if d["kind"] == "reassign_window" and d["unit"] == "省教育厅"
    )
    assert window["due_date"] == "2025-10-09"
    with time_machine.travel(dt.datetime(2025, 10, 10, 9, tzinfo=SHANGHAI), tick=False):
        body = act(api(world.handler), s.pk, "request_reassignment", {"reason": "不属于本单位职责"}, expect=409)
        assert "期限已过" in body["detail"]
    with time_machine.travel(dt.datetime(2025, 10, 9, 17, tzinfo=SHANGHAI), tick=False):
        act(api(world.handler), s.pk, "request_reassignment", {"reason": "不属于本单位职责"})
