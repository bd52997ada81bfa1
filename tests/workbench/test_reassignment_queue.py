"""The office's queue of reassignment requests (改办申请) and its decisions through the step view."""

from suggestions import actions
from suggestions.models import Assignment, ReassignmentRequest, Status
from tests.workbench.helpers import many


def _requested(world):
    s = many(world, 1, Status.ASSIGNED, co_unit=False)[0]
    actions.request_reassignment(
        s, actor=world.handler, reason="该事项属于交通部门职责", suggested_unit=world.other_unit
    )
    return s


def test_pending_requests_are_listed_with_reason_and_suggested_unit(world, client):
    s = _requested(world)
    client.force_login(world.office)
    html = client.get("/office/reassignments/").content.decode()
    assert s.title in html and "该事项属于交通部门职责" in html and "省交通运输厅" in html
    request = s.assignments.get(role="lead").reassignment_requests.get()
    # The decision opens with this request chosen (?request=).
    assert f"/s/{s.pk}/step/decide_reassignment/?request={request.pk}&amp;next=/office/reassignments/" in html


def test_granting_moves_the_request_to_decided_and_reassigns(world, client):
    s = _requested(world)
    req = ReassignmentRequest.objects.get()
    client.force_login(world.office)
    response = client.post(
        f"/s/{s.pk}/step/decide_reassignment/",
        {"request": req.pk, "grant": "1", "new_unit": world.other_unit.pk, "next": "/office/reassignments/"},
    )
    assert response.status_code == 302 and response["Location"] == "/office/reassignments/"
    assert Assignment.objects.get(suggestion=s, is_active=True).unit == world.other_unit
    assert "暂无待审批的改办申请" in client.get("/office/reassignments/").content.decode()
    decided = client.get("/office/reassignments/?show=decided").content.decode()
    assert "同意改办" in decided and s.title in decided


def test_granting_without_a_new_unit_changes_nothing(world, client):
    s = _requested(world)
    req = ReassignmentRequest.objects.get()
    client.force_login(world.office)
    response = client.post(f"/s/{s.pk}/step/decide_reassignment/", {"request": req.pk, "grant": "1"})
    assert response.status_code == 400
    req.refresh_from_db()
    assert req.decision == ReassignmentRequest.Decision.PENDING
