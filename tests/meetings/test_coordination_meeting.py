"""The coordination meeting (改办协调会): the office decides the session's disputed assignments in one
sitting and applies them together, each through the lifecycle's write path."""

import re

from meetings.models import Item, Meeting
from suggestions.models import Assignment, Event, ReassignmentRequest
from supervision.models import Notification
from tests.meetings.helpers import decisions, open_meeting, six_requests


def _decide_all(client, meeting, w):
    items = list(meeting.items.order_by("suggestion__number"))
    for item, (decision, unit, reason) in zip(items, decisions(w), strict=True):
        prefix = f"i{item.pk}"
        response = client.post(
            f"/office/meetings/{meeting.pk}/items/{item.pk}/",
            {f"{prefix}-decision": decision, f"{prefix}-unit": unit.pk if unit else "", f"{prefix}-reason": reason},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.content.decode()
        assert "已记录" in response.content.decode()
    return items


def _held_meeting(world, client):
    ss = six_requests(world)
    client.force_login(world.office)
    response = client.post(
        "/office/meetings/",
        {"session": world.session.pk, "title": "改办协调会", "held_on": "2023-02-26", "place": "第三会议室"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/office/meetings/{meeting.pk}/"
    client.post(f"/office/meetings/{meeting.pk}/pull/")
    assert meeting.items.count() == 6
    _decide_all(client, meeting, world)
    return ss, meeting


def test_a_meeting_applies_six_decisions_of_all_four_kinds_at_once(world, client):
    ss, meeting = _held_meeting(world, client)
    before = Event.objects.count()
    response = client.post(f"/office/meetings/{meeting.pk}/apply/", follow=True)
    assert "已执行6项决定" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD and meeting.applied_by == world.office
    assert Event.objects.count() == before + 6

    def units(s):
        return {(a.unit.short_name, a.role) for a in Assignment.objects.filter(suggestion=s, is_active=True)}

    assert units(ss[0]) == {("省教育厅", "lead"), ("省民政厅", "co")}  # 维持
    assert units(ss[1]) == {("省交通运输厅", "lead"), ("省民政厅", "co")}  # 改办
    assert units(ss[2]) == {("省教育厅", "lead"), ("省民政厅", "co"), ("省交通运输厅", "co")}  # 增加协办
    assert units(ss[3]) == {("省民政厅", "lead"), ("省教育厅", "co")}  # 主协办互换
    assert units(ss[5]) == {("省教育厅", "lead"), ("省交通运输厅", "co")}  # the co-unit's request granted
    decided = dict(ReassignmentRequest.objects.values_list("assignment__suggestion", "decision"))
    assert [decided[s.pk] for s in ss] == ["refused", "granted", "refused", "granted", "granted", "granted"]

    # Each decision is recorded against its suggestion, and the timeline names the meeting.
    names = [Event.objects.filter(suggestion=s).latest("at", "pk").name for s in ss]
    assert names == ["decide_reassignment"] * 2 + ["add_co_unit", "swap_lead"] + ["decide_reassignment"] * 2
    for item in meeting.items.all():
        assert item.event.payload["meeting"] == str(meeting) == "2023年2月26日改办协调会"
    page = client.get(f"/s/{ss[3].pk}/").content.decode()
    assert "主协办互换（2023年2月26日改办协调会决定）" in page and "以民政部门为主更合适" in page


def test_the_units_concerned_are_notified(world, client):
    ss, meeting = _held_meeting(world, client)
    client.post(f"/office/meetings/{meeting.pk}/apply/")
    got = Notification.objects.filter(kind=Notification.Kind.ASSIGNMENT)
    # The new unit hears of the reassignment, the added co-unit of its new work, both units of the swap.
    assert got.filter(recipient=world.other_handler, suggestion=ss[1], title__contains="改由省交通运输厅主办").exists()
    assert got.filter(recipient=world.other_handler, suggestion=ss[2], title__contains="增加省交通运输厅").exists()
    assert got.filter(recipient=world.co_handler, suggestion=ss[3]).exists()
    assert got.filter(recipient=world.handler, suggestion=ss[3]).exists()
    assert got.filter(recipient=world.handler, suggestion=ss[0], title__contains="维持省教育厅主办").exists()
    client.force_login(world.other_handler)
    inbox = client.get("/supervision/").content.decode()
    assert "交办调整" in inbox and "改办协调会决定" in inbox


def test_one_refused_decision_applies_nothing_and_names_the_item(world, client):
    ss, meeting = _held_meeting(world, client)
    # Meanwhile someone decides the fifth request outside the meeting: the meeting's page is stale.
    from suggestions import actions

    fifth = ReassignmentRequest.objects.get(assignment__suggestion=ss[4])
    actions.decide_reassignment(ss[4], actor=world.office, request=fifth, grant=False, note="电话沟通后维持")
    before = (
        Event.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("unit", "role", "is_active")),
        list(ReassignmentRequest.objects.order_by("pk").values_list("decision")),
        Notification.objects.count(),
    )
    response = client.post(f"/office/meetings/{meeting.pk}/apply/")
    failed = Item.objects.get(suggestion=ss[4])
    assert response.status_code == 302 and f"failed={failed.pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"未执行任何决定。第5项（[^）]+建议）：该改办申请已另行审批（不同意改办）", page)
    assert "此项未能执行" in page
    after = (
        Event.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("unit", "role", "is_active")),
        list(ReassignmentRequest.objects.order_by("pk").values_list("decision")),
        Notification.objects.count(),
    )
    assert after == before
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN and not Item.objects.filter(event__isnull=False).exists()

    # The office takes the item off the agenda; the rest then applies.
    client.post(f"/office/meetings/{meeting.pk}/items/{failed.pk}/remove/")
    assert "已执行5项决定" in client.post(f"/office/meetings/{meeting.pk}/apply/", follow=True).content.decode()


def test_an_undecided_item_blocks_the_apply(world, client):
    six_requests(world)
    client.force_login(world.office)
    meeting = open_meeting(world)
    client.post(f"/office/meetings/{meeting.pk}/pull/")
    before = Event.objects.count()
    page = client.post(f"/office/meetings/{meeting.pk}/apply/", follow=True).content.decode()
    assert "尚未作出决定" in page and Event.objects.count() == before


def test_applying_twice_does_nothing_the_second_time(world, client):
    ss, meeting = _held_meeting(world, client)
    client.post(f"/office/meetings/{meeting.pk}/apply/")
    counts = (Event.objects.count(), Notification.objects.count(), Assignment.objects.count())
    page = client.post(f"/office/meetings/{meeting.pk}/apply/", follow=True).content.decode()
    assert "此前已执行，未重复执行" in page
    assert (Event.objects.count(), Notification.objects.count(), Assignment.objects.count()) == counts
    # Nor can a decision of a held meeting be changed afterwards.
    item = meeting.items.first()
    response = client.post(
        f"/office/meetings/{meeting.pk}/items/{item.pk}/",
        {f"i{item.pk}-decision": "keep", f"i{item.pk}-reason": "改主意"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409 and "决定已执行" in response.content.decode()


def test_a_decision_needs_a_fitting_unit_and_a_reason(world, client):
    six_requests(world)
    client.force_login(world.office)
    meeting = open_meeting(world)
    client.post(f"/office/meetings/{meeting.pk}/pull/")
    item = meeting.items.order_by("suggestion__number").first()
    url, p = f"/office/meetings/{meeting.pk}/items/{item.pk}/", f"i{item.pk}"
    swap_to_outsider = {f"{p}-decision": "swap", f"{p}-unit": world.other_unit.pk, f"{p}-reason": "互换"}
    response = client.post(url, swap_to_outsider, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "省交通运输厅不是此建议的协办单位" in response.content.decode()
    response = client.post(url, {f"{p}-decision": "reassign", f"{p}-unit": world.co_unit.pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 400 and "省民政厅已承办此建议" in body and "请写明理由" in body
    item.refresh_from_db()
    assert item.decision == ""


def test_only_the_office_reaches_the_meetings(world, client):
    six_requests(world)
    meeting = open_meeting(world)
    for user in (world.handler, world.deputy, world.supervisor):
        client.force_login(user)
        assert client.get(f"/office/meetings/{meeting.pk}/").status_code == 403
        assert client.post(f"/office/meetings/{meeting.pk}/apply/").status_code == 403
    assert Meeting.objects.get().state == Meeting.State.OPEN


def test_the_minutes_list_every_decision(world, client):
    ss, meeting = _held_meeting(world, client)
    client.post(f"/office/meetings/{meeting.pk}/apply/")
    page = client.get(f"/office/meetings/{meeting.pk}/minutes/").content.decode()
    assert "2023年2月26日改办协调会纪要" in page
    for text in (
        "维持省教育厅主办",
        "改由省交通运输厅主办",
        "增加省交通运输厅为协办单位",
        "省民政厅改任主办",
        "改由省交通运输厅协办",
    ):
        assert text in page
    assert ss[0].title in page


def test_the_api_lists_a_meeting_and_applies_it_once(world, client, api):
    ss, meeting = _held_meeting(world, client)
    office = api(world.office)
    listed = office.get("/api/v1/meetings/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["name"] == "2023年2月26日改办协调会" and len(rows[0]["items"]) == 6
    assert api(world.handler).get("/api/v1/meetings/").status_code == 403
    assert api(world.handler).post(f"/api/v1/meetings/{meeting.pk}/apply/").status_code == 403
    first = office.post(f"/api/v1/meetings/{meeting.pk}/apply/")
    assert first.status_code == 200 and first.json()["applied"] == 6
    assert office.post(f"/api/v1/meetings/{meeting.pk}/apply/").json() == {"applied": 0, "events": []}


def test_the_new_steps_work_alone_through_the_api(world, api):
    from tests.workbench.helpers import many

    s = many(world, 1, "assigned")[0]
    office = api(world.office)
    r = office.post(f"/api/v1/suggestions/{s.pk}/actions/swap_lead/", {"co_unit": world.co_unit.pk}, format="json")
    assert r.status_code == 200, r.content
    assert Assignment.objects.get(suggestion=s, is_active=True, role="lead").unit == world.co_unit
    r = office.post(f"/api/v1/suggestions/{s.pk}/actions/add_co_unit/", {"unit": world.co_unit.pk}, format="json")
    assert r.status_code == 400 and "unit" in r.json()["errors"]  # already the lead
    r = office.post(f"/api/v1/suggestions/{s.pk}/actions/add_co_unit/", {"unit": world.other_unit.pk}, format="json")
    assert r.status_code == 200
    assert set(Assignment.objects.filter(suggestion=s, is_active=True, role="co").values_list("unit", flat=True)) == {
        world.lead_unit.pk,
        world.other_unit.pk,
    }
