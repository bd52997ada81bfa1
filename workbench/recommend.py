"""Which units should handle a suggestion: a first guess for the central assignment meeting.

For now: the units most often made lead unit of suggestions in the same field. The interface is
what matters: `recommend_units(suggestion, n)` for one suggestion and `recommend_many(suggestions, n)`
for a page of them (a fixed number of queries), so a text-based recommender (e.g. jieba keywords
matched against past assignments and unit duties) can replace the body without touching callers.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count

from congress.models import Unit
from suggestions.models import Assignment, Suggestion


def _counts_by_field(field_ids: set[int]) -> dict[int | None, list[tuple[int, int]]]:
    rows = (
        Assignment.objects.filter(role=Assignment.Role.LEAD, is_active=True, suggestion__field__in=field_ids)
        .values("suggestion__field", "unit")
        .annotate(n=Count("id"))
    )
    by_field: dict[int | None, Counter] = defaultdict(Counter)
    for row in rows:
        by_field[row["suggestion__field"]][row["unit"]] += row["n"]
    return {f: c.most_common() for f, c in by_field.items()}


def recommend_many(suggestions: Iterable[Suggestion], n: int = 3) -> dict[int, list[Unit]]:
    """Suggestion pk -> up to `n` recommended units, best first. Two queries whatever the count."""
    suggestions = list(suggestions)
    field_ids = {s.field_id for s in suggestions if s.field_id}
    if not field_ids:
        return {s.pk: [] for s in suggestions}
    ranked = _counts_by_field(field_ids)
    unit_ids = {u for pairs in ranked.values() for u, _ in pairs[:n]}
    units = Unit.objects.filter(pk__in=unit_ids, is_active=True).in_bulk()
    result = {}
    for s in suggestions:
        pairs = ranked.get(s.field_id, [])
        result[s.pk] = [units[u] for u, _ in pairs if u in units][:n]
    return result


def recommend_units(suggestion: Suggestion, n: int = 3) -> list[Unit]:
    """Up to `n` units likely to be the right lead unit for `suggestion`, best first."""
    return recommend_many([suggestion], n)[suggestion.pk]
