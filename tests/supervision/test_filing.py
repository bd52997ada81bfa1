"""备案: sending a reply files it with the filing bodies in the same step; each body acknowledges it."""

import pytest
from django.core.management import call_command

from stats import facts, figures
from suggestions.models import Status
from supervision.models import Filing, FilingBody
from tests.world import advance

CONGRESS_OFFICE, INSPECTION_OFFICE = "河南省人大常委会选任联工委", "河南省人民政府督查室"


def replied(world, title="关于加强农村留守儿童心理健康教育的建议"):
    return advance(world, world.new_draft(title), Status.REPLIED)


def step_url(s, name="acknowledge_filing"):
    return f"/api/v1/suggestions/{s.pk}/actions/{name}/"


@pytest.mark.django_db
def test_sending_a_reply_files_it_with_every_body_in_the_same_event(world):
    s = replied(world)
    filed = Filing.objects.filter(suggestion=s).select_related("body", "reply")
    assert sorted(f.body.name for f in filed) == sorted([CONGRESS_OFFICE, INSPECTION_OFFICE])
    send = s.events.get(name="send_reply")
    assert {f.filed_at for f in filed} == {send.at}
    assert sorted(send.payload["filed_with"]) == sorted([CONGRESS_OFFICE, INSPECTION_OFFICE])
    assert {f.reply.round for f in filed} == {1} and {f.unit_id for f in filed} == {world.lead_unit.pk}


@pytest.mark.django_db
def test_a_filing_is_acknowledged_by_its_own_body_only(client, world, api):
    s = replied(world)
    ours = Filing.objects.get(suggestion=s, body__name=CONGRESS_OFFICE)
    theirs = Filing.objects.get(suggestion=s, body__name=INSPECTION_OFFICE)

    client.force_login(world.office)
    page = client.get("/supervision/filings/")
    assert page.status_code == 200 and s.title in page.content.decode()
    r = client.post(f"/s/{s.pk}/step/acknowledge_filing/", {"filing": ours.pk, "next": "/supervision/filings/"})
    assert r.status_code == 302 and r["Location"] == "/supervision/filings/"
    ours.refresh_from_db()
    assert ours.acknowledged_by == world.office and ours.acknowledged_at is not None
    event = s.events.get(name="acknowledge_filing")
    assert event.payload["body"] == CONGRESS_OFFICE and event.actor == world.office
    assert "已确认" in client.get("/supervision/filings/?state=acknowledged").content.decode()

    # The office is not the inspection office: its filing is not offered, nor accepted.
    assert api(world.office).post(step_url(s), {"filing": theirs.pk}, format="json").status_code == 409
    # A supervisor who is not the inspection office's member has nothing to acknowledge.
    assert api(world.supervisor).post(step_url(s), {"filing": theirs.pk}, format="json").status_code == 409
    FilingBody.objects.get(name=INSPECTION_OFFICE).members.add(world.supervisor)
    assert api(world.supervisor).post(step_url(s), {"filing": ours.pk}, format="json").status_code == 400
    assert api(world.supervisor).post(step_url(s), {"filing": theirs.pk}, format="json").status_code == 200
    theirs.refresh_from_db()
    assert theirs.acknowledged_by == world.supervisor
    # Both acknowledged: nothing left to acknowledge, for anyone.
    assert api(world.supervisor).post(step_url(s), {"filing": theirs.pk}, format="json").status_code == 409
    # The unit sees its reply was filed and acknowledged; a deputy may not open the page.
    client.force_login(world.handler)
    assert client.get("/supervision/filings/").content.decode().count("已确认") >= 2
    client.force_login(world.deputy)
    assert client.get("/supervision/filings/").status_code == 403


