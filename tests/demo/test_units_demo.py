"""The demo's big units have divisions and people, and what their offices handed on keeps the rules."""

from demo.units import ORGANISATION
from units.handoffs import unit_deadline
from units.models import Division, Handoff, Membership


def test_the_big_units_have_an_office_and_business_divisions_with_people(loaded, db):
    for short_name, (_prefix, names) in ORGANISATION.items():
        divisions = Division.objects.filter(unit__short_name=short_name)
        assert list(divisions.filter(is_office=False).values_list("name", flat=True)) == names
        office = divisions.get(is_office=True)
        assert office.head and Membership.objects.get(user=office.head).division == office
        for d in divisions.filter(is_office=False):
            assert d.head and d.memberships.count() == 2, d


def test_handed_suggestions_have_one_lead_and_dates_within_the_units_deadline(loaded, db):
    for h in Handoff.objects.active().select_related("assignment"):
        assert h.assignment.handoffs.active().filter(role=Handoff.Role.LEAD).count() == 1
        deadline = unit_deadline(h.assignment)
        assert deadline is None or h.due_date <= deadline.due_date
    for h in Handoff.objects.filter(is_active=False):
        assert h.return_reason and h.returned_by
