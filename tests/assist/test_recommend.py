"""智能交办: duties first, history and corrections, one click on the 交办 form and the batch page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assist.recommend import recommend_many, recommend_units
from suggestions import actions
from suggestions.models import Assignment, Status
from tests.workbench.helpers import many
from tests.world import advance


def _registered(world, title):
    s = world.new_draft(title=title)
    advance(world, s, Status.REGISTERED)
    return s


def test_duties_lead_from_day_one(world):
    s = _registered(world, "关于加强养老机构服务质量监管的建议")
    ranking = recommend_units(s)
    assert ranking.lead.unit == world.co_unit  # 省民政厅: 养老机构
    assert any("养老机构" in r for r in ranking.lead.reasons)
    road = _registered(world, "关于加快农村公路建设养护的建议")
    assert recommend_units(road).lead.unit == world.other_unit  # 省交通运输厅


def test_history_counts_and_a_granted_reassignment_down_weights(world):
    past = _registered(world, "关于郑州市区渣土车管理的建议")
    actions.assign(past, actor=world.office, lead_unit=world.lead_unit)
    fresh = _registered(world, "关于规范郑州市区渣土车管理的建议")
    assert recommend_units(fresh).lead.unit == world.lead_unit
    assert any("往届建议" in r for r in recommend_units(fresh).lead.reasons)
    # the unit asks to be relieved of that topic and is: it drops
    actions.perform(past, "request_reassignment", actor=world.handler, data={"reason": "不属于本单位职责"})
    req = Assignment.objects.get(suggestion=past, unit=world.lead_unit).reassignment_requests.get()
    actions.perform(
        past,
        "decide_reassignment",
        actor=world.office,
        data={"request": req.pk, "grant": "1", "new_unit": world.other_unit.pk},
    )
    ranking = recommend_units(fresh)
    assert ranking.lead.unit == world.other_unit
    penalised = [r for r in ranking if r.unit == world.lead_unit]
    assert not penalised or any("改办" in x for x in penalised[0].reasons)


def test_inaccurate_feedback_at_signing_is_counted_and_learned(world, client):
    past = _registered(world, "关于郑州市区渣土车管理的建议")
    actions.assign(past, actor=world.office, lead_unit=world.lead_unit)
    client.force_login(world.handler)
    client.post(f"/s/{past.pk}/step/sign/", {"accurate": "0"})
    a = Assignment.objects.get(suggestion=past, unit=world.lead_unit)
    assert a.signed_at is not None and a.accurate is False
    fresh = _registered(world, "关于规范郑州市区渣土车管理的建议")
    lead = recommend_units(fresh).lead
    assert lead is None or lead.unit != world.lead_unit or "不精准" in "".join(lead.reasons)
    client.force_login(world.office)
    page = client.get("/assist/duplicates/", {"session": world.session.pk}).content.decode()
    assert "不精准 1 件次" in page


def test_recommending_a_page_takes_a_fixed_number_of_queries(world):
    rows = many(world, 6)
    recommend_many(rows[:1])  # the units' directory is read once and kept while the units stay the same
    with CaptureQueriesContext(connection) as few:
        recommend_many(rows[:1])
    with CaptureQueriesContext(connection) as more:
        recommend_many(rows)
    assert len(few) == len(more) <= 5


def test_assign_form_offers_the_recommendation_in_one_click(world, client):
    s = _registered(world, "关于加强养老机构服务质量监管的建议")
    client.force_login(world.office)
    panel = client.get(f"/assist/recommend/{s.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert f'data-lead="{world.co_unit.pk}"' in panel
    assert "采用推荐" in panel
    form = client.get(f"/s/{s.pk}/step/assign/", headers={"HX-Request": "true"}).content.decode()
    assert f"/assist/recommend/{s.pk}/" in form
    client.force_login(world.handler)
    assert client.get(f"/assist/recommend/{s.pk}/").status_code == 403


def test_batch_page_accepts_recommended_co_units(world, client):
    s = _registered(world, "关于加强养老机构监管和农村公路养护的建议")
    ranking = recommend_units(s)
    lead, co = ranking.lead.unit, ranking.co[0].unit
    assert {lead, co} == {world.co_unit, world.other_unit}
    client.force_login(world.office)
    page = client.get("/office/assign/").content.decode()
    assert f'name="lead_{s.pk}" value="{lead.pk}" checked' in page
    assert f'name="co_{s.pk}" value="{co.pk}"' in page
    client.post("/office/assign/", {"mode": "per_row", "ids": [s.pk], f"co_{s.pk}": [co.pk]})
    units = dict(Assignment.objects.filter(suggestion=s).values_list("unit", "role"))
    assert units == {lead.pk: "lead", co.pk: "co"}
