"""Who was reminded, when and of what, as the suggestion's supervision page and the API show it: a
reminder is one row per sending, and each person it reached is named."""

from datetime import timedelta

from accounts.models import Role, User
from suggestions.models import Deadline
from supervision.jobs import scan_deadlines
from supervision.models import Reminder

from .helpers import assigned


def scanned(world):
    """A suggestion whose lead unit's people were reminded (overdue sign) and then reminded by hand."""
    s = assigned(world)
    sign = Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead")
    assert scan_deadlines(sign.due_date + timedelta(days=1)) > 0
    r = world.api(world.office).post(
        f"/api/v1/suggestions/{s.pk}/actions/remind/",
        {"message": "请尽快签收", "unit": world.co_unit.pk},
        format="json",
    )
    assert r.status_code == 200, r.json()
    return s, sign


def test_the_page_names_every_person_each_reminder_reached(world, client, api):
    world.api = api
    s, sign = scanned(world)
    client.force_login(world.office)
    page = client.get(f"/supervision/s/{s.pk}/").content.decode()
    (overdue,) = [item for item in page.split("<li>") if "逾期催办" in item and str(world.handler) in item]
    names = overdue.split("→ ")[1].split("（")[0]
    assert sorted(names.split("、")) == sorted([str(world.handler), str(world.leader)])
    assert f"（签收，{sign.due_date:%Y-%m-%d}）" in overdue
    assert f"→ {world.co_handler}，{world.office}：请尽快签收" in page


def test_the_api_lists_reminders_with_their_recipients_and_a_unit_person_sees_their_own(world, api):
    world.api = api
    s, sign = scanned(world)
    User.objects.create_user("newcomer", role=Role.UNIT_HANDLER, unit=world.lead_unit)
    everything = api(world.office).get(f"/api/v1/reminders/?suggestion={s.pk}").json()["results"]
    by_kind = {r["kind"]: r for r in everything if r["deadline"] == sign.pk or r["kind"] == "manual"}
    assert sorted(by_kind["overdue"]["recipients"]) == sorted([str(world.handler), str(world.leader)])
    assert by_kind["manual"]["recipients"] == [str(world.co_handler)]
    assert by_kind["manual"]["message"] == "请尽快签收"
    # A unit person sees the reminders that reached them, and only those.
    for person in (world.co_handler, world.handler):
        theirs = {r["id"] for r in api(person).get("/api/v1/reminders/").json()["results"]}
        assert theirs == {r["id"] for r in everything if str(person) in r["recipients"]}
        assert theirs == set(Reminder.objects.to(person).values_list("pk", flat=True))
        assert 0 < len(theirs) < len(everything)
    assert by_kind["manual"]["id"] not in {
        r["id"] for r in api(world.handler).get("/api/v1/reminders/").json()["results"]
    }
    newcomer = User.objects.get(username="newcomer")
    assert api(newcomer).get("/api/v1/reminders/").json()["results"] == []
