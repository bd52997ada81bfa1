"""Issue 8 item 13: flows that confused people, each made plain."""

from datetime import timedelta

from django.utils import timezone

from stats import documents
from suggestions import actions
from suggestions.models import Event, Status
from tests.world import advance


def test_the_first_autosave_brings_the_invite_box_without_a_reload(world, client):
    client.force_login(world.deputy)
    response = client.post(
        "/deputy/autosave/", {"title": "关于加快城乡供水一体化的建议", "draft": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "刷新页面" not in html
    assert 'id="draft-sections" hx-swap-oob="true"' in html and "邀请联名代表" in html and "提交建议" in html


def test_declining_a_co_signature_asks_for_confirmation(world, client):
    s = world.new_draft()
    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    client.force_login(world.cosigner)
    html = client.get("/deputy/").content.decode()
    decline = html[html.index("decline_cosign") - 400 : html.index("decline_cosign") + 600]
    assert '<details class="confirm">' in decline and "确定拒绝联名" in decline


def test_a_returned_draft_shows_the_offices_reason_where_it_is_edited(world, client):
    s = world.new_draft()
    actions.submit(s, actor=world.deputy)
    actions.return_for_revision(s, actor=world.office, note="请补充近三年的数据")
    client.force_login(world.deputy)
    html = client.get(f"/deputy/s/{s.pk}/edit/").content.decode()
    assert "退回意见" in html and "请补充近三年的数据" in html


def test_each_side_of_a_merge_reads_its_own_way(world, client):
    target = world.new_draft(title="关于加快郑州地铁建设的建议")
    merged = world.new_draft(title="关于郑州地铁提速的建议", by=world.cosigner)
    for s, who in ((target, world.deputy), (merged, world.cosigner)):
        actions.submit(s, actor=who)
    actions.merge(merged, actor=world.office, into=target)
    target.refresh_from_db()
    client.force_login(world.office)
    target_page = client.get(f"/s/{target.pk}/").content.decode()
    merged_page = client.get(f"/s/{merged.pk}/").content.decode()
    assert "其他代表的建议并入本件" in target_page and "并入其他建议" not in target_page
    assert f"并入{target.display_number}建议" in merged_page


def test_the_public_page_lists_merged_in_deputies_apart_from_co_signers(world, client):
    from disclosure import publishing

    target = world.new_draft(title="关于加快郑州地铁建设的建议")
    merged = world.new_draft(title="关于郑州地铁提速的建议", by=world.cosigner2)
    for s, who in ((target, world.deputy), (merged, world.cosigner2)):
        actions.submit(s, actor=who)
    actions.merge(merged, actor=world.office, into=target)
    target.refresh_from_db()
    advance(world, target, Status.ASSIGNED)
    publishing.publish_catalogue(world.session, actor=world.office)
    html = client.get(f"/public/suggestions/{target.pk}/").content.decode()
    name = world.cosigner2.deputy.name
    assert "并案代表" in html and name in html
    assert "联名代表" not in html  # nobody co-signed it


def test_publishing_a_reply_from_the_suggestion_page_starts_at_the_redacted_preview(world, client):
    from disclosure import publishing

    s = advance(world, world.new_draft(), Status.CLOSED)
    publishing.publish_catalogue(world.session, actor=world.office)
    client.force_login(world.office)
    html = client.get(f"/s/{s.pk}/").content.decode()
    assert f'href="/office/disclosure/suggestions/{s.pk}/"' in html
    assert f"/s/{s.pk}/step/publish_reply/" not in html


def test_a_record_dated_before_the_assignment_is_refused_in_chinese(world, client):
    s = advance(world, world.new_draft(), Status.ASSIGNED, co_unit=False)
    actions.perform(s, "sign", actor=world.handler, data={})
    before = timezone.localdate() - timedelta(days=3)
    client.force_login(world.handler)
    response = client.post(
        f"/s/{s.pk}/step/record/", {"kind": "research", "happened_on": before.isoformat(), "summary": "实地调研"}
    )
    assert response.status_code == 400 and "日期不能早于本单位受交办的日期" in response.content.decode()
    assert not Event.objects.filter(suggestion=s, name="record").exists()


def test_a_report_without_filters_covers_the_latest_session_and_says_so(world):
    from congress.models import Session, Term

    old_term = Term.objects.create(number=world.term.number - 1, name="第十三届", start_date="2018-01-01")
    Session.objects.create(
        term=old_term, number=6, name="十三届六次会议", start_date="2022-01-09", end_date="2022-01-13"
    )
    filters = documents.report_filters({})
    assert filters == {"session": world.session.pk}
    assert documents.scope_name(filters) == world.session.name
    assert documents.report_filters({"term": old_term.pk}) == {"term": old_term.pk}
