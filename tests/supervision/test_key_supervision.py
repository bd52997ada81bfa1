from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.models import KeySupervision, Notification

from .helpers import assigned


def mark(api, world, s, by=None):
    data = {"year": 2023, "leader": "常务副主任 李明", "committee": "教育科学文化卫生委员会"}
    return api(by or world.office).post(f"/api/v1/suggestions/{s.pk}/actions/mark_key/", data, format="json")


def test_office_marks_key_and_unit_and_supervisors_hear(world, api):
    s = assigned(world)
    assert mark(api, world, s).status_code == 200
    key = KeySupervision.objects.get()
    assert (key.year, key.committee) == (2023, "教育科学文化卫生委员会")
    told = set(Notification.objects.filter(kind="key").values_list("recipient__username", flat=True))
    assert {"handler", "leader", "co_handler", "supervisor"} <= told
    assert mark(api, world, s).status_code == 409  # once a year


def test_supervisor_cannot_mark_but_can_instruct(world, api):
    s = assigned(world)
    assert mark(api, world, s, by=world.supervisor).status_code == 403
    r = api(world.supervisor).post(
        f"/api/v1/suggestions/{s.pk}/actions/instruct/",
        {"message": "请省教育厅加快推进，年底前拿出实施方案。", "unit": world.lead_unit.pk},
        format="json",
    )
    assert r.status_code == 200, r.json()
    event = s.events.get(name="instruct")
    assert event.actor == world.supervisor and event.payload["unit"] == "省教育厅"
    told = set(Notification.objects.filter(kind="instruction").values_list("recipient__username", flat=True))
    assert told == {"handler", "leader"}


def test_board_shows_progress_in_a_fixed_number_of_queries(world, client, api):
    for n in range(3):
        mark(api, world, assigned(world, f"关于第{n}项民生实事的建议"))
    client.force_login(world.supervisor)
    with CaptureQueriesContext(connection) as few:
        r = client.get("/supervision/key/?year=2023")
    assert r.status_code == 200
    page = r.content.decode()
    assert "关于第2项民生实事的建议" in page and "教育科学文化卫生委员会" in page and "签收" in page
    mark(api, world, assigned(world, "关于第九项民生实事的建议"))
    with CaptureQueriesContext(connection) as more:
        client.get("/supervision/key/?year=2023")
    assert len(more) == len(few)


def test_units_cannot_see_the_board(world, client):
    client.force_login(world.handler)
    assert client.get("/supervision/key/").status_code == 403
