"""办理情况评议: deputies rate, once a year, the units that replied to them; results with intervals feed the nominations."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import AuditRecord
from evaluations import appraisal, scoring, services
from evaluations.models import Appraisal, AppraisalAnswer
from stats import figures
from suggestions.errors import Conflict, PermissionDenied
from tests import world as w

TZ = ZoneInfo("Asia/Shanghai")
ALL_GOOD = {"attitude": "satisfied", "contact": "satisfied", "result": "satisfied"}


@pytest.fixture
def in_2023():
    # The world's session is 十四届一次会议 (2023): its replies go out in 2023, the year appraised.
    with time_machine.travel(datetime(2023, 6, 1, 10, tzinfo=TZ), tick=False):
        yield


def replied(world, by, title="关于加强农村留守儿童心理健康教育的建议"):
    s = world.new_draft(title=title, by=by)
    return w.advance(world, s, "replied", co_unit=True)


def test_a_deputy_rates_only_units_that_replied_to_them_and_only_once(world, client, in_2023):
    replied(world, world.deputy)
    rnd = services.open_appraisal(actor=world.office, year=2023)
    client.force_login(world.deputy)
    home = client.get("/deputy/").content.decode()
    # The lead unit sent the reply; the co-unit did not, and the third unit never had it.
    assert "待填写的办理情况评议" in home and "河南省教育厅" in home and "河南省民政厅" not in home
    url = f"/deputy/appraisal/{rnd.pk}/units/{{}}/"
    assert client.get(url.format(world.co_unit.pk)).status_code == 404
    assert client.post(url.format(world.other_unit.pk), ALL_GOOD).status_code == 404
    assert client.post(url.format(world.lead_unit.pk), {"attitude": "satisfied"}).status_code == 400
    r = client.post(url.format(world.lead_unit.pk), {**ALL_GOOD, "comment": "办理认真"})
    assert r.status_code == 302
    client.post(url.format(world.lead_unit.pk), {**ALL_GOOD, "result": "unsatisfied"})
    assert AppraisalAnswer.objects.get().result == "satisfied"
    assert "待填写的办理情况评议" not in client.get("/deputy/").content.decode()
    assert AuditRecord.objects.filter(action="appraisal_answer").count() == 1
    with pytest.raises(Conflict, match="已评议"):
        services.answer_appraisal(rnd, actor=world.deputy, unit=world.lead_unit, **ALL_GOOD)
    # A deputy who had nothing handled there may not rate it.
    client.force_login(world.outsider)
    assert client.get(url.format(world.lead_unit.pk)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answer_appraisal(rnd, actor=world.outsider, unit=world.lead_unit, **ALL_GOOD)


def test_results_per_unit_carry_wilson_intervals(world, client, in_2023):
    for n, deputy in enumerate([world.deputy, world.cosigner, world.cosigner2]):
        replied(world, deputy, title=f"关于第{n + 1}件事的建议")
    rnd = services.open_appraisal(actor=world.office, year=2023)
    services.answer_appraisal(rnd, actor=world.deputy, unit=world.lead_unit, **ALL_GOOD)
    services.answer_appraisal(rnd, actor=world.cosigner, unit=world.lead_unit, **{**ALL_GOOD, "contact": "basic"})
    services.answer_appraisal(rnd, actor=world.cosigner2, unit=world.lead_unit, **{**ALL_GOOD, "result": "unsatisfied"})
    [row] = appraisal.results(rnd)
    assert (row.unit, row.invited, row.answered) == (world.lead_unit, 3, 3)
    assert (row.overall.numerator, row.overall.denominator) == (2, 3)
    assert (row.overall.low, row.overall.high) == figures.wilson(2, 3)
    contact = next(q for q in row.questions if q.key == "contact")
    assert (contact.numerator, contact.low) == (3, figures.wilson(3, 3)[0])
    assert row.mean == pytest.approx((3 + 2.5 + 2) / 9)
    client.force_login(world.office)
    html = client.get(f"/office/evaluations/appraisals/{rnd.pk}/").content.decode()
    low, high = figures.wilson(2, 3)
    assert "3/3" in html and f"（{round(low * 100)}%–{round(high * 100)}%）" in html


def test_office_opens_scores_and_closes_a_round(world, client, in_2023):
    replied(world, world.deputy)
    client.force_login(world.office)
    client.post("/office/evaluations/appraisals/", {"year": 2023, "name": ""})
    rnd = Appraisal.objects.get()
    assert rnd.name == "2023年度代表建议办理情况评议" and rnd.state == "open"
    assert "已经发起" in client.post("/office/evaluations/appraisals/", {"year": 2023}, follow=True).content.decode()
    score_url = f"/office/evaluations/appraisals/{rnd.pk}/units/{world.lead_unit.pk}/"
    client.post(score_url, {**ALL_GOOD, "result": "basic", "note": "答复质量较高"})
    assert rnd.office_scores.get().value == pytest.approx(2.5 / 3)
    client.post(f"/office/evaluations/appraisals/{rnd.pk}/close/")
    rnd.refresh_from_db()
    assert rnd.state == "closed" and rnd.closed_by == world.office
    with pytest.raises(Conflict, match="已经结束"):
        services.answer_appraisal(rnd, actor=world.deputy, unit=world.lead_unit, **ALL_GOOD)
    client.force_login(world.handler)
    assert client.get(f"/office/evaluations/appraisals/{rnd.pk}/").status_code == 403


def test_a_closed_appraisal_feeds_the_advanced_unit_nomination(world, in_2023):
    s = replied(world, world.deputy)
    w.advance(world, s, "closed")
    before = {c.key: c for c in scoring.unit_candidates(world.session)}[world.lead_unit.pk]
    assert before.breakdown["appraisal"]["points"] == 0 and before.breakdown["office"]["points"] == 0
    rnd = services.open_appraisal(actor=world.office, year=2023)
    services.answer_appraisal(rnd, actor=world.deputy, unit=world.lead_unit, **ALL_GOOD)
    services.score_unit(rnd, actor=world.office, unit=world.lead_unit, **ALL_GOOD)
    # An open round is not final: it does not count yet.
    assert {c.key: c for c in scoring.unit_candidates(world.session)}[world.lead_unit.pk].score == before.score
    services.close_appraisal(rnd, actor=world.office)
    after = {c.key: c for c in scoring.unit_candidates(world.session)}[world.lead_unit.pk]
    low = figures.wilson(1, 1)[0]
    assert after.breakdown["appraisal"]["points"] == pytest.approx(15 * low, abs=0.01)
    assert after.breakdown["office"]["points"] == 10.0
    assert after.score == pytest.approx(before.score + 15 * low + 10, abs=0.02)
    rnd_eval = services.open_round(actor=world.office, session=world.session, name="评选")
    [nom] = services.nominate(rnd_eval, actor=world.office, units=[world.lead_unit.pk])
    assert nom.score == after.score and nom.breakdown["appraisal"]["numerator"] == 1
