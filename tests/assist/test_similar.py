"""Similar suggestions while writing (portal) and near-duplicate groups for the office (并案)."""

from assist import search_index
from suggestions import actions
from suggestions.models import Status
from tests.world import advance


def test_office_draft_panel_shows_similar_and_deputy_sees_only_published(world, client):
    other = world.new_draft(title="关于加快郑州地铁线网建设的建议", by=world.outsider)
    advance(world, other, Status.REGISTERED)
    params = {"title": "关于郑州地铁线网建设提速的建议", "body": ""}
    client.force_login(world.office)
    assert "加快郑州地铁线网建设" in client.get("/assist/draft/", params).content.decode()
    client.force_login(world.deputy)
    page = client.get("/assist/draft/", params).content.decode()
    assert "加快郑州地铁线网建设" not in page  # not published: another deputy's text stays theirs
    assert "预审提示" in page
    client.force_login(world.handler)
    assert client.get("/assist/draft/", params).status_code == 403


def test_portal_edit_page_has_the_panel_and_no_inline_script(world, client):
    s = world.new_draft()
    client.force_login(world.deputy)
    page = client.get(f"/deputy/s/{s.pk}/edit/").content.decode()
    assert 'id="assist-panel"' in page and "assist/assist.js" in page
    assert "<script>" not in page


def test_duplicate_groups_of_a_session_are_found_in_the_database(world, client):
    a = world.new_draft(title="关于加快郑州地铁五号线延伸工程建设的建议")
    b = world.new_draft(title="关于郑州地铁五号线延伸工程尽快开工的建议", by=world.cosigner)
    c = world.new_draft(title="关于加强食品安全监管的建议", by=world.outsider)
    for s, by in ((a, world.deputy), (b, world.cosigner), (c, world.outsider)):
        actions.submit(s, actor=by)
    groups = search_index.duplicate_groups(world.session, minimum=3)
    assert [{s.pk for s in g} for g in groups] == [{a.pk, b.pk}]
    client.force_login(world.office)
    page = client.get("/assist/duplicates/").content.decode()
    assert a.title in page and b.title in page and c.title not in page
