"""B-class reply → commitments in the ledger → progress → second reply → close-out converts B to A."""

from datetime import date

from congress.models import Term
from suggestions.models import Deadline
from supervision import actions
from supervision.models import Commitment, LookBack, Notification

from .helpers import b_class_closed

ITEMS = [
    {"what": "2024年底前完成全省农村供水管网改造规划", "due_date": "2024-12-31", "responsible": "农村饮水处 张处长"},
    {"what": "2025年完成10个县城乡供水一体化试点", "due_date": "2025-12-31", "responsible": "水资源处 李处长"},
]


def step(api, user, s, name, data):
    return api(user).post(f"/api/v1/suggestions/{s.pk}/actions/{name}/", data, format="json")


def test_b_to_a_through_the_api(world, api):
    s = b_class_closed(world)
    assert step(api, world.handler, s, "record_commitments", {"commitments": ITEMS}).status_code == 200
    assert Deadline.objects.open().filter(suggestion=s, kind="second_reply").count() == 1
    ledger = api(world.handler).get("/api/v1/commitments/").json()["results"]
    assert [c["what"] for c in ledger] == [i["what"] for i in ITEMS] and ledger[0]["category"] == "B"

    first, second = Commitment.objects.order_by("due_date")
    r = step(api, world.office, s, "convert_to_a", {})
    assert r.status_code == 409 and "2项承诺未落实" in r.json()["detail"]
    step(api, world.handler, s, "report_progress", {"commitment": first.pk, "note": "规划已印发", "done": True})
    r = step(api, world.handler, s, "second_reply", {"body": "王建国代表：现将建议办理进展二次答复如下……"})
    assert r.status_code == 200
    assert Deadline.objects.open().filter(suggestion=s, kind="second_reply").count() == 0
    assert Notification.objects.filter(kind="commitment", recipient=world.deputy).exists()
    step(api, world.handler, s, "report_progress", {"commitment": second.pk, "note": "试点全部建成", "done": True})

    r = step(api, world.office, s, "convert_to_a", {"note": "承诺事项全部落实"})
    assert r.status_code == 200, r.json()
    s.refresh_from_db()
    assert s.category.code == "A"
    event = s.events.get(name="convert_to_a")
    assert (event.payload["from_category"], event.payload["to_category"]) == ("B", "A")
    assert Commitment.objects.filter(closed_out_at__isnull=True).count() == 0
    assert step(api, world.office, s, "convert_to_a", {}).status_code == 409  # already A


def test_commitments_need_a_b_class_reply_and_the_lead_unit(world, api):
    s = b_class_closed(world)
    assert step(api, world.co_handler, s, "record_commitments", {"commitments": ITEMS}).status_code == 403
    bad = step(api, world.handler, s, "record_commitments", {"commitments": [{"what": "x", "due_date": "明年"}]})
    assert bad.status_code == 400
    assert not Commitment.objects.exists()
    text = "完成改造规划 | 2024-12-31 | 张处长\n建成试点 | 2025-12-31 | 李处长"
    assert step(api, world.handler, s, "record_commitments", {"commitments": text}).status_code == 200
    assert Commitment.objects.count() == 2


def test_open_commitments_carry_over_into_the_next_term_once(world, api):
    s = b_class_closed(world)
    step(api, world.handler, s, "record_commitments", {"commitments": ITEMS})
    done = Commitment.objects.order_by("due_date").first()
    step(api, world.handler, s, "report_progress", {"commitment": done.pk, "note": "已完成", "done": True})
    next_term = Term.objects.create(number=15, name="第十五届", start_date=date(2028, 1, 1))
    assert actions.carry_over(world.term, next_term) == 1
    assert actions.carry_over(world.term, next_term) == 0
    carried = Commitment.objects.current().get(term=next_term)
    assert carried.carried_from.term == world.term and carried.status == "open"
    assert set(Commitment.objects.current().filter(suggestion=s).values_list("term__number", flat=True)) == {14, 15}


def test_office_records_a_look_back_round(world, api):
    s = b_class_closed(world)
    step(api, world.handler, s, "record_commitments", {"commitments": ITEMS})
    facts = actions.lookback_facts(world.lead_unit, 2099)
    assert facts["ledger_kept"] is True and facts["second_reply_given"] is False
    data = {"unit": world.lead_unit.pk, "year": 2024, **facts, "note": "督促开展二次答复"}
    assert api(world.handler).post("/api/v1/lookbacks/", data, format="json").status_code == 403
    assert api(world.office).post("/api/v1/lookbacks/", data, format="json").status_code == 201
    assert api(world.office).post("/api/v1/lookbacks/", {**data, "note": "复查"}, format="json").status_code == 201
    assert LookBack.objects.get().note == "复查"
    assert api(world.handler).get("/api/v1/lookbacks/").json()["results"][0]["passed"] is False


def test_close_out_is_shown_unavailable_with_its_reason_until_every_commitment_is_done(world, api, client):
    """supervision/apps.py registers a guard on convert_to_a: the office sees why before trying it."""
    s = b_class_closed(world)

    def reason():
        actions_ = api(world.office).get(f"/api/v1/suggestions/{s.pk}/").json()["available_actions"]
        return {a["name"]: a["blocked_reason"] for a in actions_}["convert_to_a"]

    assert reason() == "该建议尚未登记办理承诺"
    step(api, world.handler, s, "record_commitments", {"commitments": ITEMS})
    assert reason() == "尚有2项承诺未落实，不能销号"
    first, second = Commitment.objects.order_by("due_date")
    step(api, world.handler, s, "report_progress", {"commitment": first.pk, "note": "规划已印发", "done": True})
    assert reason() == "尚有1项承诺未落实，不能销号"
    client.force_login(world.office)
    page = client.get(f"/supervision/s/{s.pk}/").content.decode()
    assert "尚有1项承诺未落实，不能销号" in page and f"/s/{s.pk}/step/convert_to_a/" not in page
    step(api, world.handler, s, "report_progress", {"commitment": second.pk, "note": "试点全部建成", "done": True})
    assert reason() is None


def test_extension_decision_is_offered_only_while_a_request_is_pending(world, api):
    from .helpers import assigned

    s = assigned(world)
    step(api, world.handler, s, "sign", {})

    def shown(user, name):
        actions_ = api(user).get(f"/api/v1/suggestions/{s.pk}/").json()["available_actions"]
        return {a["name"]: a["blocked_reason"] for a in actions_}[name]

    assert shown(world.office, "decide_extension") == "没有待审批的延期申请"
    r = step(api, world.office, s, "decide_extension", {"request": 1, "grant": "1"})
    assert r.status_code == 409 and r.json()["detail"] == "没有待审批的延期申请"
    due = Deadline.objects.open().get(suggestion=s, kind="reply").due_date
    later = due.replace(year=due.year + 1).isoformat()
    assert (
        step(api, world.handler, s, "request_extension", {"requested_date": later, "reason": "调研"}).status_code == 200
    )
    assert shown(world.office, "decide_extension") is None
    assert shown(world.handler, "request_extension") == "已有待审批的延期申请"
