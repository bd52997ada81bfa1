"""Recommended lead units: the units most often given suggestions of the same field."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import many
from workbench.recommend import recommend_many, recommend_units


def test_most_frequent_lead_unit_of_the_field_comes_first(world):
    done = many(world, 3)
    actions.assign(done[0], actor=world.office, lead_unit=world.lead_unit)
    actions.assign(done[1], actor=world.office, lead_unit=world.other_unit)
    actions.assign(done[2], actor=world.office, lead_unit=world.other_unit)
    fresh = many(world, 1, Status.REGISTERED)[0]
    assert recommend_units(fresh) == [world.other_unit, world.lead_unit]
    assert recommend_units(fresh, n=1) == [world.other_unit]


def test_no_history_no_recommendation(world):
    fresh = many(world, 1, Status.REGISTERED)[0]
    assert recommend_units(fresh) == []


def test_recommending_for_a_page_takes_a_fixed_number_of_queries(world):
    rows = many(world, 5)
    with CaptureQueriesContext(connection) as few:
        recommend_many(rows[:1])
    with CaptureQueriesContext(connection) as more:
        recommend_many(rows)
    assert len(few) == len(more) <= 2
