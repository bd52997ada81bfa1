"""Chinese search through HTTP, per role: words, synonyms, numbers and names; nobody sees more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import actions
from suggestions.models import Status
from tests.world import advance


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def _draft(world, title, body="", by=None):
    s = world.new_draft(title=title, by=by)
    if body:
        actions.edit(s, actor=by or world.deputy, body=body)
    return s


def test_synonyms_and_several_words_find_what_a_person_means(world, client):
    rural = _draft(world, "关于加强农村教育投入的建议")
    city = _draft(world, "关于缓解城区停车难问题的建议")
    for s in (rural, city):
        advance(world, s, Status.REGISTERED)
    client.force_login(world.office)
    for q in ("农村教育", "乡村 教育", "乡村教育"):
        page = client.get("/office/suggestions/", {"q": q}).content.decode()
        assert "加强农村教育投入" in page, q
        assert "缓解城区停车难" not in page, q
    # the match is highlighted in the title and a snippet of the body, in the office list and the review queue
    page = client.get("/office/suggestions/", {"q": "乡村"}).content.decode()
    assert "加强<mark>农村</mark>教育投入" in page
    submitted = _draft(world, "关于改善乡村道路<b>通行</b>条件的建议")
    actions.submit(submitted, actor=world.deputy)
    page = client.get("/office/", {"q": "乡村"}).content.decode()
    assert "改善<mark>乡村</mark>道路&lt;b&gt;通行" in page


def test_reply_text_is_searched(world, client):
    s = _draft(world, "关于加强农村留守儿童关爱的建议")
    advance(world, s, Status.REPLIED)
    client.force_login(world.office)
    word = s.replies.first().body.split("，")[0][-4:]
    assert s.pk in {r["id"] for r in client.get("/api/v1/suggestions/", {"q": word}).json()["results"]}


def test_a_number_or_a_deputys_name_is_an_exact_match(world, api):
    a = _draft(world, "关于完善基层医疗卫生服务体系的建议")
    b = _draft(world, "关于支持黄河流域生态保护治理的建议", by=world.cosigner)
    advance(world, a, Status.REGISTERED)
    advance(world, b, Status.REGISTERED)
    a.refresh_from_db()
    office = api(world.office)
    assert _ids(office.get("/api/v1/suggestions/", {"q": a.display_number})) == {a.pk}
    assert _ids(office.get("/api/v1/suggestions/", {"q": "李秀英"})) == {b.pk}


def test_each_role_finds_only_what_it_may_see(world, api):
    mine = _draft(world, "关于提高农村义务教育教师待遇的建议")
    theirs = _draft(world, "关于提高乡村义务教育办学条件的建议", by=world.outsider)
    advance(world, mine, Status.ASSIGNED, co_unit=False)
    advance(world, theirs, Status.REGISTERED)
    q = {"q": "乡村 义务教育"}
    assert _ids(api(world.office).get("/api/v1/suggestions/", q)) == {mine.pk, theirs.pk}
    assert _ids(api(world.deputy).get("/api/v1/suggestions/", q)) == {mine.pk}
    assert _ids(api(world.outsider).get("/api/v1/suggestions/", q)) == {theirs.pk}
    assert _ids(api(world.handler).get("/api/v1/suggestions/", q)) == {mine.pk}
    assert _ids(api(world.other_handler).get("/api/v1/suggestions/", q)) == set()


def test_ranked_best_first(world, api):
    weak = _draft(world, "关于加强城市管理的建议", body="另外，农村公路也需要养护。" * 1)
    strong = _draft(world, "关于加快农村公路建设的建议", body="农村公路建设滞后，农村公路养护资金不足。")
    for s in (weak, strong):
        advance(world, s, Status.REGISTERED)
    rows = api(world.office).get("/api/v1/suggestions/", {"q": "农村公路"}).json()["results"]
    assert [r["id"] for r in rows][:2] == [strong.pk, weak.pk]


def test_unit_inbox_and_deputy_list_search_their_own_rows(world, client):
    mine = _draft(world, "关于提高农村义务教育教师待遇的建议")
    other = _draft(world, "关于缓解城区停车难问题的建议")
    advance(world, mine, Status.ASSIGNED, co_unit=False)
    advance(world, other, Status.ASSIGNED, co_unit=False)
    client.force_login(world.handler)
    page = client.get("/unit/", {"tab": "to_sign", "q": "乡村教师"}).content.decode()
    assert "<mark>农村</mark>义务教育<mark>教师</mark>待遇" in page and "城区停车难" not in page
    client.force_login(world.deputy)
    page = client.get("/deputy/", {"q": "停车"}).content.decode()
    assert "城区停车难" in page and "农村义务教育教师" not in page


@pytest.mark.parametrize("common", [False, True], ids=["rare word: planner's plan", "common word: row probes"])
def test_a_search_with_too_many_matches_to_rank_finds_the_same_newest_first(world, api, monkeypatch, common):
    """Past RANK_AT_MOST estimated matches (PostgreSQL), matches come in the list's own order and
    the count stops at MANY_CAP; on every database the same suggestions are found either way, and
    whether the matches are read row by row (a common word) or as the planner likes (a rarer one)."""
    from assist import search_index

    monkeypatch.setattr(search_index, "_documents", lambda: 1 if common else -1)

    made = [_draft(world, f"关于加强第{i}批农村教育设施建设的建议") for i in range(4)]
    other = _draft(world, "关于缓解城区停车难问题的建议")
    for s in [*made, other]:
        advance(world, s, Status.REGISTERED)
    office = api(world.office)
    ranked = office.get("/api/v1/suggestions/", {"q": "乡村教育"}).json()
    monkeypatch.setattr(search_index, "RANK_AT_MOST", 0)
    monkeypatch.setattr(search_index, "MANY_CAP", 2)
    with CaptureQueriesContext(connection) as seen:
        many = office.get("/api/v1/suggestions/", {"q": "乡村教育"}).json()
    assert {r["id"] for r in ranked["results"]} == {s.pk for s in made}
    if connection.vendor == "postgresql":
        # Counted in the list's order, over the rows its page has just read, not in the order the
        # table lies on disk (each row's probe of the index would read cold pages).
        (count,) = [q["sql"] for q in seen.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert "ORDER BY" in count
        # the list's order (by number), and as far as the count goes: 2 (“2+”) of the 4
        assert [r["id"] for r in many["results"]] == [s.pk for s in sorted(made, key=lambda s: s.number)][:2]
        assert (many["count"], many["count_capped"]) == (2, True)
    else:  # SQLite ranks with FTS5's bm25 whatever the number of matches
        assert many == ranked
