"""Writing a suggestion without JavaScript, inviting, attaching, submitting, and the tracking page."""

from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions import actions
from suggestions.models import Status, Suggestion
from tests.world import advance


def test_new_page_creates_draft_on_save_and_redirects_to_edit(world, client):
    client.force_login(world.deputy)
    assert "新建建议" in client.get("/deputy/new/").content.decode()
    response = client.post(
        "/deputy/new/",
        {
            "title": "关于加强老旧小区改造的建议",
            "body": "正文",
            "field": world.field.pk,
            "formed_by": "research",
            "disclosure": "full",
        },
    )
    s = Suggestion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deputy/s/{s.pk}/edit/"
    assert s.field == world.field


def test_search_finds_deputies_by_delegation_and_invites_through_the_step(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    found = client.get(f"/deputy/s/{s.pk}/deputies/", {"q": "洛阳"}).content.decode()
    assert "张伟" in found and "刘洋" in found and "李秀英" not in found and "王建国" not in found
    response = client.post(
        f"/s/{s.pk}/step/invite_cosigners/", {"deputies": world.cosigner2.deputy.pk, "next": f"/deputy/s/{s.pk}/edit/"}
    )
    assert response.status_code == 302
    page = client.get(f"/deputy/s/{s.pk}/edit/").content.decode()
    assert "张伟" in page and "待确认" in page and "尚未确认" in page


def test_attachment_upload_goes_through_the_attach_step(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    upload = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(f"/s/{s.pk}/step/attach/", {"file": upload, "next": f"/deputy/s/{s.pk}/edit/"})
    assert response.status_code == 302
    assert s.attachments.get().name == "调研报告.pdf"
    assert s.events.filter(name="attach").exists()


def test_tracking_page_shows_stage_units_contacts_and_reply(world, client):
    s = world.new_draft()
    advance(world, s, Status.REPLIED)
    client.force_login(world.deputy)
    page = client.get(f"/deputy/s/{s.pk}/").content.decode()
    assert 'aria-current="step"' in page
    assert "签收" in page and "省教育厅" in page
    assert "电话联系代表" in page  # the contact made with me
    assert "下载答复函" in page and "评价答复" in page


def test_rating_from_the_tracking_page_closes_the_suggestion(world, client):
    s = world.new_draft()
    advance(world, s, Status.REPLIED)
    client.force_login(world.deputy)
    response = client.post(
        f"/s/{s.pk}/step/rate/",
        {"result": "satisfied", "attitude": "satisfied", "next": f"/deputy/s/{s.pk}/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/deputy/s/{s.pk}/"
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    assert "已办结" in client.get(f"/deputy/s/{s.pk}/").content.decode()


def test_tracking_page_is_not_for_other_deputies(world, client):
    s = world.new_draft()
    actions.submit(s, actor=world.deputy)
    client.force_login(world.outsider)
    assert client.get(f"/deputy/s/{s.pk}/").status_code == 404


def test_tracking_page_shows_a_run_of_autosaves_once_and_the_reply_due_date(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    for body in ("一", "一二", "一二三"):
        client.post("/deputy/autosave/", {"draft": s.pk, "title": s.title, "body": body})
    assert s.events.filter(name="edit").count() == 3
    page = client.get(f"/deputy/s/{s.pk}/").content.decode()
    assert page.count("<strong>修改</strong>") == 1
    advance(world, s, Status.ASSIGNED)
    due = s.deadlines.get(kind="reply").due_date
    assert f"应于{due:%Y-%m-%d}前" in client.get(f"/deputy/s/{s.pk}/").content.decode()
