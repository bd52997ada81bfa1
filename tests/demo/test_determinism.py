from tests.demo.conftest import snapshot


def test_two_loads_with_the_same_seed_give_the_same_suggestions_numbers_and_histories(loaded, db):
    first, _summary = loaded
    second = snapshot()
    assert len(first) > 40
    assert first == second


def test_session_numbers_follow_the_order_of_registration(loaded, db):
    from suggestions.models import Suggestion

    for period in ("session", "intersession"):
        rows = list(
            Suggestion.objects.filter(session__name="十四届四次会议", period=period, number__isnull=False)
            .order_by("registered_at")
            .values_list("number", flat=True)
        )
        assert rows == list(range(1, len(rows) + 1))
