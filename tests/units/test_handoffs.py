"""The unit's office hands a suggestion to its divisions; a division hands it back; the office re-hands."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions.models import Event
from tests.core.scenarios import act, get
from tests.workbench.helpers import SIGNED, many
from units.models import Handoff

from .helpers import item, organise, reply_due


def hand_three(w, org, s, api):
    """政策法规处 leads, 规划财务处 and 开发指导处 assist: each with its responsible person and date."""
    due = reply_due(s).due_date - timedelta(days=10)
    return act(
        api(w.handler),
        s.pk,
        "hand_to_divisions",
        {
            "handoffs": [
                item(org.policy, "lead", org.zhang, due),
                item(org.planning, "assist", org.li, due),
                item(org.guidance, "assist", org.wang, due - timedelta(days=5)),
            ]
        },
    )


def test_office_hands_to_a_lead_and_two_assisting_divisions(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    hand_three(world, org, s, api)
    rows = {h.division.name: h for h in Handoff.objects.filter(suggestion=s)}
    assert {n: (h.role, h.responsible, h.is_active) for n, h in rows.items()} == {
        "政策法规处": ("lead", org.zhang, True),
        "规划财务处": ("assist", org.li, True),
        "开发指导处": ("assist", org.wang, True),
    }
    event = Event.objects.get(suggestion=s, name="hand_to_divisions")
    assert event.actor == world.handler and event.unit == world.lead_unit
    assert "主办：政策法规处（责任人张明" in event.payload["note"] and "协办：规划财务处" in event.payload["note"]
    # The API's detail carries them for the unit and the office; the deputy reads neither them nor the event.
    shown = get(api(world.office), s.pk)["handoffs"]
    assert sorted((h["division_name"], h["role"], h["responsible_name"]) for h in shown) == [
        ("开发指导处", "assist", "王磊"),
        ("政策法规处", "lead", "张明"),
        ("规划财务处", "assist", "李红"),
    ]
    assert len(get(api(org.li), s.pk)["handoffs"]) == 3
    deputy_view = get(api(world.deputy), s.pk)
    assert deputy_view["handoffs"] == [] and "hand_to_divisions" not in [e["name"] for e in deputy_view["events"]]
    assert get(api(world.co_handler), s.pk)["handoffs"] == []


def test_due_date_beyond_the_units_deadline_is_refused_and_nothing_written(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    late = reply_due(s).due_date + timedelta(days=1)
    events = Event.objects.count()
    body = act(
        api(world.handler),
        s.pk,
        "hand_to_divisions",
        {"handoffs": [item(org.policy, "lead", org.zhang, late)]},
        expect=400,
    )
    assert "晚于本单位的办理期限" in body["errors"]["handoffs"][0]
    assert not Handoff.objects.exists() and Event.objects.count() == events


def test_a_lead_division_is_required_and_only_one(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    due = reply_due(s).due_date
    body = act(
        api(world.handler),
        s.pk,
        "hand_to_divisions",
        {"handoffs": [item(org.planning, "assist", org.li, due)]},
        expect=400,
    )
    assert body["errors"]["handoffs"] == ["请指定一个主办处室"]
    two = [item(org.policy, "lead", org.zhang, due), item(org.planning, "lead", org.li, due)]
    body = act(api(world.handler), s.pk, "hand_to_divisions", {"handoffs": two}, expect=400)
    assert "只能指定一个主办处室" in body["errors"]["handoffs"]
    assert not Handoff.objects.exists()


def test_only_the_units_office_hands_and_only_after_signing(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    due = reply_due(s).due_date
    payload = {"handoffs": [item(org.policy, "lead", org.zhang, due)]}
    act(api(org.zhang), s.pk, "hand_to_divisions", payload, expect=403)  # a division is not the office
    act(api(world.co_handler), s.pk, "hand_to_divisions", payload, expect=403)
    unsigned = many(world, 1, "assigned")[0]
    body = act(api(world.handler), unsigned.pk, "hand_to_divisions", payload, expect=409)
    assert body["detail"] == "请先签收"
    act(api(world.leader), s.pk, "hand_to_divisions", payload)  # the unit's leader is its office too


def test_a_division_hands_back_and_the_office_re_hands(world, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    hand_three(world, org, s, api)
    lead = Handoff.objects.get(suggestion=s, division=org.policy)
    # Another division may not hand back the lead's part.
    body = act(api(org.li), s.pk, "hand_back", {"handoff": lead.pk, "reason": "不属于本处职责"}, expect=400)
    assert "handoff" in body["errors"]
    body = act(api(org.zhang), s.pk, "hand_back", {"handoff": lead.pk, "reason": "  "}, expect=400)
    assert "reason" in body["errors"]
    act(api(org.zhang), s.pk, "hand_back", {"reason": "该建议涉及规划编制，建议由规划财务处主办"})
    lead.refresh_from_db()
    assert not lead.is_active and lead.returned_by == org.zhang and "规划编制" in lead.return_reason
    event = Event.objects.get(suggestion=s, name="hand_back")
    assert event.payload["note"].startswith("政策法规处退回办公室")
    # zhang no longer holds it: a second hand-back is refused as not theirs.
    act(api(org.zhang), s.pk, "hand_back", {"reason": "再次退回"}, expect=403)
    # The office re-hands: 规划财务处 already assists, so it cannot be handed twice; 政策法规处 may lead again.
    due = reply_due(s).due_date
    body = act(
        api(world.handler),
        s.pk,
        "hand_to_divisions",
        {"handoffs": [item(org.planning, "lead", org.li, due)]},
        expect=400,
    )
    assert "规划财务处已在办理该建议" in body["errors"]["handoffs"]
    act(api(world.handler), s.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.li, due)]})
    active = Handoff.objects.active().filter(suggestion=s, role="lead").get()
    assert active.division == org.policy and active.responsible == org.li
    assert Handoff.objects.filter(suggestion=s).count() == 4


def test_the_inbox_mine_tab_shows_each_person_only_theirs(world, api, client):
    org = organise(world)
    s1, s2 = many(world, 2, SIGNED)
    due = reply_due(s1).due_date - timedelta(days=3)
    act(api(world.handler), s1.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.zhang, due)]})
    act(
        api(world.handler),
        s2.pk,
        "hand_to_divisions",
        {"handoffs": [item(org.planning, "lead", org.li, due), item(org.guidance, "assist", org.wang, due)]},
    )
    client.force_login(org.zhang)
    html = client.get("/unit/?tab=mine").content.decode()
    assert s1.title in html and s2.title not in html
    assert "政策法规处（主办）" in html and f"{due:%Y-%m-%d}" in html
    client.force_login(org.wang)
    html = client.get("/unit/").content.decode()  # opens on the first tab with work: 我的
    assert s2.title in html and s1.title not in html and "开发指导处（协办）" in html
    client.force_login(world.handler)  # the office: nothing handed to it
    assert "交给我所在处室" in client.get("/unit/?tab=mine").content.decode()
    assert s1.title not in client.get("/unit/?tab=mine").content.decode()


def test_the_suggestion_page_shows_the_hand_offs_to_the_unit_and_office_only(world, api, client):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    hand_three(world, org, s, api)
    act(api(org.li), s.pk, "hand_back", {"reason": "本处不涉及该事项"})
    for user in (world.handler, world.office, org.wang):
        client.force_login(user)
        html = client.get(f"/s/{s.pk}/").content.decode()
        assert "单位内部分工" in html and "政策法规处（主办处室）· 责任人张明" in html, user
        assert "退回办公室" in html and "本处不涉及该事项" in html
    for user in (world.deputy, world.co_handler):
        client.force_login(user)
        html = client.get(f"/s/{s.pk}/").content.decode()
        assert "单位内部分工" not in html and "政策法规处" not in html, user


def test_the_step_form_on_the_page_hands_to_divisions(world, client):
    """The browser's form: one row per business division, posted as handoffs-<division>-role/…"""
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    client.force_login(world.handler)
    html = client.get(f"/s/{s.pk}/step/hand_to_divisions/").content.decode()
    assert "政策法规处" in html and "规划财务处" in html and "本单位办理期限" in html
    assert ">办公室<" not in html  # the office does not hand to itself
    due = reply_due(s).due_date
    data = {
        f"handoffs-{org.policy.pk}-role": "lead",
        f"handoffs-{org.policy.pk}-responsible": org.zhang.pk,
        f"handoffs-{org.policy.pk}-due_date": (due + timedelta(days=30)).isoformat(),
    }
    response = client.post(f"/s/{s.pk}/step/hand_to_divisions/", data)
    assert response.status_code == 400 and "内部期限须在本单位期限之内" in response.content.decode()
    data[f"handoffs-{org.policy.pk}-due_date"] = due.isoformat()
    response = client.post(f"/s/{s.pk}/step/hand_to_divisions/", data)
    assert response.status_code == 302
    assert Handoff.objects.active().get(suggestion=s).division == org.policy


def test_the_mine_tab_runs_as_many_queries_for_eight_rows_as_for_two(world, api, client):
    org = organise(world)

    def hand(n):
        for s in many(world, n, SIGNED, co_unit=False):
            due = reply_due(s).due_date
            act(api(world.handler), s.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.zhang, due)]})

    def measure():
        client.get("/unit/?tab=mine")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/unit/?tab=mine").status_code == 200
        return len(ctx)

    client.force_login(org.zhang)
    hand(2)
    few = measure()
    hand(6)
    assert measure() == few