@pytest.mark.django_db
def test_filing_rate_is_kept_per_unit_and_session_and_equals_its_recount(world):
    acknowledged, waiting = replied(world, "关于甲的建议"), replied(world, "关于乙的建议")
    FilingBody.objects.update(is_active=False)  # a reply sent while no body is configured is not filed
    unfiled = replied(world, "关于丙的建议")
    FilingBody.objects.update(is_active=True)
    FilingBody.objects.get(name=INSPECTION_OFFICE).members.add(world.supervisor)
    from supervision import filing

    for f in Filing.objects.filter(suggestion=acknowledged).select_related("body"):
        who = world.office if f.body.role == "office" else world.supervisor
        filing.acknowledge_filing(acknowledged, actor=who, filing=f)
    # One of two bodies acknowledged: not yet counted as acknowledged.
    filing.acknowledge_filing(
        waiting, actor=world.office, filing=Filing.objects.get(suggestion=waiting, body__role="office")
    )

    total = figures.summary(session=world.session)
    assert (total["filed"].numerator, total["filed"].denominator) == (2, 3)
    assert (total["filing_ack"].numerator, total["filing_ack"].denominator) == (1, 2)
    unit = {r.key: r for r in figures.table("unit", session=world.session)}[world.lead_unit.pk]
    assert (unit["filed"].numerator, unit["filed"].denominator) == (2, 3)
    recount = figures.recount_summary(session=world.session)
    assert (recount["filed"].numerator, recount["filing_ack"].numerator) == (2, 1)
    assert set(figures.members("filed", qs=None, session=world.session)) == {acknowledged, waiting}
    assert unfiled not in figures.members("filed", "numerator", session=world.session)
    assert facts.check(sessions=[world.session.pk]) == []
    call_command("figures_check")  # raises if any figure differs from its recount


@pytest.mark.django_db
def test_dashboard_shows_the_filing_rate(client, world):
    replied(world)
    client.force_login(world.office)
    html = client.get("/stats/", {"session": world.session.pk}).content.decode()
    assert "备案率" in html and "备案确认率" in html


@pytest.mark.django_db
def test_the_api_lists_the_filings_of_the_users_bodies(world, api):
    s = replied(world)
    mine = api(world.office).get("/api/v1/filings/").json()["results"]
    assert [(f["suggestion"], f["body"], f["acknowledged_at"]) for f in mine] == [(s.pk, CONGRESS_OFFICE, None)]
    assert {f["body"] for f in api(world.handler).get("/api/v1/filings/").json()["results"]} == {
        CONGRESS_OFFICE,
        INSPECTION_OFFICE,
    }
    assert api(world.supervisor).get("/api/v1/filings/").json()["results"] == []
    assert api(world.deputy).get("/api/v1/filings/").status_code == 403


@pytest.mark.django_db
def test_the_acknowledge_form_reads_its_filings_in_one_query_however_many_wait(world, client):
    """Each choice is labelled with its body and reply round (Filing.__str__ would read both per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FilingBody.objects.create(name="备案机关甲", role="office")
    two = replied(world, "关于甲的建议")
    FilingBody.objects.create(name="备案机关乙", role="office")
    FilingBody.objects.create(name="备案机关丙", role="office")
    four = replied(world, "关于乙的建议")
    assert Filing.objects.filter(suggestion=four, body__role="office").count() == 4
    client.force_login(world.office)

    def queries(s):
        counts = []
        for request in (
            lambda: client.get(f"/s/{s.pk}/step/acknowledge_filing/"),
            lambda: client.post(f"/s/{s.pk}/step/acknowledge_filing/", {"filing": 0}),  # shown again, with choices
        ):
            with CaptureQueriesContext(connection) as seen:
                response = request()
            counts.append(len(seen))
        assert "第1次答复" in response.content.decode()
        return counts

    assert queries(two) == queries(four)


@pytest.mark.django_db
def test_acknowledge_many_writes_what_acknowledge_filing_writes_all_or_nothing(world):
    from suggestions.errors import PermissionDenied
    from supervision import filing

    one, other, third = replied(world, "关于甲的建议"), replied(world, "关于乙的建议"), replied(world, "关于丙的建议")
    ours = {
        s: Filing.objects.select_related("body", "reply").get(suggestion=s, body__role="office")
        for s in (one, other, third)
    }
    filing.acknowledge_filing(one, actor=world.office, filing=ours[one], note="已收悉。")
    # A filing of another body among them: refused, and none of them is acknowledged.
    theirs = Filing.objects.select_related("body", "reply").get(suggestion=third, body__name=INSPECTION_OFFICE)
    with pytest.raises(PermissionDenied):
        filing.acknowledge_many([ours[other], theirs], actor=world.office, note="已收悉。")
    assert not Filing.objects.filter(pk__in=[ours[other].pk, theirs.pk], acknowledged_at__isnull=False).exists()
    assert filing.acknowledge_many([ours[other], ours[third]], actor=world.office, note="已收悉。") == 2

    def written(s):
        f = Filing.objects.get(pk=ours[s].pk)
        event = s.events.get(name="acknowledge_filing")
        payload = {**event.payload, "filing": event.payload["filing"] == f.pk}
        return f.acknowledged_by, f.note, event.actor, event.at == f.acknowledged_at, payload

    assert written(other) == written(third) == written(one)
    assert not Filing.objects.filter(pk=theirs.pk, acknowledged_at__isnull=False).exists()
