"""The recommender's history as an aggregate: the same numbers as the live queries, rebuilt only
when a step changed them, and the same recommendations."""

import random
from datetime import timedelta

from django.utils import timezone

from assist import history
from assist.models import HistoryState, SearchTerm, TermUnitHistory
from assist.recommend import _history, _live_history, recommend_many, recommend_units
from suggestions import actions
from suggestions.models import Assignment, ReassignmentRequest, Status
from supervision.jobs import run_periodic
from tests.world import advance

# Titles sharing words, so a term has several suggestions and several units behind it.
TOPICS = ["农村公路养护", "养老机构监管", "义务教育教师待遇", "渣土车管理", "黄河生态保护", "留守儿童关爱"]
PLACES = ["郑州市", "洛阳市", "开封市", "农村地区", "城乡结合部"]
ANSWERS = [True, False, False, None]  # 交办是否精准 at signing


def _registered(world, title):
    s = world.new_draft(title=title)
    advance(world, s, Status.REGISTERED)
    return s


def _handlers(world):
    return {
        world.lead_unit.pk: world.handler,
        world.co_unit.pk: world.co_handler,
        world.other_unit.pk: world.other_handler,
    }


def _random_history(world, rng: random.Random, n: int) -> list:
    """`n` suggestions, randomly assigned, reassigned (granted or refused), signed (accurate or not)
    and swapped, each through the domain actions."""
    units = [world.lead_unit, world.co_unit, world.other_unit]
    handler = _handlers(world)
    made = []
    for _ in range(n):
        s = _registered(world, f"关于{rng.choice(PLACES)}{rng.choice(TOPICS)}和{rng.choice(TOPICS)}的建议")
        made.append(s)
        if rng.random() < 0.15:
            continue  # left registered: no lead unit
        lead, *rest = rng.sample(units, 3)
        co = rest[:1] if rng.random() < 0.6 else []
        actions.assign(s, actor=world.office, lead_unit=lead, co_units=co)
        if rng.random() < 0.5:
            actions.request_reassignment(s, actor=handler[lead.pk], reason="不属于本单位职责")
            req = ReassignmentRequest.objects.get(
                assignment__suggestion=s, decision=ReassignmentRequest.Decision.PENDING
            )
            free = [u for u in units if u != lead and u not in co]
            grant = rng.random() < 0.6
            actions.decide_reassignment(
                s, actor=world.office, request=req, grant=grant, new_unit=free[0] if grant else None
            )
        if rng.random() < 0.8:
            lead_now = Assignment.objects.get(suggestion=s, is_active=True, role="lead")
            actions.sign(s, actor=handler[lead_now.unit_id], accurate=rng.choice(ANSWERS))
        for a in Assignment.objects.filter(suggestion=s, is_active=True, role="co", signed_at__isnull=True):
            if rng.random() < 0.5:
                actions.sign_as_co(s, actor=handler[a.unit_id], accurate=rng.choice(ANSWERS))
        co_now = Assignment.objects.filter(suggestion=s, is_active=True, role="co").first()
        if co_now and rng.random() < 0.3:
            actions.swap_lead(s, actor=world.office, co_unit=co_now.unit)
    return made


def _aggregate() -> dict:
    return {
        (t, u): (led, against)
        for t, u, led, against in TermUnitHistory.objects.values_list("term", "unit", "led", "against")
    }


def _live(exclude=()) -> dict:
    """The old live queries' answer for every term, in the aggregate's shape."""
    led, against = _live_history(set(SearchTerm.objects.values_list("term", flat=True)), set(exclude))
    out = {}
    for term, counts in led.items():
        for unit, n in counts.items():
            out[(term, unit)] = (n, 0)
    for term, counts in against.items():
        for unit, n in counts.items():
            out[(term, unit)] = (out.get((term, unit), (0, 0))[0], n)
    return out


def _plain(h) -> tuple:
    led, against = h
    return ({t: dict(c) for t, c in led.items() if c}, {t: dict(c) for t, c in against.items() if c})


def _rankings(suggestions) -> dict:
    return {
        pk: ([(r.pk, r.score, r.reasons) for r in ranking], [r.pk for r in ranking.co])
        for pk, ranking in recommend_many(suggestions).items()
    }


