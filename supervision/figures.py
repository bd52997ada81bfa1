"""The "four 100%" (四个百分之百), derived from handling records and replies, with rates per unit.

Each check is an EXISTS subquery, so a list of suggestions or the per-unit table is one query.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from suggestions.models import Assignment, HandlingRecord, Reply, Suggestion

CHECKS = {
    "researched": "调研",
    "contacted": "与代表沟通",
    "meeting": "领导办公会议研究",
    "replied": "答复",
}


def _checks(ref: str) -> dict:
    """The four checks as EXISTS conditions on the suggestion named by `ref` in the outer query."""

    def record(kind):
        return Exists(HandlingRecord.objects.filter(suggestion=OuterRef(ref), kind=kind))

    return {
        "researched": record(HandlingRecord.Kind.RESEARCH),
        "contacted": record(HandlingRecord.Kind.CONTACT),
        "meeting": record(HandlingRecord.Kind.LEADERSHIP_MEETING),
        "replied": Exists(Reply.objects.filter(suggestion=OuterRef(ref), stage=Reply.Stage.SENT)),
    }


def with_four_checks(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    return qs.annotate(**_checks("pk"))


def unit_rates(suggestions: QuerySet[Suggestion] | None = None) -> list[dict]:
    """Per lead unit: how many suggestions, and the share meeting each check (0–100, one decimal)."""
    leads = Assignment.objects.filter(is_active=True, role=Assignment.Role.LEAD)
    if suggestions is not None:
        leads = leads.filter(suggestion__in=suggestions.values("pk"))
    rows = (
        leads.values("unit_id", "unit__short_name")
        .annotate(
            total=Count("suggestion_id"),
            **{k: Count("suggestion_id", filter=Q(cond)) for k, cond in _checks("suggestion_id").items()},
        )
        .order_by("unit__short_name")
    )
    result = []
    for r in rows:
        total = r["total"]
        entry = {"unit_id": r["unit_id"], "unit": r["unit__short_name"], "total": total}
        for k in CHECKS:
            entry[k] = r[k]
            entry[f"{k}_rate"] = round(100 * r[k] / total, 1) if total else 0.0
        entry["all_met"] = all(r[k] == total for k in CHECKS)
        result.append(entry)
    return result
