"""Autosave: the first save creates the draft, later saves go through the `edit` step."""

from suggestions.models import Event, Status, Suggestion


def test_first_autosave_creates_a_draft_and_returns_its_id(world, client):
    client.force_login(world.deputy)
    response = client.post(
        "/deputy/autosave/", {"title": "关于加快城乡供水一体化的建议", "draft": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    s = Suggestion.objects.get(title="关于加快城乡供水一体化的建议")
    assert s.status == Status.DRAFT and s.lead_deputy == world.deputy.deputy
    body = response.content.decode()
    assert "已自动保存" in body and f'value="{s.pk}"' in body
    assert response["HX-Replace-Url"] == f"/deputy/s/{s.pk}/edit/"


def test_later_autosave_applies_the_edit_step(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    response = client.post("/deputy/autosave/", {"draft": s.pk, "title": s.title, "body": "新的正文"})
    assert response.status_code == 200 and "已自动保存" in response.content.decode()
    s.refresh_from_db()
    assert s.body == "新的正文"
    assert Event.objects.filter(suggestion=s, name="edit").count() == 1


def test_autosave_without_title_creates_nothing(world, client):
    client.force_login(world.deputy)
    response = client.post("/deputy/autosave/", {"draft": "", "body": "只有正文"})
    assert "填写标题后将自动保存" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_autosave_after_submit_is_refused_and_changes_nothing(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    client.post(f"/s/{s.pk}/step/submit/")
    response = client.post("/deputy/autosave/", {"draft": s.pk, "title": "改过的标题"})
    assert response.status_code == 409 and "未能自动保存" in response.content.decode()
    s.refresh_from_db()
    assert s.title != "改过的标题"


def test_cosigner_cannot_autosave_the_leads_draft(world, client):
    s = world.new_draft()
    from suggestions import actions

    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    client.force_login(world.cosigner)
    response = client.post("/deputy/autosave/", {"draft": s.pk, "title": "篡改"})
    assert response.status_code == 403
    s.refresh_from_db()
    assert s.title != "篡改"
