"""The unit inbox's tab counts are kept in the cache under the unit's mark: they must always equal
what counting the rows again gives, after every kind of write, a change of divisions, or a new day."""

from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from suggestions import actions, marks
from suggestions.models import Status
from tests.core.scenarios import act
from tests.units.helpers import item, organise, reply_due
from tests.workbench.helpers import SIGNED, many
from tests.world import advance
from units import actions as unit_actions
from units.models import Division
from workbench import queries


def live(user) -> dict[str, int]:
    return {t.key: queries.capped_count(queries.unit_tab(user, t.key), queries.TAB_CAP) for t in queries.UNIT_TABS}


def assert_counts_true(w):
    for user in (w.handler, w.leader, w.co_handler, w.other_handler):
        assert queries.unit_counts(user) == live(user), user.username


def test_counts_follow_every_stage_of_the_lifecycle(world):
    w = world
    assert_counts_true(w)  # kept now, before anything moves
    first, second = w.new_draft(), w.new_draft(title="关于完善基层医疗卫生服务体系的建议")
    stages = [Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.CLOSED]
    for stage in stages:
        advance(w, first, stage)
        assert_counts_true(w)
    advance(w, second, Status.ASSIGNED)
    assert_counts_true(w)
    actions.sign(second, actor=w.handler)
    assert_counts_true(w)
    actions.draft_reply(second, actor=w.handler, body="您提出的建议收悉，现答复如下……", category=w.category("A"))
    actions.submit_reply(second, actor=w.handler)  # 答复待审核, the leaders' tab
    assert_counts_true(w)
    assert queries.unit_counts(w.leader)["in_review"] == 1


def test_counts_follow_the_divisions_and_the_day(world):
    w = world
    s = w.new_draft()
    with time_machine.travel(date(2025, 3, 3), tick=False):
        advance(w, s, Status.ASSIGNED)
        actions.sign(s, actor=w.handler)
        assert_counts_true(w)
        division = unit_actions.save_division(w.lead_unit, actor=w.leader, name="教育处", is_office=False)
        unit_actions.place(w.handler, division, actor=w.leader)
        assert_counts_true(w)
        unit_actions.place(w.handler, None, actor=w.leader)
        unit_actions.delete_division(Division.objects.get(pk=division.pk), actor=w.leader)
        assert_counts_true(w)
        before = queries.unit_counts(w.handler)["overdue"]
    with time_machine.travel(date(2026, 3, 3), tick=False):  # a year on: overdue without any write
        assert queries.unit_counts(w.handler)["overdue"] == before + 1
        assert_counts_true(w)


def test_a_write_moves_the_mark_at_once_and_again_when_it_commits(world, django_capture_on_commit_callbacks):
    unit = world.lead_unit.pk
    before = marks.current(unit)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        marks.move([unit])
        during = marks.current(unit)
        assert during != before  # the writer's own next read already misses
    assert marks.current(unit) not in (before, during)  # a count made before the commit is not reused


def test_a_lost_mark_never_comes_back_as_an_old_one(world):
    unit = world.lead_unit.pk
    seen = {marks.current(unit)}
    for _ in range(5):
        cache.delete(f"unit-mark:{unit}")
        seen.add(marks.current(unit))
    assert len(seen) == 6


def test_moving_a_person_between_divisions_moves_their_mine_tab(world, api):
    w = world
    org = organise(w)
    s = many(w, 1, SIGNED)[0]
    due = reply_due(s).due_date - timedelta(days=3)
    act(api(w.handler), s.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.zhang, due)]})
    assert queries.unit_counts(org.li)["mine"] == 0
    unit_actions.place(org.li, org.policy, actor=w.leader)  # 李红 joins 政策法规处, which has it
    assert queries.unit_counts(org.li)["mine"] == 1 == live(org.li)["mine"]
    unit_actions.place(org.li, org.planning, actor=w.leader)
    assert queries.unit_counts(org.li)["mine"] == 0 == live(org.li)["mine"]


@pytest.mark.parametrize("broken", ["get", "incr"])
def test_a_failing_cache_fails_no_write_and_no_page(world, client, broken):
    w = world
    s = w.new_draft()
    advance(w, s, Status.ASSIGNED)
    with mock.patch.object(cache, broken, side_effect=ConnectionError("cache down")):
        actions.sign(s, actor=w.handler)
        assert queries.unit_counts(w.handler) == live(w.handler)
        client.force_login(w.handler)
        assert client.get("/unit/").status_code == 200
