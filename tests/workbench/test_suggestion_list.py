"""All suggestions for the office: the API's filters, search, saved views, pagination and export."""

import csv
import io
from datetime import date

import time_machine

from suggestions.models import Status, Suggestion
from tests.workbench.helpers import many
from workbench.models import SavedView


def test_filters_and_search_match_the_api(world, client, api):
    a = many(world, 2, Status.REGISTERED)
    many(world, 1, Status.SUBMITTED)
    Suggestion.objects.filter(pk=a[0].pk).update(title="关于治理黄河滩区的建议")
    client.force_login(world.office)
    for query in ["status=registered", "q=黄河滩区", f"field={world.field.pk}&status=submitted"]:
        html = client.get(f"/office/suggestions/?{query}").content.decode()
        api_ids = {row["id"] for row in api(world.office).get(f"/api/v1/suggestions/?{query}").json()["results"]}
        shown = {s.pk for s in Suggestion.objects.all() if f'href="/s/{s.pk}/"' in html}
        assert shown == api_ids, query


def test_overdue_filter_shows_only_late_suggestions(world, client):
    with time_machine.travel(date(2025, 3, 3), tick=False):
        late = many(world, 1, Status.ASSIGNED)[0]
    fresh = many(world, 1, Status.ASSIGNED)[0]
    client.force_login(world.office)
    html = client.get("/office/suggestions/?overdue=true").content.decode()
    assert late.title in html and fresh.title not in html
    assert "已逾期" in html


def test_saved_views_belong_to_their_user(world, client):
    client.force_login(world.office)
    client.post("/office/views/", {"name": "逾期建议", "query": "overdue=true"})
    view = SavedView.objects.get()
    assert view.user == world.office and view.query == "overdue=true"
    html = client.get("/office/suggestions/").content.decode()
    assert 'href="?overdue=true">逾期建议</a>' in html
    client.post(f"/office/views/{view.pk}/delete/")
    assert not SavedView.objects.exists()


def test_another_users_saved_view_cannot_be_deleted(world, client, django_user_model):
    view = SavedView.objects.create(user=world.office, name="我的", query="")
    other = django_user_model.objects.create_user("office2", password="x", role="office")
    client.force_login(other)
    assert client.post(f"/office/views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_csv_export_holds_the_same_filtered_rows(world, client):
    registered = many(world, 2, Status.REGISTERED)
    many(world, 1, Status.SUBMITTED)
    client.force_login(world.office)
    response = client.get("/office/suggestions.csv?status=registered")
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # rows are written as they are read, whatever the size
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["编号", "标题"]
    assert sorted(r[1] for r in rows[1:]) == sorted(s.title for s in registered)
    html = client.get("/office/suggestions/?status=registered").content.decode()
    assert "/office/suggestions.csv?status=registered" in html


def test_pages_keep_the_filters(world, client, monkeypatch):
    many(world, 3, Status.REGISTERED)
    monkeypatch.setattr("workbench.views.common.PAGE_SIZE", 2)
    client.force_login(world.office)
    html = client.get("/office/suggestions/?status=registered").content.decode()
    assert "第 1 / 2 页" in html and "?status=registered&amp;page=2" in html


def test_empty_list_says_so(world, client):
    client.force_login(world.office)
    assert "没有符合条件的建议" in client.get("/office/suggestions/?q=不存在的关键词").content.decode()
