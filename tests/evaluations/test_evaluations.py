import pytest
from django.urls import reverse

from evaluations import scoring, services
from evaluations.models import Nomination, Round
from stats import figures
from suggestions.errors import Conflict, PermissionDenied
from tests import world as w


def closed(world, title, category="A", contact=True):
    s = world.new_draft(title=title)
    w.advance(world, s, "closed", co_unit=False, category=category)
    return s


def test_suggestion_score_follows_the_documented_formula(world):
    a = closed(world, "关于甲的建议", "A")
    b = closed(world, "关于乙的建议", "B")
    scores = {c.key: c for c in scoring.suggestion_candidates(world.session)}
    # A-class, satisfied, on time, contacted: 40 + 30 + 15 + 15
    assert scores[a.pk].score == 100.0
    # B-class counts 0.6 of the 40 points for 解决
    assert scores[b.pk].score == 24 + 30 + 15 + 15
    assert scores[b.pk].breakdown["solved"]["points"] == 24.0
    assert [c.key for c in scoring.suggestion_candidates(world.session)] == [a.pk, b.pk]


def test_unit_score_uses_the_lower_bound_of_each_rate(world):
    closed(world, "关于甲的建议")
    [c] = scoring.unit_candidates(world.session)
    low = figures.wilson(1, 1)[0]  # one of one: the lower bound is far below 100%
    assert c.label == "省教育厅"
    # The figures' parts weigh 0.75; without a closed appraisal its two parts count 0.
    assert c.score == pytest.approx(100 * sum(scoring.FIGURE_WEIGHTS.values()) * low, abs=0.02)
    assert c.breakdown["satisfaction"]["numerator"] == 1 and c.breakdown["satisfaction"]["denominator"] == 1


def test_unit_with_few_perfect_suggestions_ranks_below_many_good_ones():
    one = figures.Row(1, "小单位", 1, {k: figures.Figure(k, k, 1, 1) for k in scoring.UNIT_WEIGHTS})
    many = figures.Row(2, "大单位", 80, {k: figures.Figure(k, k, 76, 80) for k in scoring.UNIT_WEIGHTS})
    assert scoring.unit_score(many)[0] > scoring.unit_score(one)[0]


def test_nominate_decide_and_publish(world, client):
    a = closed(world, "关于甲的建议")
    b = closed(world, "关于乙的建议", "C")
    rnd = services.open_round(actor=world.office, session=world.session, name="十四届一次会议评选")
    noms = services.nominate(rnd, actor=world.office, suggestions=[a.pk, b.pk], units=[world.lead_unit.pk])
    assert {n.kind for n in noms} == {"suggestion", "unit"} and all(n.score > 0 for n in noms)
    with pytest.raises(Conflict, match="已被推荐"):
        services.nominate(rnd, actor=world.office, suggestions=[a.pk])
    winners = [n.pk for n in noms if n.suggestion_id != b.pk]
    services.decide(rnd, actor=world.office, awarded_ids=winners, note="经主任会议研究确定")
    assert set(Nomination.objects.filter(awarded=True).values_list("pk", flat=True)) == set(winners)
    assert Nomination.objects.get(suggestion=b).awarded is False
    assert "关于甲的建议" not in client.get(reverse("public:awards")).content.decode()
    services.publish(rnd, actor=world.office)
    html = client.get(reverse("public:awards")).content.decode()
    assert "关于甲的建议" in html and "河南省教育厅" in html and "关于乙的建议" not in html
    with pytest.raises(Conflict):
        services.nominate(rnd, actor=world.office, suggestions=[b.pk])


def test_only_closed_suggestions_of_the_session_can_be_nominated(world):
    s = world.new_draft()
    w.advance(world, s, "handling")
    rnd = services.open_round(actor=world.office, session=world.session, name="评选")
    with pytest.raises(Conflict, match="尚未办结"):
        services.nominate(rnd, actor=world.office, suggestions=[s.pk])
    with pytest.raises(PermissionDenied):
        services.open_round(actor=world.handler, session=world.session, name="评选")


def test_office_pages_walk_the_round(world, client):
    a = closed(world, "关于甲的建议")
    client.force_login(world.office)
    client.post(reverse("evaluations:list"), {"name": "年度评选", "session": world.session.pk})
    rnd = Round.objects.get()
    html = client.get(reverse("evaluations:detail", args=[rnd.pk])).content.decode()
    assert "候选：先进承办单位" in html and "关于甲的建议" in html
    client.post(reverse("evaluations:nominate", args=[rnd.pk]), {"suggestion": [a.pk], "unit": [world.lead_unit.pk]})
    assert rnd.nominations.count() == 2
    client.post(
        reverse("evaluations:decide", args=[rnd.pk]), {"awarded": list(rnd.nominations.values_list("pk", flat=True))}
    )
    client.post(reverse("evaluations:publish", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.state == Round.State.PUBLISHED and rnd.decided_by == world.office
