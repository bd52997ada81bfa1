"""评选: rounds that pick excellent suggestions (优秀建议) and advanced handling units (先进承办单位)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Round(models.Model):
    class State(models.TextChoices):
        NOMINATING = "nominating", "推荐中"
        DECIDED = "decided", "已确定"
        PUBLISHED = "published", "已公布"

    name = models.CharField("名称", max_length=100)
    session = models.ForeignKey("congress.Session", on_delete=models.PROTECT, related_name="+", verbose_name="会次")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.NOMINATING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decision_note = models.TextField("决定说明", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "评选"

    def __str__(self):
        return self.name


class Nomination(models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", "优秀建议"
        UNIT = "unit", "先进承办单位"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField("得分")
    breakdown = models.JSONField("得分构成", default=dict)
    reason = models.TextField("推荐理由", blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(default=timezone.now)
    awarded = models.BooleanField("入选", null=True, blank=True)

    class Meta:
        ordering = ["kind", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "suggestion"], name="nomination_unique_suggestion"),
            models.UniqueConstraint(fields=["round", "unit"], name="nomination_unique_unit"),
            models.CheckConstraint(
                condition=Q(kind="suggestion", suggestion__isnull=False, unit__isnull=True)
                | Q(kind="unit", unit__isnull=False, suggestion__isnull=True),
                name="nomination_one_target",
            ),
        ]
        verbose_name = verbose_name_plural = "评选推荐"

    def __str__(self):
        return f"{self.get_kind_display()} {self.suggestion or self.unit}"


class Grade(models.TextChoices):
    """The questionnaire's answer to each question, the same words deputies use to rate a reply."""

    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


# What each answer counts for in the office's score and the unit's result (scoring.py).
GRADE_VALUE = {Grade.SATISFIED: 1.0, Grade.BASIC: 0.5, Grade.UNSATISFIED: 0.0}
QUESTIONS = (("attitude", "办理态度"), ("contact", "沟通联系"), ("result", "办理结果"))


class Appraisal(models.Model):
    """办理情况评议: one year's evaluation of how each unit handled its suggestions (not one reply).

    While open, every deputy answers a short questionnaire once for each unit that sent a reply to
    one of their suggestions that year; the office scores each unit too. Once closed, the results
    are fixed and feed the 先进承办单位 nominations of that year's session (scoring.py).
    """

    class State(models.TextChoices):
        OPEN = "open", "评议中"
        CLOSED = "closed", "已结束"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=100)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始时间", default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "办理情况评议"

    def __str__(self):
        return self.name


class AppraisalAnswer(models.Model):
    """One deputy's questionnaire about one unit in one year's appraisal."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    deputy = models.ForeignKey("congress.Deputy", on_delete=models.PROTECT, related_name="+")
    attitude = models.CharField("办理态度", max_length=12, choices=Grade.choices)
    contact = models.CharField("沟通联系", max_length=12, choices=Grade.choices)
    result = models.CharField("办理结果", max_length=12, choices=Grade.choices)
    comment = models.TextField("意见建议", blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["appraisal", "unit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "unit", "deputy"], name="appraisal_answer_once_per_deputy")
        ]
        verbose_name = verbose_name_plural = "代表评议问卷"

    def __str__(self):
        return f"{self.deputy}评议{self.unit}"


class OfficeScore(models.Model):
    """The office's own appraisal of one unit in one year (the latest posting counts)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="office_scores")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    attitude = models.CharField("办理态度", max_length=12, choices=Grade.choices)
    contact = models.CharField("沟通联系", max_length=12, choices=Grade.choices)
    result = models.CharField("办理结果", max_length=12, choices=Grade.choices)
    note = models.TextField("评议意见", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["appraisal", "unit"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "unit"], name="office_score_once_per_unit")]
        verbose_name = verbose_name_plural = "选任联工委评议"

    def __str__(self):
        return f"{self.appraisal}：{self.unit}"

    @property
    def value(self) -> float:
        """The mean of the three grades, 满意 1, 基本满意 0.5, 不满意 0."""
        return sum(GRADE_VALUE[getattr(self, q)] for q, _label in QUESTIONS) / len(QUESTIONS)
