"""Export jobs: a large Excel export runs in the background and reports its progress."""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from suggestions.models import Status


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        LEDGER = "ledger", "建议办理台账"
        B_LEDGER = "b_ledger", "B类建议台账"
        UNIT_LEDGERS = "unit_ledgers", "各承办单位台账"
        FILTERED = "filtered", "当前筛选结果"

    class State(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    params = models.JSONField("筛选条件", default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已完成行数", default=0)
    path = models.CharField("文件", max_length=300, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "state"])]
        verbose_name = verbose_name_plural = "导出任务"

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def filename(self) -> str:
        """十四届四次会议建议办理台账-20260315-0930.xlsx: the session's name when the export is one session's."""
        from congress.models import Session

        session = self.params.get("session")
        session = str(session[0] if isinstance(session, list) and len(session) == 1 else session or "")
        name = None
        if session.isdecimal() and len(session) <= 18:
            name = Session.objects.filter(pk=session).values_list("name", flat=True).first()
        return f"{name or ''}{self.get_kind_display()}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.xlsx"


# --- Figures kept current by the write path (see stats/facts.py) ----------------------------------


# The key of every rate of `figures.RATES`, in its order: each has a numerator and a denominator
# column in both tables below (a new rate is a new pair of columns, so a migration; a test holds
# this list and RATES together).
RATE_KEYS = [
    "closed",
    "satisfaction",
    "satisfied",
    "basic",
    "solved_a",
    "solved_ab",
    "on_time",
    "contact",
    "b_to_a",
    "unsatisfied",
    "filed",
    "filing_ack",
    "overdue",
]


def measure_names() -> list[str]:
    """The columns both tables below carry: every numerator and denominator of figures.RATES, the
    stage counts and the reminders, as 0/1 (or a count) per suggestion and as sums per group."""
    return list(_measure_names())


@functools.cache  # fixed by the definitions; asked for per row of a bulk write's facts
def _measure_names() -> tuple[str, ...]:
    names = ["n_all"]
    for key in RATE_KEYS:
        names += [f"{key}_num", f"{key}_den"]
    names += [f"stage_{s.value}" for s in Status if s != Status.DRAFT]
    return (*names, "reminders")


class Measures(models.Model):
    class Meta:
        abstract = True


def _add_measures(model) -> None:
    for name in measure_names():
        models.IntegerField(default=0).contribute_to_class(model, name)


class SuggestionFacts(Measures):
    """One row per non-draft suggestion: its figures' conditions as 0/1 columns, and the keys it is
    grouped by. Written by `facts.update_for` in the same transaction as every step."""

    suggestion = models.OneToOneField(
        "suggestions.Suggestion", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.IntegerField(default=0)
    term_key = models.IntegerField(default=0)
    unit_key = models.IntegerField(default=0)  # the active lead unit, 0: none
    field_key = models.IntegerField(default=0)
    delegation_key = models.IntegerField(default=0)
    # The earliest open deadline of any kind: overdue is `open and next_due < today`.
    next_due = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["session_key"], name="facts_session"),
            models.Index(fields=["unit_key", "session_key"], name="facts_unit"),
            models.Index(fields=["field_key", "session_key"], name="facts_field"),
            models.Index(fields=["delegation_key", "session_key"], name="facts_delegation"),
            # What the daily overdue job looks for: open, not yet counted overdue, by due date.
            models.Index(fields=["next_due"], condition=Q(overdue_den=1, overdue_num=0), name="facts_pending_overdue"),
        ]


class FigureCount(Measures):
    """The sums of SuggestionFacts per session and per unit, field or delegation of that session
    (`dim` "all" with key 0 is the session's total). Figures over sessions and terms read these."""

    session_key = models.IntegerField()
    dim = models.CharField(max_length=12)
    key = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session_key", "dim", "key"], name="figure_count_unique")]


class FiguresClock(models.Model):
    """The day up to which `overdue` in FigureCount is current (the overdue job's watermark)."""

    overdue_as_of = models.DateField(null=True, blank=True)


_add_measures(SuggestionFacts)
_add_measures(FigureCount)
