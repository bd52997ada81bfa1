"""办理情况评议: who may rate which unit in a year's appraisal, and the results per unit.

A deputy rates a unit once per year when that unit sent a reply that year to one of the deputy's
suggestions (as lead, confirmed co-signer, or merged in). Each answer grades three questions
(办理态度, 沟通联系, 办理结果) 满意 / 基本满意 / 不满意.

Results per unit, over the deputies' answers:
- 评议满意率: questionnaires with no 不满意 ÷ questionnaires answered (like a joint suggestion's
  combined rating, one 不满意 counts against the whole), with its 95% Wilson interval
  (`stats.figures.wilson`, the same interval every other rate carries);
- per question, 满意 or 基本满意 ÷ answered, with its interval;
- the office's own grades beside them (`OfficeScore`).
A closed appraisal's results feed the 先进承办单位 score of that year's session (scoring.py).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from congress.models import Unit
from stats.figures import Figure
from suggestions.models import Reply, Suggestion, SuggestionDeputy

from .models import GRADE_VALUE, QUESTIONS, Appraisal, AppraisalAnswer, Grade, OfficeScore


def _links(year: int, **reply):
    """Deputy links of suggestions a unit replied to in `year` (an unconfirmed co-signer is not a deputy of it).

    `reply` narrows the same reply (one join: the reply sent that year is the unit's).
    """
    return SuggestionDeputy.objects.filter(
        suggestion__replies__stage=Reply.Stage.SENT,
        suggestion__replies__sent_at__year=year,
        **{f"suggestion__replies__{k}": v for k, v in reply.items()},
    ).exclude(role=SuggestionDeputy.Role.COSIGNER, confirmed_at__isnull=True)


def handled_pairs(year: int) -> set[tuple[int, int]]:
    """(deputy_id, unit_id): every pair that may answer a questionnaire in the year's appraisal."""
    return set(_links(year).values_list("deputy_id", "suggestion__replies__unit_id").distinct())


def units_for(deputy, year: int):
    """The units this deputy may rate for `year`."""
    ids = _links(year).filter(deputy=deputy).values("suggestion__replies__unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("short_name")


def may_rate(deputy, unit, year: int) -> bool:
    return units_for(deputy, year).filter(pk=unit.pk).exists()


@dataclass
class Pending:
    appraisal: Appraisal
    unit: Unit


def pending_for(user) -> list[Pending]:
    """The questionnaires a deputy has still to answer, in the open appraisals."""
    deputy = getattr(user, "deputy", None) if user.is_authenticated else None
    if deputy is None:
        return []
    out = []
    for appraisal in Appraisal.objects.filter(state=Appraisal.State.OPEN):
        done = set(AppraisalAnswer.objects.filter(appraisal=appraisal, deputy=deputy).values_list("unit_id", flat=True))
        out += [Pending(appraisal, u) for u in units_for(deputy, appraisal.year) if u.pk not in done]
    return out


@dataclass
class UnitResult:
    unit: Unit
    invited: int  # deputies who may answer for this unit
    answered: int
    overall: Figure  # 评议满意率 with its interval (.rate, .low, .high)
    questions: list[Figure] = field(default_factory=list)
    mean: float | None = None  # mean grade over every answer, 满意 1, 基本满意 0.5, 不满意 0
    office: OfficeScore | None = None

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def _ok(question: str) -> Q:
    return Q(**{f"{question}__in": [Grade.SATISFIED, Grade.BASIC]})


def results(appraisal: Appraisal) -> list[UnitResult]:
    """Every unit concerned (rated, rateable or scored by the office), best 评议满意率 lower bound first."""
    invited: dict[int, int] = {}
    for _deputy, unit_id in handled_pairs(appraisal.year):
        invited[unit_id] = invited.get(unit_id, 0) + 1
    counts = {"n": Count("pk"), "all_ok": Count("pk", filter=_ok("attitude") & _ok("contact") & _ok("result"))}
    for q, _label in QUESTIONS:
        counts[f"{q}_ok"] = Count("pk", filter=_ok(q))
        counts[f"{q}_sat"] = Count("pk", filter=Q(**{q: Grade.SATISFIED}))
        counts[f"{q}_basic"] = Count("pk", filter=Q(**{q: Grade.BASIC}))
    rows = {
        r["unit_id"]: r
        for r in AppraisalAnswer.objects.filter(appraisal=appraisal).values("unit_id").annotate(**counts).order_by()
    }
    office = {s.unit_id: s for s in OfficeScore.objects.filter(appraisal=appraisal)}
    units = Unit.objects.in_bulk(set(invited) | set(rows) | set(office))
    out = []
    for unit_id, unit in units.items():
        r = rows.get(unit_id, {})
        n = r.get("n", 0)
        points = sum(
            r.get(f"{q}_sat", 0) * GRADE_VALUE[Grade.SATISFIED] + r.get(f"{q}_basic", 0) * GRADE_VALUE[Grade.BASIC]
            for q, _label in QUESTIONS
        )
        out.append(
            UnitResult(
                unit=unit,
                invited=invited.get(unit_id, 0),
                answered=n,
                overall=Figure("appraisal", "代表评议满意率", r.get("all_ok", 0), n),
                questions=[Figure(q, label, r.get(f"{q}_ok", 0), n) for q, label in QUESTIONS],
                mean=points / (n * len(QUESTIONS)) if n else None,
                office=office.get(unit_id),
            )
        )
    return sorted(out, key=lambda x: (-(x.overall.low or 0.0), -x.answered, x.unit.short_name))


def closed_results(year: int) -> dict[int, UnitResult]:
    """The results of the year's appraisal by unit, once it is closed (an open one is not final)."""
    appraisal = Appraisal.objects.filter(year=year, state=Appraisal.State.CLOSED).first()
    return {r.unit.pk: r for r in results(appraisal)} if appraisal else {}


def handled_suggestions(deputy, unit, year: int):
    """The deputy's suggestions the unit replied to in `year`: what the questionnaire is about."""
    links = _links(year, unit=unit).filter(deputy=deputy)
    return Suggestion.objects.filter(pk__in=links.values("suggestion_id")).order_by("period", "number")
