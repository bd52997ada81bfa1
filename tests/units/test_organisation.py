"""The unit's organisation page: every person reads it, the unit's leaders keep it."""

from datetime import timedelta

from audit.models import AuditRecord
from tests.core.scenarios import act
from tests.workbench.helpers import SIGNED, many
from units.models import Division, Handoff, Membership

from .helpers import item, organise, reply_due


def test_the_leader_adds_a_division_and_places_people(world, client):
    client.force_login(world.leader)
    response = client.post(
        "/unit/organisation/divisions/", {"name": "基础教育处", "is_office": "", "head": world.handler.pk}
    )
    assert response.status_code == 302
    division = Division.objects.get(unit=world.lead_unit, name="基础教育处")
    assert division.head == world.handler and world.handler.division_membership.division == division
    response = client.post("/unit/organisation/people/", {"user": world.leader.pk, "division": division.pk})
    assert response.status_code == 302
    assert Membership.objects.get(user=world.leader).division == division
    html = client.get("/unit/organisation/").content.decode()
    assert "基础教育处" in html and "杨帆（负责人）" in html
    assert AuditRecord.objects.filter(action__in=["division_create", "division_member"]).count() == 2


def test_one_office_per_unit_and_names_are_unique(world, client):
    organise(world)
    client.force_login(world.leader)
    response = client.post("/unit/organisation/divisions/", {"name": "综合处", "is_office": "on"})
    assert response.status_code == 400 and "本单位已有办公室" in response.content.decode()
    response = client.post("/unit/organisation/divisions/", {"name": "政策法规处"})
    assert response.status_code == 400 and "本单位已有“政策法规处”" in response.content.decode()
    assert Division.objects.filter(unit=world.lead_unit).count() == 4


def test_a_handler_reads_the_organisation_but_cannot_change_it(world, client):
    org = organise(world)
    client.force_login(org.zhang)
    html = client.get("/unit/organisation/").content.decode()
    assert "政策法规处" in html and "添加处室" not in html
    response = client.post("/unit/organisation/divisions/", {"name": "新处室"})
    assert response.status_code == 403
    response = client.post("/unit/organisation/people/", {"user": org.zhang.pk, "division": org.planning.pk})
    assert response.status_code == 403
    assert Membership.objects.get(user=org.zhang).division == org.policy


def test_another_units_division_and_people_are_out_of_reach(world, client):
    org = organise(world)
    client.force_login(world.leader)
    other = Division.objects.create(unit=world.other_unit, name="综合规划处")
    assert client.post(f"/unit/organisation/divisions/{other.pk}/", {"name": "改名"}).status_code == 404
    client.post("/unit/organisation/people/", {"user": world.other_handler.pk, "division": org.policy.pk})
    assert not Membership.objects.filter(user=world.other_handler).exists()
    client.force_login(world.other_handler)
    assert "政策法规处" not in client.get("/unit/organisation/").content.decode()


def test_a_division_that_handled_suggestions_is_kept(world, client, api):
    org = organise(world)
    s = many(world, 1, SIGNED)[0]
    due = reply_due(s).due_date - timedelta(days=1)
    act(api(world.handler), s.pk, "hand_to_divisions", {"handoffs": [item(org.policy, "lead", org.zhang, due)]})
    act(api(org.zhang), s.pk, "hand_back", {"reason": "职责不符"})
    client.force_login(world.leader)
    client.post(f"/unit/organisation/divisions/{org.policy.pk}/delete/")
    assert Division.objects.filter(pk=org.policy.pk).exists() and Handoff.objects.filter(division=org.policy).exists()
    assert client.post(f"/unit/organisation/divisions/{org.guidance.pk}/delete/").status_code == 302
    assert not Division.objects.filter(pk=org.guidance.pk).exists()
