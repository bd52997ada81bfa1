"""Likely merge targets (并案) for a suggestion: titles sharing the most characters.

A simple measure for now (Jaccard overlap of the title's Chinese characters, ignoring the
boilerplate every title shares); good enough to put near-duplicates at the top of a short list.
"""

from suggestions.models import Status, Suggestion

# Characters nearly every title has ("关于……的建议"), which say nothing about the subject.
BOILERPLATE = set("关于的建议进一步加强推进提高完善和与及对在")


def characters(title: str) -> set[str]:
    return {c for c in title if not c.isspace() and c not in BOILERPLATE and c.isalnum()}


def overlap(a: str, b: str) -> float:
    ca, cb = characters(a), characters(b)
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / len(ca | cb)


MERGEABLE_INTO = [Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.HANDLING]


def merge_candidates(suggestion: Suggestion, n: int = 5, threshold: float = 0.15) -> list[tuple[Suggestion, float]]:
    """Up to `n` suggestions of the same session `suggestion` might be merged into, most similar first."""
    pool = (
        Suggestion.objects.filter(session=suggestion.session_id, status__in=MERGEABLE_INTO)
        .exclude(pk=suggestion.pk)
        .select_related("lead_deputy")
        .only("pk", "title", "number", "period", "status", "lead_deputy__name")
    )
    scored = [(other, overlap(suggestion.title, other.title)) for other in pool]
    scored = [pair for pair in scored if pair[1] >= threshold]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:n]
