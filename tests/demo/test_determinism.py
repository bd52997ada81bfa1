from suggestions.models import Suggestion
from tests.demo.conftest import snapshot


def _first_difference(a: list, b: list) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            parts = [f"{k}: {p!r} != {q!r}" for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q]
            if x[-1] != y[-1]:
                events = [f"{e} != {f}" for e, f in zip(x[-1], y[-1], strict=False) if e != f][:2]
                parts = [*parts[:-1], f"events: {events} ({len(x[-1])} vs {len(y[-1])})"]
            return f"row {i} {x[:3]}: " + "; ".join(parts)
    return f"lengths {len(a)} != {len(b)}"


def test_two_loads_with_the_same_seed_give_the_same_suggestions_numbers_and_histories(loaded, db):
    first, _summary = loaded
    second = snapshot()
    assert len(first) > 40
    assert first == second, _first_difference(first, second)


def test_session_numbers_follow_the_order_of_registration(loaded, db):
    for period in ("session", "intersession"):
        rows = list(
            Suggestion.objects.filter(session__name="十四届四次会议", period=period, number__isnull=False)
            .order_by("registered_at")
            .values_list("number", flat=True)
        )
        assert rows == list(range(1, len(rows) + 1))
