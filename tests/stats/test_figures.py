"""Each figure against the hand-counted session in fixtures.py."""

from datetime import date

import pytest

from stats import figures
from suggestions import derived
from suggestions.models import Event, Status

from .fixtures import build_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world):
    return build_session(world)


def nd(fig):
    return fig.numerator, fig.denominator


def test_fixture_reached_the_intended_stages(data):
    got = {i: s.status for i, s in data.items()}
    assert got == {
        1: Status.CLOSED,
        2: Status.CLOSED,
        3: Status.REPLIED,
        4: Status.HANDLING,
        5: Status.REGISTERED,
        6: Status.SUBMITTED,
        7: Status.ASSIGNED,
        8: Status.REHANDLING,
    }


def test_every_rate_matches_the_hand_count(world, data):
    row = figures.summary(session=world.session, today=date(2100, 1, 1))
    assert row.total == 8
    assert nd(row["closed"]) == (2, 6)  # s1 s2 of s1 s2 s3 s4 s7 s8
    assert nd(row["satisfaction"]) == (2, 2)
    assert nd(row["satisfied"]) == (1, 2)
    assert nd(row["basic"]) == (1, 2)
    assert nd(row["solved_a"]) == (2, 4)  # s1 s8 of s1 s2 s3 s8
    assert nd(row["solved_ab"]) == (3, 4)
    assert nd(row["on_time"]) == (3, 4)  # s3 missed its reply deadline
    assert nd(row["contact"]) == (5, 6)  # s7 not contacted
    assert nd(row["b_to_a"]) == (0, 1)
    assert nd(row["unsatisfied"]) == (1, 3)  # s8 of s1 s2 s8
    assert nd(row["overdue"]) == (4, 5)  # s3 s4 s7 s8 of those plus s5 (no deadline)
    assert nd(row["reminders"]) == (0, None)
    assert row.stages[Status.CLOSED] == 2 and row.stages[Status.SUBMITTED] == 1
    assert sum(row.stages.values()) == 8


def test_nothing_is_overdue_today(world, data):
    assert figures.summary(session=world.session)["overdue"].numerator == 0


def test_satisfaction_parts_add_up(world, data):
    row = figures.summary(session=world.session)
    assert row["satisfied"].numerator + row["basic"].numerator == row["satisfaction"].numerator


def test_b_to_a_counts_a_convert_event(world, data):
    Event.objects.create(suggestion=data[2], name="convert_to_a", to_status=Status.CLOSED)
    derived.update_for(data[2])  # a raw row: the write path would have kept the figures itself
    assert nd(figures.summary(session=world.session)["b_to_a"]) == (1, 1)


def test_reminder_events_are_counted(world, data):
    for s in (data[4], data[4], data[7]):
        Event.objects.create(suggestion=s, name="remind", to_status=s.status)
    derived.update_for(data[4], data[7])  # raw rows: the write path would have kept the figures itself
    assert figures.summary()["reminders"].numerator == 3
    by_unit = {r.key: r for r in figures.table("unit")}
    assert by_unit[world.lead_unit.pk]["reminders"].numerator == 2
    assert by_unit[world.other_unit.pk]["reminders"].numerator == 1


def test_grouped_by_lead_unit(world, data):
    by_unit = {r.key: r for r in figures.table("unit", session=world.session)}
    assert by_unit[world.lead_unit.pk].label == "省教育厅"
    assert nd(by_unit[world.lead_unit.pk]["closed"]) == (2, 5)
    assert nd(by_unit[world.other_unit.pk]["closed"]) == (0, 1)
    assert by_unit[None].total == 2  # s5 and s6 are not assigned yet
    assert world.co_unit.pk not in by_unit  # co-handling units are not credited


def test_unit_filter_means_lead_unit(world, data):
    row = figures.summary(unit=world.other_unit)
    assert row.total == 1 and nd(row["contact"]) == (0, 1)
    assert figures.summary(unit=world.co_unit).total == 0


def test_grouped_by_delegation_field_and_session(world, data):
    (deleg,) = figures.table("delegation")
    assert deleg.label == "郑州代表团" and deleg.total == 8
    (fld,) = figures.table("field")
    assert fld.label == "科教文卫" and nd(fld["solved_ab"]) == (3, 4)
    (sess,) = figures.table("session", term=world.term)
    assert sess.label == "十四届一次会议" and nd(sess["closed"]) == (2, 6)


def test_empty_scope_has_no_rates(world):
    row = figures.summary(session=world.session)
    assert row.total == 0
    assert all(f.rate is None and f.ci is None for f in row.figures.values())
    assert figures.table("unit") == []


def test_one_of_one_has_a_wide_interval(world):
    s = world.new_draft()
    from tests.world import advance

    advance(world, s, Status.CLOSED)
    fig = figures.summary()["closed"]
    assert (fig.numerator, fig.denominator, fig.rate) == (1, 1, 1.0)
    assert fig.low == pytest.approx(0.2065, abs=1e-4) and fig.high == 1.0


def test_wilson_interval_known_values():
    assert figures.wilson(0, 0) is None
    low, high = figures.wilson(78, 80)
    assert low == pytest.approx(0.9134, abs=1e-3) and high == pytest.approx(0.9931, abs=1e-3)
    assert figures.wilson(0, 10)[0] == 0.0


def test_league_ranks_by_lower_bound_not_raw_rate():
    small = figures.Row(1, "小", 3, {"closed": figures.Figure("closed", "办结率", 3, 3)})
    big = figures.Row(2, "大", 80, {"closed": figures.Figure("closed", "办结率", 78, 80)})
    none = figures.Row(3, "无", 0, {"closed": figures.Figure("closed", "办结率", 0, 0)})
    assert [r.label for r in figures.league([none, small, big], "closed")] == ["大", "小", "无"]


def test_members_are_the_suggestions_counted(world, data):
    on_time = set(figures.members("on_time", session=world.session).values_list("pk", flat=True))
    assert on_time == {data[1].pk, data[2].pk, data[8].pk}
    replied = set(figures.members("on_time", "denominator").values_list("pk", flat=True))
    assert replied == on_time | {data[3].pk}
    assert list(figures.members("stage:submitted")) == [data[6]]
