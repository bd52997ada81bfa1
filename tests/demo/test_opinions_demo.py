"""The demo shows review opinions answered on time, late and not at all, and a finished yearly appraisal."""

from congress.models import Session
from evaluations import appraisal, scoring
from evaluations.models import Appraisal
from supervision.models import ReviewOpinion, TaskAnswer, TaskReminder


def test_demo_review_opinions_are_answered_late_and_not_at_all(loaded, db):
    report = ReviewOpinion.objects.get(title="关于省人民政府代表建议办理情况报告的审议意见")
    answers = {a.unit.short_name: a.late for a in TaskAnswer.objects.filter(review_opinion=report)}
    assert answers == {"省教育厅": False, "省交通运输厅": True}
    # The units that never answered were reminded that the answer is overdue.
    assert set(
        TaskReminder.objects.filter(review_opinion=report, kind="overdue").values_list("unit__short_name", flat=True)
    ) == {
        "省农业农村厅",
        "省民政厅",
    }
    assert not TaskAnswer.objects.filter(review_opinion__title__contains="回头看").exists()


def test_demo_appraisal_is_finished_with_results_that_count_in_nominations(loaded, db):
    rnd = Appraisal.objects.get(year=2026)
    assert rnd.state == Appraisal.State.CLOSED
    rows = appraisal.results(rnd)
    assert any(r.answered and r.overall.low is not None for r in rows)
    assert any(r.office for r in rows)
    session = Session.objects.get(name="十四届四次会议")
    scored = [c for c in scoring.unit_candidates(session) if c.breakdown["appraisal"]["denominator"]]
    assert scored
