"""Batch register / return on the review queue, batch reminders and the print view on the list."""

from suggestions.models import Event, Status
from tests.workbench.helpers import SIGNED, many


def test_batch_register_numbers_every_ticked_suggestion_with_one_event_each(world, client):
    chosen = many(world, 3, Status.SUBMITTED)
    left = many(world, 1, Status.SUBMITTED)[0]
    client.force_login(world.office)
    html = client.get("/office/").content.decode()
    assert "批量立案" in html and "批量退回修改" in html and 'form="batch-form"' in html
    response = client.post("/office/review/batch/", {"step": "register", "ids": [s.pk for s in chosen]}, follow=True)
    assert "已立案 3 件建议" in response.content.decode()
    for s in chosen:
        s.refresh_from_db()
        assert s.status == Status.REGISTERED and s.number is not None
        assert Event.objects.filter(suggestion=s, name="register").count() == 1
    left.refresh_from_db()
    assert left.status == Status.SUBMITTED


def test_batch_is_all_or_nothing(world, client):
    chosen = many(world, 2, Status.SUBMITTED)
    already = many(world, 1, Status.REGISTERED)[0]
    client.force_login(world.office)
    response = client.post(
        "/office/review/batch/", {"step": "register", "ids": [s.pk for s in chosen] + [already.pk]}, follow=True
    )
    text = response.content.decode()
    assert "所有建议均未改变" in text and already.display_number in text
    for s in chosen:
        s.refresh_from_db()
        assert s.status == Status.SUBMITTED and s.number is None
    assert not Event.objects.filter(suggestion__in=chosen, name="register").exists()


def test_batch_return_needs_a_reason_that_every_deputy_then_sees(world, client):
    chosen = many(world, 2, Status.SUBMITTED)
    client.force_login(world.office)
    refused = client.post("/office/review/batch/", {"step": "return", "ids": [s.pk for s in chosen]}, follow=True)
    assert "须填写退回理由" in refused.content.decode()
    assert all(s.status == Status.SUBMITTED for s in type(chosen[0]).objects.filter(pk__in=[s.pk for s in chosen]))
    client.post("/office/review/batch/", {"step": "return", "ids": [s.pk for s in chosen], "note": "请补充调研数据"})
    client.force_login(world.deputy)
    for s in chosen:
        s.refresh_from_db()
        assert s.status == Status.RETURNED
        assert "请补充调研数据" in client.get(f"/deputy/s/{s.pk}/edit/").content.decode()


def test_batch_reminder_on_the_list_reaches_each_suggestion(world, client):
    chosen = many(world, 2, SIGNED)
    client.force_login(world.office)
    response = client.post(
        "/office/suggestions/batch/", {"ids": [s.pk for s in chosen], "message": "请加快办理"}, follow=True
    )
    assert "已催办 2 件建议" in response.content.decode()
    assert Event.objects.filter(suggestion__in=chosen, name="remind").count() == 2


def test_print_view_is_a_clean_list_of_the_chosen_or_the_filtered(world, client):
    chosen = many(world, 2, Status.REGISTERED)
    other = many(world, 1, Status.REGISTERED)[0]
    client.force_login(world.office)
    assert "/office/suggestions/print/" in client.get("/office/suggestions/").content.decode()
    html = client.post("/office/suggestions/print/", {"ids": [s.pk for s in chosen]}).content.decode()
    assert all(s.title in html for s in chosen) and other.title not in html
    assert "print.css" in html and "site-nav" not in html and "所选共 2 件" in html
    everything = client.get(f"/office/suggestions/print/?session={world.session.pk}").content.decode()
    assert other.title in everything and f"{world.session.name}代表建议清单" in everything
