"""The coordination meeting (协调会/改办协调会): disputed assignments decided together in one sitting."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Meeting(models.Model):
    """One sitting of the office for a session; its decisions are applied together (`actions.apply`)."""

    class State(models.TextChoices):
        OPEN = "open", "待执行"
        HELD = "held", "决定已执行"

    session = models.ForeignKey("congress.Session", on_delete=models.PROTECT, related_name="+", verbose_name="会次")
    title = models.CharField("名称", max_length=100, default="改办协调会")
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("执行时间", null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = verbose_name_plural = "协调会"

    def __str__(self):
        return f"{self.held_on:%Y年%-m月%-d日}{self.title}"


class Item(models.Model):
    """One disputed assignment on the agenda: a unit's pending request (申请改办/退办) and the decision."""

    class Decision(models.TextChoices):
        PENDING = "", "待决定"
        KEEP = "keep", "维持原交办"
        REASSIGN = "reassign", "改办"
        ADD_CO = "add_co", "增加协办单位"
        SWAP = "swap", "主协办互换"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    request = models.OneToOneField(
        "suggestions.ReassignmentRequest", on_delete=models.PROTECT, related_name="meeting_item"
    )
    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("决定", max_length=10, choices=Decision.choices, blank=True, default="")
    unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey("suggestions.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["suggestion__number", "id"]
        verbose_name = verbose_name_plural = "协调事项"

    def __str__(self):
        return f"{self.suggestion.display_number}：{self.get_decision_display()}"

    @property
    def outcome(self) -> str:
        """The decision in words, as the minutes print it."""
        unit = self.unit.short_name if self.unit_id else ""
        return {
            self.Decision.KEEP: f"维持{self.request.assignment.unit.short_name}{self.request.assignment.get_role_display()}",
            self.Decision.REASSIGN: f"改由{unit}{self.request.assignment.get_role_display()}",
            self.Decision.ADD_CO: f"增加{unit}为协办单位",
            self.Decision.SWAP: f"{unit}改任主办，原主办单位改为协办",
        }.get(self.decision, "待决定")
