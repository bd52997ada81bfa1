"""What has been published to the public site, by whom and when.

The public site renders only what is stored here (already redacted), never a suggestion's raw
text, so a rule added later cannot leak through an old page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CatalogueRelease(models.Model):
    """The office published a session's catalogue (titles, deputies, units)."""

    session = models.OneToOneField(
        "congress.Session", on_delete=models.CASCADE, related_name="catalogue_release", verbose_name="会次"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("公开时间", default=timezone.now)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "建议目录公开记录"

    def __str__(self):
        return f"{self.session} 建议目录"


class Publication(models.Model):
    """The office's decision on publishing one suggestion's reply, with the redacted texts."""

    class State(models.TextChoices):
        PUBLISHED = "published", "已公开"
        WITHHELD = "withheld", "不予公开"

    suggestion = models.OneToOneField(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="publication", verbose_name="建议"
    )
    state = models.CharField("状态", max_length=20, choices=State.choices)
    full_text = models.BooleanField("公开全文", default=False, help_text="代表选择仅公开标题时为否")
    body = models.TextField("公开的建议正文（已隐去个人信息）", blank=True)
    reply_body = models.TextField("公开的答复内容（已隐去个人信息）", blank=True)
    reply_unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="答复单位"
    )
    category = models.ForeignKey(
        "congress.ReplyCategory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    redactions = models.PositiveIntegerField("隐去处数", default=0)
    reason = models.TextField("不予公开理由", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间", default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["state", "suggestion"])]
        verbose_name = verbose_name_plural = "答复公开"

    def __str__(self):
        return f"{self.suggestion_id} {self.get_state_display()}"
