"""The office's evaluation decisions (open a round, nominate with scores, decide, publish) and the
yearly appraisal (办理情况评议: open, deputies' questionnaires, the office's scores, close)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import log as audit_log
from congress.models import Session, Unit
from disclosure.publishing import is_office
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.models import Status, Suggestion

from . import appraisal as appraisals
from . import scoring
from .models import QUESTIONS, Appraisal, AppraisalAnswer, Grade, Nomination, OfficeScore, Round


def _require_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied("只有选任联工委工作人员可以组织评选")


def open_round(*, actor, session: Session, name: str) -> Round:
    _require_office(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInput({"name": ["请填写评选名称"]})
    with transaction.atomic():
        rnd = Round.objects.create(session=session, name=name[:100], created_by=actor)
        audit_log.write("evaluation_open", rnd, actor=actor, detail={"name": rnd.name})
    return rnd


def _locked(rnd: Round, *states) -> Round:
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state not in states:
        raise Conflict(f"评选当前状态为“{rnd.get_state_display()}”，不能进行此操作")
    return rnd


def nominate(rnd: Round, *, actor, suggestions=(), units=(), reason: str = "") -> list[Nomination]:
    """Nominate suggestions and/or units, each with its score computed now from the figures."""
    _require_office(actor)
    with transaction.atomic():
        rnd = _locked(rnd, Round.State.NOMINATING)
        made = []
        if suggestions:
            wanted = {s.pk if hasattr(s, "pk") else int(s) for s in suggestions}
            scored = {c.key: c for c in scoring.suggestion_candidates(rnd.session, limit=10_000)}
            for pk in sorted(wanted):
                c = scored.get(pk)
                if c is None:
                    s = Suggestion.objects.filter(pk=pk).first()
                    raise Conflict(f"建议{s.display_number if s else pk}不属于本次会议或尚未办结，不能推荐")
                made.append(_add(rnd, actor, Nomination.Kind.SUGGESTION, c, reason, suggestion_id=pk))
        if units:
            wanted = {u.pk if isinstance(u, Unit) else int(u) for u in units}
            scored = {c.key: c for c in scoring.unit_candidates(rnd.session)}
            for pk in sorted(wanted):
                c = scored.get(pk)
                if c is None:
                    raise Conflict("该单位在本次会议没有主办建议，不能推荐")
                made.append(_add(rnd, actor, Nomination.Kind.UNIT, c, reason, unit_id=pk))
        for n in made:
            audit_log.write("evaluation_nominate", n, actor=actor, detail={"round": rnd.pk, "score": n.score})
    return made


def _add(rnd, actor, kind, c, reason, **target) -> Nomination:
    if Nomination.objects.filter(round=rnd, **target).exists():
        raise Conflict(f"“{c.label}”已被推荐")
    return Nomination.objects.create(
        round=rnd, kind=kind, score=c.score, breakdown=c.breakdown, reason=reason, nominated_by=actor, **target
    )


def withdraw_nomination(nomination: Nomination, *, actor) -> None:
    _require_office(actor)
    with transaction.atomic():
        _locked(nomination.round, Round.State.NOMINATING)
        audit_log.write("evaluation_withdraw", nomination, actor=actor, detail={"round": nomination.round_id})
        nomination.delete()


def decide(rnd: Round, *, actor, awarded_ids, note: str = "") -> Round:
    """Record the decision: the nominations in `awarded_ids` are awarded, the others are not."""
    _require_office(actor)
    with transaction.atomic():
        rnd = _locked(rnd, Round.State.NOMINATING)
        noms = rnd.nominations.all()
        if not noms.exists():
            raise Conflict("还没有推荐对象")
        awarded = {int(i) for i in awarded_ids}
        if not awarded & set(noms.values_list("pk", flat=True)):
            raise InvalidInput({"awarded": ["请至少选择一个入选对象"]})
        noms.filter(pk__in=awarded).update(awarded=True)
        noms.exclude(pk__in=awarded).update(awarded=False)
        rnd.state, rnd.decided_by, rnd.decided_at, rnd.decision_note = Round.State.DECIDED, actor, timezone.now(), note
        rnd.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        audit_log.write("evaluation_decide", rnd, actor=actor, detail={"awarded": sorted(awarded), "note": note})
    return rnd


def publish(rnd: Round, *, actor) -> Round:
    _require_office(actor)
    with transaction.atomic():
        rnd = _locked(rnd, Round.State.DECIDED)
        rnd.state, rnd.published_at = Round.State.PUBLISHED, timezone.now()
        rnd.save(update_fields=["state", "published_at"])
        audit_log.write("evaluation_publish", rnd, actor=actor)
    return rnd


def closed_count(session: Session) -> int:
    return Suggestion.objects.filter(session=session, status=Status.CLOSED).count()


# --- 办理情况评议 (the yearly appraisal of each unit's handling) ---------------------------------


def open_appraisal(*, actor, year: int, name: str = "") -> Appraisal:
    _require_office(actor)
    name = (name or "").strip() or f"{year}年度代表建议办理情况评议"
    with transaction.atomic():
        try:
            with transaction.atomic():  # the unique year decides between two clerks at once
                appraisal = Appraisal.objects.create(year=year, name=name[:100], opened_by=actor)
        except IntegrityError:
            raise Conflict(f"{year}年度的办理情况评议已经发起") from None
        audit_log.write("appraisal_open", appraisal, actor=actor, detail={"year": year, "name": appraisal.name})
    return appraisal


def _open(appraisal: Appraisal) -> Appraisal:
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.state != Appraisal.State.OPEN:
        raise Conflict("该年度的办理情况评议已经结束")
    return appraisal


def close_appraisal(appraisal: Appraisal, *, actor) -> Appraisal:
    """Close the round: answers and scores are final and count in that year's 先进承办单位 scores."""
    _require_office(actor)
    with transaction.atomic():
        appraisal = _open(appraisal)
        appraisal.state, appraisal.closed_by, appraisal.closed_at = Appraisal.State.CLOSED, actor, timezone.now()
        appraisal.save(update_fields=["state", "closed_by", "closed_at"])
        audit_log.write(
            "appraisal_close",
            appraisal,
            actor=actor,
            detail={"year": appraisal.year, "answers": appraisal.answers.count()},
        )
    return appraisal


