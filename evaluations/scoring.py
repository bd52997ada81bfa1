"""How nominees are scored, from the figures defined in `stats.figures` (nowhere else).

先进承办单位 (per lead unit, over the session's suggestions it led):

    score = 100 × (0.4·L(满意率) + 0.2·L(按时答复率) + 0.2·L(沟通率) + 0.2·L(解决率A+B))

where L(rate) is the lower bound of the rate's 95% Wilson interval (0 without data). Using the
lower bound means a unit with 3 of 3 does not outrank one with 78 of 80 by luck.

优秀建议 (per closed suggestion; each figure is 1 or 0 for one suggestion):

    score = 100 × (0.4·解决 + 0.3·满意 + 0.15·按时答复 + 0.15·沟通)
    解决 = 1 for an A-class (solved) reply, 0.6 for B-class (planned), else 0
    满意 = 1 for 满意, 0.5 for 基本满意, else 0

The office decides; the score only orders the candidates and is kept with the nomination.
"""

from dataclasses import dataclass

from congress.models import Session
from stats import figures
from suggestions.models import Status

UNIT_WEIGHTS = {"satisfaction": 0.4, "on_time": 0.2, "contact": 0.2, "solved_ab": 0.2}
SUGGESTION_WEIGHTS = {"solved": 0.4, "satisfied": 0.3, "on_time": 0.15, "contact": 0.15}
SUGGESTION_LABELS = {"solved": "解决程度", "satisfied": "代表满意度", "on_time": "按时答复", "contact": "与代表沟通"}


@dataclass
class Candidate:
    key: int
    label: str
    score: float
    breakdown: dict
    obj: object = None


def _part(label, value, weight) -> dict:
    return {"label": label, "value": round(value, 4), "weight": weight, "points": round(100 * weight * value, 2)}


def unit_score(row: figures.Row) -> tuple[float, dict]:
    breakdown = {}
    for key, weight in UNIT_WEIGHTS.items():
        f = row[key]
        breakdown[key] = {
            **_part(f"{f.label}（下限）", f.low or 0.0, weight),
            "numerator": f.numerator,
            "denominator": f.denominator,
        }
    return round(sum(p["points"] for p in breakdown.values()), 2), breakdown


def unit_candidates(session: Session) -> list[Candidate]:
    rows = [r for r in figures.table("unit", session=session) if r.key is not None]
    out = [Candidate(r.key, r.label, *unit_score(r)) for r in rows]
    return sorted(out, key=lambda c: (-c.score, c.label))


def suggestion_candidates(session: Session, limit: int = 50) -> list[Candidate]:
    """Closed suggestions of the session, best first: one query per figure, however many suggestions."""
    base = figures.scope(session=session).filter(status=Status.CLOSED)

    def ids(key):
        return set(figures.members(key, "numerator", base).values_list("pk", flat=True))

    solved_a, solved_ab = ids("solved_a"), ids("solved_ab")
    satisfied, either = ids("satisfied"), ids("satisfaction")
    on_time, contact = ids("on_time"), ids("contact")
    out = []
    for s in base.select_related("lead_deputy").order_by("period", "number"):
        values = {
            "solved": 1.0 if s.pk in solved_a else 0.6 if s.pk in solved_ab else 0.0,
            "satisfied": 1.0 if s.pk in satisfied else 0.5 if s.pk in either else 0.0,
            "on_time": 1.0 if s.pk in on_time else 0.0,
            "contact": 1.0 if s.pk in contact else 0.0,
        }
        breakdown = {k: _part(SUGGESTION_LABELS[k], values[k], w) for k, w in SUGGESTION_WEIGHTS.items()}
        score = round(sum(p["points"] for p in breakdown.values()), 2)
        out.append(Candidate(s.pk, f"{s.display_number} {s.title}（{s.lead_deputy.name}）", score, breakdown, s))
    out.sort(key=lambda c: (-c.score, c.key))
    return out[:limit]
