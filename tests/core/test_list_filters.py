"""The list endpoint's filters: status, session, field, unit, delegation, category, q."""

from datetime import date

from congress.models import Field, Session
from suggestions.models import Suggestion
from tests.world import advance


def ids(client, **params):
    response = client.get("/api/v1/suggestions/", params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_list_filters(world, api):
    office = api(world.office)
    a = advance(world, world.new_draft("关于农村学校心理健康教育的建议"), "closed", category="A", co_unit=False)
    b = advance(world, world.new_draft("关于城市道路交通治理的建议", by=world.cosigner2), "submitted")
    c = advance(world, world.new_draft("关于义务教育教师编制的建议"), "assigned")
    Suggestion.objects.filter(pk=b.pk).update(field=Field.objects.get(name="城乡建设"))
    later = Session.objects.create(
        term=world.term, number=2, name="十四届二次会议", start_date=date(2024, 1, 20), end_date=date(2024, 1, 24)
    )
    Suggestion.objects.filter(pk=c.pk).update(session=later)

    assert ids(office) == {a.pk, b.pk, c.pk}
    assert ids(office, status="closed") == {a.pk}
    assert ids(office, status=["closed", "submitted"]) == {a.pk, b.pk}
    assert ids(office, session=later.pk) == {c.pk}
    assert ids(office, field=world.field.pk) == {a.pk, c.pk}
    assert ids(office, unit=world.co_unit.pk) == {c.pk}
    assert ids(office, unit=world.lead_unit.pk) == {a.pk, c.pk}
    delegation = world.cosigner2.deputy.delegation_id
    assert ids(office, delegation=delegation) == {b.pk}
    assert ids(office, category="A") == {a.pk}
    assert ids(office, q="教育") == {a.pk, c.pk}
    assert ids(office, q="教师编制", status="assigned") == {c.pk}
    assert office.get("/api/v1/suggestions/", {"status": "nonsense"}).status_code == 400