def _grades(data: dict) -> dict:
    grades, errors = {}, {}
    for q, label in QUESTIONS:
        value = data.get(q)
        if value not in Grade.values:
            errors[q] = [f"请选择{label}的评价"]
        grades[q] = value
    if errors:
        raise InvalidInput(errors)
    return grades


def answer_appraisal(appraisal: Appraisal, *, actor, unit: Unit, comment: str = "", **grades) -> AppraisalAnswer:
    """A deputy's questionnaire about one unit: once, and only for a unit that replied to them that year."""
    deputy = getattr(actor, "deputy", None)
    if deputy is None:
        raise PermissionDenied("只有人大代表可以参加办理情况评议")
    grades = _grades(grades)
    with transaction.atomic():
        appraisal = _open(appraisal)
        if not appraisals.may_rate(deputy, unit, appraisal.year):
            raise PermissionDenied(f"{appraisal.year}年{unit.short_name}没有答复过您的建议，不能评议该单位")
        if AppraisalAnswer.objects.filter(appraisal=appraisal, unit=unit, deputy=deputy).exists():
            raise Conflict(f"您已评议过{unit.short_name}")
        answer = AppraisalAnswer.objects.create(
            appraisal=appraisal, unit=unit, deputy=deputy, comment=(comment or "").strip(), **grades
        )
        audit_log.write("appraisal_answer", answer, actor=actor, detail={"appraisal": appraisal.pk, "unit": unit.pk})
    return answer


def score_unit(appraisal: Appraisal, *, actor, unit: Unit, note: str = "", **grades) -> OfficeScore:
    """The office's own grades of a unit while the round is open; scoring again replaces them (audited)."""
    _require_office(actor)
    grades = _grades(grades)
    with transaction.atomic():
        appraisal = _open(appraisal)
        score, created = OfficeScore.objects.update_or_create(
            appraisal=appraisal,
            unit=unit,
            defaults={**grades, "note": (note or "").strip(), "scored_by": actor, "scored_at": timezone.now()},
        )
        audit_log.write(
            "appraisal_office_score", score, actor=actor, detail={"unit": unit.pk, "first": created, **grades}
        )
    return score
