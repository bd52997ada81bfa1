from datetime import timedelta

from suggestions.models import Deadline, DeadlineState
from supervision.models import ExtensionRequest

from .helpers import assigned


def reply_deadline(s):
    return Deadline.objects.open().get(suggestion=s, kind="reply")


def ask(api, world, s, days=60):
    want = reply_deadline(s).due_date + timedelta(days=days)
    r = api(world.handler).post(
        f"/api/v1/suggestions/{s.pk}/actions/request_extension/",
        {"requested_date": want.isoformat(), "reason": "需省发改委统筹资金，调研尚未完成"},
        format="json",
    )
    return r, want


def test_office_grants_and_the_reply_deadline_moves(world, api):
    s = assigned(world)
    old = reply_deadline(s)
    r, want = ask(api, world, s)
    assert r.status_code == 200, r.json()
    req = ExtensionRequest.objects.get()
    r = api(world.office).post(
        f"/api/v1/suggestions/{s.pk}/actions/decide_extension/",
        {"request": req.pk, "grant": "1", "note": "情况属实"},
        format="json",
    )
    assert r.status_code == 200, r.json()
    new = reply_deadline(s)
    assert new.due_date == want and new.pk != old.pk
    assert "同意，延期至" in new.explanation.replace("同意延期至", "同意，延期至") or "延期至" in new.explanation
    assert old.explanation in new.explanation
    old.refresh_from_db()
    assert old.cancelled
    assert [e.name for e in s.events.filter(name__contains="extension")] == ["request_extension", "decide_extension"]


def test_refused_extension_leaves_the_deadline(world, api):
    s = assigned(world)
    old = reply_deadline(s)
    ask(api, world, s)
    req = ExtensionRequest.objects.get()
    r = api(world.office).post(
        f"/api/v1/suggestions/{s.pk}/actions/decide_extension/", {"request": req.pk, "grant": "0"}, format="json"
    )
    assert r.status_code == 200
    assert reply_deadline(s).pk == old.pk
    assert ExtensionRequest.objects.get().decision == "refused"


def test_a_date_before_the_deadline_is_refused_and_changes_nothing(world, api):
    s = assigned(world)
    r, _ = ask(api, world, s, days=-1)
    assert r.status_code == 400 and "requested_date" in r.json()["errors"]
    assert not ExtensionRequest.objects.exists()


def test_only_the_lead_unit_may_ask_and_only_once_at_a_time(world, api):
    s = assigned(world)
    r = api(world.co_handler).post(
        f"/api/v1/suggestions/{s.pk}/actions/request_extension/",
        {"requested_date": "2099-01-01", "reason": "x"},
        format="json",
    )
    assert r.status_code == 403
    assert ask(api, world, s)[0].status_code == 200
    assert ask(api, world, s, days=90)[0].status_code == 409


def test_state_of_deadlines_is_computed_in_the_database(world):
    s = assigned(world)
    sign = Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead")
    states = dict(
        Deadline.objects.filter(pk=sign.pk)
        .with_state(sign.due_date + timedelta(days=1), 7)
        .values_list("kind", "state")
    )
    assert states == {"sign": DeadlineState.OVERDUE}
