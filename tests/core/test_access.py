"""Who sees what: one lookup (suggestions.access) behind every endpoint."""

from suggestions import access, actions
from tests.core.scenarios import get
from tests.world import advance


def ids(client, **params):
    response = client.get("/api/v1/suggestions/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_deputy_sees_own_cosigned_and_merged_in(world, api):
    own = world.new_draft("我的建议")
    theirs = world.new_draft("张伟的建议", by=world.cosigner2)
    actions.invite_cosigners(theirs, actor=world.cosigner2, deputies=[world.deputy.deputy])
    target = world.new_draft("刘洋的建议", by=world.outsider)
    actions.submit(target, actor=world.outsider)
    mine_merged = advance(world, world.new_draft("将被并案的建议"), "submitted")
    actions.merge(mine_merged, actor=world.office, into=target)
    hidden = world.new_draft("与我无关", by=world.cosigner)

    assert ids(api(world.deputy)) == {own.pk, theirs.pk, target.pk, mine_merged.pk}
    get(api(world.deputy), hidden.pk, expect=404)
    assert ids(api(world.cosigner)) == {hidden.pk}


def test_unit_sees_only_what_it_was_assigned(world, api):
    assigned = advance(world, world.new_draft("交办给教育厅"), "assigned", co_unit=False)
    registered = advance(world, world.new_draft("尚未交办"), "registered")
    assert ids(api(world.handler)) == ids(api(world.leader)) == {assigned.pk}
    assert ids(api(world.co_handler)) == set()
    get(api(world.other_handler), assigned.pk, expect=404)
    get(api(world.handler), registered.pk, expect=404)


def test_office_and_supervisors_see_everything_but_drafts(world, api):
    draft = world.new_draft("草稿")
    submitted = advance(world, world.new_draft("已提交"), "submitted")
    closed = advance(world, world.new_draft("已办结"), "closed")
    for user in (world.office, world.supervisor):
        assert ids(api(user)) == {submitted.pk, closed.pk}
        get(api(user), draft.pk, expect=404)


def test_public_sees_only_registered_suggestions_of_a_published_catalogue(world, api):
    closed = advance(world, world.new_draft("已办结"), "closed")
    advance(world, world.new_draft("已提交"), "submitted")
    world.new_draft("草稿")
    withdrawn = advance(world, world.new_draft("已撤回"), "registered")
    actions.withdraw(withdrawn, actor=world.deputy)
    assert not access.public().exists()  # the catalogue is not published yet
    world.session.catalogue_published = True
    world.session.save()
    assert set(access.public().values_list("pk", flat=True)) == {closed.pk}
    assert set(access.visible_to(None).values_list("pk", flat=True)) == {closed.pk}
    assert api(None).get("/api/v1/suggestions/").status_code in (401, 403)  # the API is for signed-in users


def test_detail_never_shows_deputies_personal_data(world, api):
    s = world.new_draft()
    text = api(world.deputy).get(f"/api/v1/suggestions/{s.pk}/").content.decode()
    assert "13800000000" not in text
    text = api(world.office).get("/api/v1/deputies/").content.decode()
    assert "王建国" in text and "13800000000" not in text
