"""How nominees are scored, from the figures defined in `stats.figures` (nowhere else).

先进承办单位 (per lead unit, over the session's suggestions it led, and the year's appraisal):

    score = 100 × (0.3·L(满意率) + 0.15·L(按时答复率) + 0.15·L(沟通率) + 0.15·L(解决率A+B)
                   + 0.15·L(代表评议满意率) + 0.1·选任联工委评议)

where L(rate) is the lower bound of the rate's 95% Wilson interval (0 without data). Using the
lower bound means a unit with 3 of 3 does not outrank one with 78 of 80 by luck. The last two
parts come from the closed 办理情况评议 of the session's year (appraisal.py): the deputies'
questionnaires and the office's grades (满意 1, 基本满意 0.5, 不满意 0, mean of three); a unit
without them, or a year whose appraisal is not closed, gets 0 for those parts.

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

from . import appraisal

FIGURE_WEIGHTS = {"satisfaction": 0.3, "on_time": 0.15, "contact": 0.15, "solved_ab": 0.15}
APPRAISAL_WEIGHTS = {"appraisal": 0.15, "office": 0.1}
UNIT_WEIGHTS = FIGURE_WEIGHTS | APPRAISAL_WEIGHTS
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


def _rate_part(f: figures.Figure, weight: float) -> dict:
    return {**_part(f"{f.label}（下限）", f.low or 0.0, weight), "numerator": f.numerator, "denominator": f.denominator}


def unit_score(row: figures.Row, appraised: appraisal.UnitResult | None = None) -> tuple[float, dict]:
    breakdown = {key: _rate_part(row[key], weight) for key, weight in FIGURE_WEIGHTS.items()}
    overall = appraised.overall if appraised else figures.Figure("appraisal", "代表评议满意率", 0, 0)
    breakdown["appraisal"] = _rate_part(overall, APPRAISAL_WEIGHTS["appraisal"])
    office = appraised.office if appraised else None
    breakdown["office"] = _part("选任联工委评议", office.value if office else 0.0, APPRAISAL_WEIGHTS["office"])
    return round(sum(p["points"] for p in breakdown.values()), 2), breakdown


def unit_candidates(session: Session) -> list[Candidate]:
    rows = [r for r in figures.table("unit", session=session) if r.key is not None]
    appraised = appraisal.closed_results(session.start_date.year)
    out = [Candidate(r.key, r.label, *unit_score(r, appraised.get(r.key))) for r in rows]
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
