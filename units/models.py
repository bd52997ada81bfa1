"""A handling unit's internal organisation: its divisions (处室), their people, and the hand-offs of a
suggestion from the unit's office (办公室) to the divisions that handle it (主办处室、协办处室).

"主要领导负总责、分管领导牵头落实、办公室综合协调、业务处室具体办理": the office receives what was
assigned to the unit and hands it on, each division with a named responsible person (责任人) and an
internal due date inside the unit's own deadline.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Division(models.Model):
    unit = models.ForeignKey(
        "congress.Unit", verbose_name="承办单位", on_delete=models.CASCADE, related_name="divisions"
    )
    name = models.CharField("处室名称", max_length=50)
    # The office (办公室) coordinates: its people hand suggestions to the business divisions.
    is_office = models.BooleanField("办公室（综合协调）", default=False)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处室负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["unit", "-is_office", "order", "id"]
        verbose_name = verbose_name_plural = "处室"
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="division_unique_name"),
            models.UniqueConstraint(fields=["unit"], condition=Q(is_office=True), name="division_one_office"),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A unit's person belongs to one division."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="division_membership"
    )
    division = models.ForeignKey(Division, verbose_name="处室", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = verbose_name_plural = "处室人员"

    def __str__(self):
        return f"{self.division} · {self.user}"


class HandoffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_person(self, user):
        """Hand-offs that are this person's: to their division, or naming them responsible."""
        return self.filter(Q(responsible=user) | Q(division__memberships__user=user)).distinct()


class Handoff(models.Model):
    """The unit's office hands its share of a suggestion (its Assignment) to one division."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办处室"
        ASSIST = "assist", "协办处室"

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="handoffs")
    assignment = models.ForeignKey("suggestions.Assignment", on_delete=models.CASCADE, related_name="handoffs")
    division = models.ForeignKey(Division, verbose_name="处室", on_delete=models.PROTECT, related_name="handoffs")
    role = models.CharField("分工", max_length=10, choices=Role.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", on_delete=models.PROTECT, related_name="handoffs"
    )
    due_date = models.DateField("内部办理期限")
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField("交办时间", default=timezone.now)
    # A division that hands back keeps its row, inactive, with the reason: the office re-hands with a new one.
    is_active = models.BooleanField(default=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField("退回理由", blank=True)

    objects = HandoffQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "handed_at", "-role", "id"]  # the lead division first
        verbose_name = verbose_name_plural = "处室交办"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "division"], condition=Q(is_active=True), name="handoff_unique_active"
            ),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(is_active=True, role="lead"), name="handoff_one_lead"
            ),
        ]
        indexes = [
            models.Index(fields=["responsible", "is_active"]),
            models.Index(fields=["division", "is_active"]),
        ]

    def __str__(self):
        return f"{self.division}（{self.get_role_display()}）"
