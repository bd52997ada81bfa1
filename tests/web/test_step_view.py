"""The one view every page uses to apply a step: success, 409, 403 and 400 as a browser sees them."""

from suggestions.models import Status
from tests.world import advance


def test_office_registers_through_the_step_view(world, client):
    s = world.new_draft()
    advance(world, s, Status.SUBMITTED)
    client.force_login(world.office)
    page = client.get(f"/s/{s.pk}/")
    assert page.status_code == 200 and "立案" in page.content.decode()
    response = client.post(f"/s/{s.pk}/step/register/")
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.REGISTERED and s.number == 1


def test_step_from_a_wrong_state_shows_409_and_changes_nothing(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    response = client.post(f"/s/{s.pk}/step/withdraw/")
    assert response.status_code == 409
    assert "不能撤回" in response.content.decode()
    s.refresh_from_db()
    assert s.status == Status.DRAFT


def test_wrong_role_gets_403_and_invisible_gets_404(world, client):
    s = world.new_draft()
    advance(world, s, Status.SUBMITTED)
    client.force_login(world.supervisor)
    assert client.post(f"/s/{s.pk}/step/register/").status_code == 403
    client.force_login(world.outsider)
    assert client.get(f"/s/{s.pk}/").status_code == 404


def test_bad_input_rerenders_the_form_with_errors(world, client):
    s = world.new_draft()
    advance(world, s, Status.SUBMITTED)
    client.force_login(world.office)
    response = client.post(f"/s/{s.pk}/step/return/", {"note": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED


def test_a_panel_gets_its_refusal_as_a_fragment_with_the_reason(world, client):
    """htmx swaps the answer into the panel (static/js/refusals.js lets it swap 4xx): a fragment, never a page."""
    s = world.new_draft()
    advance(world, s, Status.SUBMITTED)
    htmx = {"HTTP_HX_REQUEST": "true"}
    client.force_login(world.deputy)
    response = client.post(f"/s/{s.pk}/step/submit/", **htmx)
    html = response.content.decode()
    assert response.status_code == 409 and "<html" not in html
    assert 'role="alert"' in html and "不能提交" in html
    client.force_login(world.supervisor)
    response = client.get(f"/s/{s.pk}/step/register/", **htmx)
    html = response.content.decode()
    assert response.status_code == 403 and "<html" not in html and "您无权对此建议立案" in html
    client.force_login(world.office)
    response = client.post(f"/s/{s.pk}/step/return/", {"note": ""}, **htmx)
    assert response.status_code == 400 and "<html" not in response.content.decode()
    page = client.get(f"/s/{s.pk}/").content.decode()
    assert "js/refusals.js" in page  # every page loads the one handler


def test_the_reassignment_queue_opens_the_decision_with_its_request_chosen(world, client):
    from suggestions import actions
    from suggestions.models import ReassignmentRequest

    s = world.new_draft()
    advance(world, s, Status.ASSIGNED)
    actions.request_reassignment(s, actor=world.handler, reason="不属于本单位职责")
    actions.request_reassignment(s, actor=world.co_handler, reason="协办职责不明确")
    co_request = ReassignmentRequest.objects.get(assignment__unit=world.co_unit)
    client.force_login(world.office)
    queue = client.get("/office/reassignments/").content.decode()
    link = f"/s/{s.pk}/step/decide_reassignment/?request={co_request.pk}&amp;next=/office/reassignments/"
    assert link in queue
    form = client.get(link.replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
    assert f'<option value="{co_request.pk}" selected>省民政厅（协办）' in form and "协办职责不明确" in form
    assert "object (" not in form
