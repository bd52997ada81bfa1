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
