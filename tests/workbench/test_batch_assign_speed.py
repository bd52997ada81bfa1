"""The whole session at once: Henan's 926 suggestions go out in one action, written in bulk.

How long it takes belongs to `make bench` (machines here are shared and noisy); what this test holds
is the shape that makes it fast: fewer queries than suggestions, however many there are.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suggestions.models import Assignment, Deadline, Event, Status, Suggestion, SuggestionDeputy

COUNT = 926


def registered(world, n):
    """`n` registered suggestions. Built in bulk: this test measures assignment, not registration
    (registering one by one through the actions takes ~30 s for a whole session)."""
    deputy = world.deputy.deputy
    now = timezone.now()
    made = Suggestion.objects.bulk_create(
        Suggestion(
            session=world.session,
            number=i + 1,
            title=f"关于第{i + 1}项民生实事的建议",
            body="建议内容",
            field=world.field,
            lead_deputy=deputy,
            status=Status.REGISTERED,
            submitted_at=now,
            registered_at=now,
        )
        for i in range(n)
    )
    SuggestionDeputy.objects.bulk_create(
        SuggestionDeputy(suggestion=s, deputy=deputy, role="lead", confirmed_at=now) for s in made
    )


def test_a_whole_session_is_assigned_in_one_action_in_bulk(world, client):
    registered(world, COUNT)
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/office/assign/",
            {
                "mode": "common",
                "all_matching": "1",
                "query": f"session={world.session.pk}",
                "lead_unit": world.lead_unit.pk,
                "co_units": [world.co_unit.pk],
            },
            follow=True,
        )
    assert f"已交办 {COUNT} 件建议" in response.content.decode()
    assert Suggestion.objects.filter(status=Status.ASSIGNED).count() == COUNT
    assert Assignment.objects.filter(role="co").count() == COUNT
    assert Deadline.objects.filter(kind="reply").count() == COUNT
    assert Event.objects.filter(name="assign").count() == COUNT
    assert len(queries) < COUNT / 2, f"assigning {COUNT} suggestions ran {len(queries)} queries"
