"""The rating window lapses: a repeat-safe job closes the suggestion and says who did not rate."""

import datetime as dt

import time_machine

from suggestions import actions
from tests.core.scenarios import act, get
from tests.world import advance

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_lapsed_rating_window_closes_via_the_job(world, api):
    with time_machine.travel(dt.datetime(2025, 3, 10, 10, tzinfo=SHANGHAI), tick=False):
        s = world.new_draft()
        act(api(world.deputy), s.pk, "invite_cosigners", {"deputies": [world.cosigner.deputy.pk]})
        act(api(world.cosigner), s.pk, "confirm_cosign")
        advance(world, s, "replied", co_unit=False)
        act(api(world.cosigner), s.pk, "rate", {"result": "basic", "attitude": "satisfied"})
    window = next(d for d in get(api(world.office), s.pk)["due_dates"] if d["kind"] == "rating")
    assert window["due_date"] == "2025-04-10"

    with time_machine.travel(dt.datetime(2025, 4, 10, 23, tzinfo=SHANGHAI), tick=False):
        assert actions.close_lapsed_ratings() == 0  # the last day still belongs to the deputy
        body = act(api(world.office), s.pk, "close", expect=409)
        assert "2025-04-10" in body["detail"]
    with time_machine.travel(dt.datetime(2025, 4, 11, 8, tzinfo=SHANGHAI), tick=False):
        assert actions.close_lapsed_ratings() == 1
        assert actions.close_lapsed_ratings() == 0  # repeat-safe
    detail = get(api(world.deputy), s.pk)
    assert detail["status"] == "closed" and detail["rating"] == "basic"
    close = detail["events"][-1]
    assert close["actor"] == "系统"
    assert close["payload"]["unrated"] == ["王建国"] and close["payload"]["window_lapsed"] is True
