from datetime import timedelta

from supervision.jobs import scan_deadlines
from supervision.models import Notification, Reminder

from .helpers import assigned, reached, reached_names


def test_office_reminds_a_unit_through_the_api(world, api):
    s = assigned(world)
    r = api(world.office).post(
        f"/api/v1/suggestions/{s.pk}/actions/remind/",
        {"message": "请于本周内签收并联系代表", "unit": world.co_unit.pk},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert reached_names() == [("manual", "co_handler")]
    assert Notification.objects.get(kind="manual").title.startswith("催办")
    assert s.events.get(name="remind").payload["message"] == "请于本周内签收并联系代表"


def test_manual_reminders_may_repeat(world, api):
    s = assigned(world)
    for _ in range(2):
        api(world.supervisor).post(f"/api/v1/suggestions/{s.pk}/actions/remind/", {"message": "催办"}, format="json")
    assert Reminder.objects.filter(kind="manual").count() == 2  # each to the handler, leader and co_handler
    assert len(reached()) == 2 * 3


def test_units_and_deputies_cannot_remind(world, api):
    s = assigned(world)
    for user in (world.handler, world.deputy):
        r = api(user).post(f"/api/v1/suggestions/{s.pk}/actions/remind/", {"message": "x"}, format="json")
        assert r.status_code == 403
    assert not Reminder.objects.exists()


def test_supervisor_reminds_from_the_web_step(world, client):
    s = assigned(world)
    client.force_login(world.supervisor)
    assert client.get(f"/s/{s.pk}/step/remind/").status_code == 200
    r = client.post(f"/s/{s.pk}/step/remind/", {"message": "请加快办理"})
    assert r.status_code in (200, 302)
    assert len(reached(Reminder.objects.filter(kind="manual", sender=world.supervisor))) == 3


def test_the_timeline_says_what_each_reminder_said(world, client):
    s = assigned(world)
    client.force_login(world.supervisor)
    client.post(f"/s/{s.pk}/step/remind/", {"message": "请于本周五前联系领衔代表"})
    scan_deadlines(s.deadlines.filter(kind="sign").latest("due_date").due_date + timedelta(days=1))  # signing is late
    client.force_login(world.deputy)
    page = client.get(f"/s/{s.pk}/").content.decode()
    timeline = page[page.index("办理进程") :]
    assert "请于本周五前联系领衔代表" in timeline
    assert "签收期限为" in timeline, timeline
