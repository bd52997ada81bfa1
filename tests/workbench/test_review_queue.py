"""The office's review queue: submitted suggestions, decided through the shared step view."""

from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import many


def test_review_queue_lists_submitted_suggestions_only(world, client):
    submitted = many(world, 2, Status.SUBMITTED)
    registered = many(world, 1, Status.REGISTERED)[0]
    client.force_login(world.office)
    html = client.get("/office/").content.decode()
    assert all(s.title in html for s in submitted)
    assert registered.title not in html
    assert "立案" in html and "退回修改" in html and "并案" in html and "不作为建议处理" in html


def test_registering_from_the_queue_returns_to_the_queue(world, client):
    s = many(world, 1, Status.SUBMITTED)[0]
    client.force_login(world.office)
    form = client.get(f"/s/{s.pk}/step/register/?next=/office/", headers={"HX-Request": "true"})
    assert 'value="/office/"' in form.content.decode()
    response = client.post(f"/s/{s.pk}/step/register/", {"next": "/office/"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/office/"
    s.refresh_from_db()
    assert s.status == Status.REGISTERED
    assert s.title not in client.get("/office/").content.decode()


def test_merge_panel_offers_the_most_similar_title_first(world, client):
    target = world.new_draft(title="关于加快郑州地铁线网建设的建议")
    actions.submit(target, actor=world.deputy)
    other = world.new_draft(title="关于加强食品安全监管的建议（二）")
    actions.submit(other, actor=world.deputy)
    s = world.new_draft(title="关于郑州地铁线网建设提速的建议")
    actions.submit(s, actor=world.deputy)
    client.force_login(world.office)
    html = client.get(f"/office/review/{s.pk}/merge/", headers={"HX-Request": "true"}).content.decode()
    assert html.index(target.title) < html.index(other.title)
    assert f'<option value="{target.pk}" selected>' in html
    response = client.post(f"/s/{s.pk}/step/merge/", {"into": target.pk, "next": "/office/"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.MERGED and s.merged_into_id == target.pk


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(world, client):
    s = many(world, 1, Status.SUBMITTED)[0]
    client.force_login(world.office)
    response = client.post(f"/s/{s.pk}/step/reject/", {"reason": "personal_matter", "note": ""})
    assert response.status_code == 400
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED


def test_only_the_office_opens_its_workbench(world, client):
    for user in (world.deputy, world.handler, world.supervisor):
        client.force_login(user)
        assert client.get("/office/").status_code == 403
    client.logout()
    assert client.get("/office/").status_code == 302


def test_each_role_finds_its_workbench_in_the_navigation(world, client):
    for user, link in [
        (world.office, 'href="/office/">工作台'),
        (world.handler, 'href="/unit/">办理任务'),
        (world.supervisor, 'href="/supervisor/">督办'),
    ]:
        client.force_login(user)
        assert link in client.get("/", follow=True).content.decode()
