"""The deputy's list: every suggestion they are on, with hints, invitations and replies to rate, in constant queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import actions
from suggestions.models import Status
from tests.world import advance


def _drafts(world, n):
    for i in range(n):
        world.new_draft(title=f"关于第{i}项民生工作的建议")


def _queries(client, url="/deputy/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_list_query_count_does_not_grow_with_rows(world, client):
    s = world.new_draft()
    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    actions.confirm_cosign(s, actor=world.cosigner)
    advance(world, s, Status.REPLIED)
    _drafts(world, 2)
    client.force_login(world.deputy)
    few = _queries(client)
    _drafts(world, 17)
    many = _queries(client)
    assert few == many


def test_list_shows_status_units_due_date_and_next_step(world, client):
    s = world.new_draft()
    advance(world, s, Status.HANDLING)
    client.force_login(world.deputy)
    page = client.get("/deputy/").content.decode()
    assert s.title in page
    assert "省教育厅" in page and "省民政厅（协办）" in page
    assert "答复期限" in page and "承办单位办理中" in page


def test_cosigner_sees_invitation_and_confirms_it(world, client):
    s = world.new_draft()
    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    client.force_login(world.cosigner)
    page = client.get("/deputy/").content.decode()
    assert "待确认的联名邀请" in page and s.title in page
    response = client.post(f"/s/{s.pk}/step/confirm_cosign/", {"next": "/deputy/"})
    assert response.status_code == 302 and response["Location"] == "/deputy/"
    assert s.deputy_links.get(deputy=world.cosigner.deputy).confirmed_at is not None
    assert "待确认的联名邀请" not in client.get("/deputy/").content.decode()


def test_replied_suggestion_waits_for_my_rating(world, client):
    s = world.new_draft()
    advance(world, s, Status.REPLIED)
    client.force_login(world.deputy)
    page = client.get("/deputy/").content.decode()
    assert "待评价的答复" in page and f"/s/{s.pk}/step/rate/" in page


def test_pagination_and_status_filter(world, client):
    _drafts(world, 23)
    client.force_login(world.deputy)
    first = client.get("/deputy/").content.decode()
    assert "第 1 / 2 页" in first
    assert client.get("/deputy/?page=2").content.decode().count('class="card s-card"') == 3
    assert "没有该状态的建议" in client.get("/deputy/?status=closed").content.decode()


def test_empty_state_invites_a_first_suggestion(world, client):
    client.force_login(world.outsider)
    assert "您还没有提出建议" in client.get("/deputy/").content.decode()


def test_other_roles_get_403(world, client):
    client.force_login(world.handler)
    assert client.get("/deputy/").status_code == 403