def test_refresh_equals_the_live_queries_after_random_assignments_and_reassignments(world):
    rng = random.Random(20260310)  # noqa: S311 - test data
    made = _random_history(world, rng, 14)
    assert ReassignmentRequest.objects.filter(decision=ReassignmentRequest.Decision.GRANTED).exists()
    assert Assignment.objects.filter(accurate=False).exists()
    rows = history.refresh()
    assert rows == len(_aggregate()) > 0
    assert _aggregate() == _live()
    assert any(against for _led, against in _aggregate().values())
    # More steps after it (a watermark's worth): the next refresh sees them and matches again.
    made += _random_history(world, rng, 8)
    assert _aggregate() != _live()
    assert history.refresh() is not None
    assert _aggregate() == _live()
    # A page's words with its own suggestions left out: the same as the live queries left them out.
    words = set(SearchTerm.objects.values_list("term", flat=True))
    for exclude in ([], made[:1], rng.sample(made, 7), made):
        pks = {s.pk for s in exclude}
        assert _plain(_history(words, pks)) == _plain(_live_history(words, pks))


def test_refresh_is_repeat_safe_and_skips_when_no_relevant_step_happened(world, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    past = _registered(world, "关于郑州市区渣土车管理的建议")
    actions.assign(past, actor=world.office, lead_unit=world.lead_unit)
    assert not history.ready()
    first = history.refresh()
    assert history.ready() and first == len(_aggregate()) > 0
    snapshot = _aggregate()
    assert history.refresh() is None  # nothing changed: no work
    assert history.refresh(force=True) == first and _aggregate() == snapshot  # rebuilt: the same rows
    world.new_draft(title="关于渣土车管理的又一件建议")  # an event, but of no step the history counts
    assert history.refresh() is None
    fresh = _registered(world, "关于规范郑州市区渣土车管理的建议")  # register: a title's terms
    assert history.refresh() is not None
    actions.assign(fresh, actor=world.office, lead_unit=world.other_unit)
    assert history.refresh() is not None and _aggregate() == _live() != snapshot
    assert HistoryState.objects.get().event_upto == fresh.events.order_by("-pk").first().pk
    time_machine.shift(history.MAX_AGE + timedelta(minutes=1))
    assert history.refresh() is not None  # once a day whatever happened
    assert HistoryState.objects.count() == 1


def test_the_recommendations_are_the_same_from_the_aggregate_as_from_the_live_queries(world):
    rng = random.Random(7)  # noqa: S311 - test data
    made = _random_history(world, rng, 12)
    # A page of new ones and a few of those (a page leaves its own suggestions out of the history).
    batch = made[:4] + [_registered(world, f"关于{topic}的建议") for topic in TOPICS]
    live = _rankings(batch)
    assert any(
        "往届建议" in reason for units, _co in live.values() for _pk, _score, reasons in units for reason in reasons
    )
    assert history.refresh()
    assert _rankings(batch) == live
    for s in made[:4]:
        assert _rankings([s]) == _rankings_live([s])


def _rankings_live(suggestions) -> dict:
    state = HistoryState.objects.get()
    HistoryState.objects.filter(pk=state.pk).update(refreshed_at=None)
    try:
        return _rankings(suggestions)
    finally:
        HistoryState.objects.filter(pk=state.pk).update(refreshed_at=state.refreshed_at)


def test_a_suggestion_is_left_out_of_its_own_history(world):
    past = _registered(world, "关于郑州市区渣土车管理的建议")
    actions.assign(past, actor=world.office, lead_unit=world.lead_unit)
    history.refresh()
    assert _aggregate()[("渣土", world.lead_unit.pk)] == (1, 0)
    own = recommend_units(past)
    assert not any("往届建议" in reason for r in own for reason in r.reasons)  # only itself had those words
    fresh = _registered(world, "关于规范郑州市区渣土车管理的建议")
    ranking = recommend_units(fresh)
    assert ranking.lead.unit == world.lead_unit
    assert "相似的往届建议 4 件由其主办" in ranking.lead.reasons  # its four shared title terms
    # Assigned after the last refresh: the aggregate does not count it yet, and nothing goes below zero.
    actions.assign(fresh, actor=world.office, lead_unit=world.other_unit)
    led, _against = _history({"渣土"}, {fresh.pk})
    assert dict(led["渣土"]) == {world.lead_unit.pk: 1}


def test_the_periodic_jobs_refresh_it_and_a_fresh_install_reads_the_live_rows(world):
    past = _registered(world, "关于郑州市区渣土车管理的建议")
    actions.assign(past, actor=world.office, lead_unit=world.lead_unit)
    fresh = _registered(world, "关于规范郑州市区渣土车管理的建议")
    assert not history.ready() and not TermUnitHistory.objects.exists()
    assert "相似的往届建议 4 件由其主办" in recommend_units(fresh).lead.reasons  # from the live rows
    assert run_periodic()["recommend_history"] > 0
    assert history.ready() and run_periodic()["recommend_history"] is None
    assert "相似的往届建议 4 件由其主办" in recommend_units(fresh).lead.reasons
