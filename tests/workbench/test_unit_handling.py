"""The handling page: the shared suggestion page plus records, co-unit opinions, reply work, templates."""

from django.utils import timezone

from suggestions import actions
from suggestions.models import Reply, Status
from tests.workbench.helpers import SIGNED, many
from workbench.models import ReplyTemplate


def test_handling_page_shows_records_and_the_four_hundred_percent(world, client):
    s = many(world, 1, SIGNED)[0]
    client.force_login(world.handler)
    html = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert "办理工作区" in html and "尚无沟通记录" in html
    actions.record(
        s,
        actor=world.handler,
        kind="contact",
        channel="visit",
        happened_on=timezone.localdate(),
        summary="上门走访代表",
    )
    html = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert "上门走访代表" in html and '与代表沟通<span class="sr-only">（已完成）' in html


def test_steps_from_the_handling_page_come_back_to_it(world, client):
    s = many(world, 1, Status.ASSIGNED)[0]
    client.force_login(world.handler)
    html = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert f"/s/{s.pk}/step/sign/?next=/unit/s/{s.pk}/" in html
    response = client.post(f"/s/{s.pk}/step/sign/", {"next": f"/unit/s/{s.pk}/"})
    assert response["Location"] == f"/unit/s/{s.pk}/"


def test_template_fills_the_draft_with_deputy_title_and_unit(world, client):
    s = many(world, 1, SIGNED)[0]
    mine = ReplyTemplate.objects.create(
        unit=world.lead_unit, name="答复函", body="{deputy}代表：您提出的《{title}》收悉。{unit}"
    )
    theirs = ReplyTemplate.objects.create(unit=world.other_unit, name="别家模板", body="x")
    ReplyTemplate.objects.create(unit=None, name="通用模板", body="通用")
    client.force_login(world.handler)
    html = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert "答复函" in html and "通用模板（通用）" in html and "别家模板" not in html
    filled = client.get(f"/unit/s/{s.pk}/reply-template/?template={mine.pk}", headers={"HX-Request": "true"})
    text = filled.content.decode()
    assert f"王建国代表：您提出的《{s.title}》收悉。河南省教育厅" in text and 'name="body"' in text
    assert client.get(f"/unit/s/{s.pk}/reply-template/?template={theirs.pk}").status_code == 404


def test_saved_draft_shows_its_review_levels(world, client):
    s = many(world, 1, SIGNED)[0]
    client.force_login(world.handler)
    response = client.post(
        f"/s/{s.pk}/step/draft_reply/",
        {"body": "经研究，答复如下……", "category": world.category("B").pk, "next": f"/unit/s/{s.pk}/"},
    )
    assert response["Location"] == f"/unit/s/{s.pk}/"
    actions.submit_reply(s, actor=world.handler)
    actions.approve_reply(s, actor=world.leader)
    html = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert Reply.objects.get(suggestion=s).levels_passed == 1
    assert '<li class="done"><strong>第1级审核</strong> <small>赵强 ' in html
    assert '<li class="current"><strong>第2级审核</strong> <small>待本单位负责人审核</small>' in html
    assert html.count('class="review-chain"') == 1  # in the workspace, not again in the reply above it
    shared = client.get(f"/s/{s.pk}/").content.decode()
    assert shared.count('class="review-chain"') == 1


def test_other_units_cannot_open_the_handling_page(world, client):
    s = many(world, 1, Status.ASSIGNED)[0]
    client.force_login(world.other_handler)
    assert client.get(f"/unit/s/{s.pk}/").status_code == 404
