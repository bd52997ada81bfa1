"""The figures read from the aggregates the write path keeps equal a full recount, always."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test

from congress.models import Policy, Unit
from stats import counters, facts, figures
from stats.models import RATE_KEYS, FigureCount, SuggestionFacts, measure_names
from suggestions import actions, derived
from suggestions.errors import Conflict, PermissionDenied
from suggestions.models import Assignment, Deadline, Status, Suggestion
from supervision import actions as supervision
from supervision import filing
from supervision.models import Filing
from tests.core.test_lifecycle_properties import Lifecycle
from tests.world import advance

from .fixtures import build_session


class KeptFigures(Lifecycle):
    """The lifecycle's random steps, plus reminders and batch assignment; after each, every figure
    equals its recount."""

    batches = 0

    @rule(data=st.data())
    def remind(self, data):
        s = Suggestion.objects.get(pk=data.draw(st.sampled_from(self.pks)))
        try:
            supervision.remind(s, actor=self.world.office, message="请抓紧办理")
        except (Conflict, PermissionDenied):
            pass

    @rule(data=st.data())
    def acknowledge_filing(self, data):
        """A filing body acknowledges a filed reply (the 备案确认率 figure moves)."""
        s = Suggestion.objects.get(pk=data.draw(st.sampled_from(self.pks)))
        pending = Filing.objects.filter(suggestion=s, acknowledged_at__isnull=True, body__role="office").first()
        if pending is None:
            return
        try:
            filing.acknowledge_filing(s, actor=self.world.office, filing=pending)
        except (Conflict, PermissionDenied):
            pass

    @initialize(data=st.data())
    def a_batch_at_the_start(self, data):
        self.assign_a_batch(data)  # so that every run has one, whatever the rules drawn

    @rule(data=st.data())
    def assign_a_batch(self, data):
        """The central assignment meeting (`assign_many`): its facts are written set-based, not per step."""
        fresh = [advance(self.world, self.world.new_draft("集中交办的建议"), Status.REGISTERED) for _ in range(2)]
        self.pks += [s.pk for s in fresh]
        batch = fresh + list(
            Suggestion.objects.filter(pk__in=self.pks, status=Status.REGISTERED).exclude(pk__in=[s.pk for s in fresh])
        )
        units = list(Unit.objects.order_by("pk"))
        lead = data.draw(st.sampled_from(units))
        co = data.draw(st.lists(st.sampled_from([u for u in units if u != lead]), max_size=1))
        actions.assign_many(
            batch, actor=self.world.office, lead_unit=lead, co_units=co, is_complex=data.draw(st.booleans())
        )
        KeptFigures.batches += 1

    @invariant()
    def figures_equal_their_recount(self):
        assert facts.check(groups=("unit", "session")) == []

    @invariant()
    def list_columns_equal_their_recount(self):
        """The columns `derived` keeps (lead unit, next due date, a unit's open work) are what the
        suggestion's own rows say."""
        for s in derived.list_columns(Suggestion.objects.all()):
            assert (s.lead_unit_id, s.next_due_on) == (s.new_lead, s.new_due), s.pk
        for a in derived.assignment_due(Assignment.objects.select_related("suggestion")):
            assert a.in_handling == (a.suggestion.status in derived.IN_HANDLING), (a.pk, a.suggestion.status)
            assert a.due_on == a.new_due, a.pk


@pytest.mark.django_db
def test_kept_figures_equal_a_recount_after_random_steps(world):
    Policy.objects.update_or_create(pk=1, defaults={"review_levels": 1})
    KeptFigures.world = world
    run_state_machine_as_test(
        KeptFigures,
        settings=settings(
            max_examples=4,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert KeptFigures.batches, "no run assigned a batch"


@pytest.mark.django_db
def test_a_session_is_read_from_the_counters_in_one_query(world, django_assert_max_num_queries):
    build_session(world)
    figures.summary()  # the day's overdue watermark is current after this
    with django_assert_max_num_queries(2):
        row = figures.summary(session=world.session)
    assert (row["closed"].numerator, row["closed"].denominator) == (2, 6)
    assert FigureCount.objects.filter(session_key=world.session.pk, dim="all").count() == 1


@pytest.mark.django_db
def test_the_dashboards_overview_is_the_summary_and_tables_with_one_counts_query(world, django_assert_num_queries):
    build_session(world)
    figures.summary()  # the day's overdue watermark is current after this
    groups = ["unit", "field", "delegation"]
    # A session and every session are read from the kept counts; a unit's scope from the facts.
    for scope in ({"session": world.session.pk}, {}, {"unit": world.lead_unit.pk}):
        total, tables = figures.overview(groups, **scope)
        assert total.as_dict() == figures.summary(**scope).as_dict(), scope
        for g in groups:
            assert [r.as_dict() for r in tables[g]] == [r.as_dict() for r in figures.table(g, **scope)], (scope, g)
    assert total.total  # the unit's scope holds rows: the comparison above compared figures
    with django_assert_num_queries(5):  # the watermark, the counts, a label query per group
        figures.overview(groups, session=world.session.pk)


@pytest.mark.django_db
def test_overdue_follows_the_clock_through_the_watermark_job(world, time_machine):
    s = advance(world, world.new_draft(), Status.ASSIGNED)
    due = Deadline.objects.open().filter(suggestion=s).order_by("due_date").first().due_date
    assert figures.summary(session=world.session)["overdue"].numerator == 0
    time_machine.move_to(
        timezone.make_aware(timezone.datetime.combine(due + timedelta(days=1), timezone.datetime.min.time()))
    )
    # No step has run since: the first read of the new day moves the watermark, then the counters answer.
    assert figures.summary(session=world.session)["overdue"].numerator == 1
    assert facts.check(sessions=[world.session.pk]) == []
    assert counters.advance_overdue() == 0  # repeat-safe: the day is done


def test_every_rate_has_its_pair_of_columns_and_every_column_a_rate():
    """The tables' columns are declared in stats.models, below figures: they follow RATES exactly."""
    assert RATE_KEYS == [d.key for d in figures.RATES]
    columns = {f.name for f in SuggestionFacts._meta.get_fields()} & {f.name for f in FigureCount._meta.get_fields()}
    assert set(measure_names()) <= columns
    assert [f"stage_{s.value}" for s in figures.STAGES] == [n for n in measure_names() if n.startswith("stage_")]


@pytest.mark.django_db
def test_figures_check_finds_drift_and_repairs_it(world):
    data = build_session(world)
    call_command("figures_check")  # in agreement
    SuggestionFacts.objects.filter(suggestion=data[1]).update(closed_num=0)
    FigureCount.objects.filter(session_key=world.session.pk).update(closed_num=0)
    with pytest.raises(CommandError, match="不一致"):
        call_command("figures_check")
    call_command("figures_check", "--repair")
    assert figures.summary(session=world.session)["closed"].numerator == 2
    assert facts.check(sessions=[world.session.pk]) == []
