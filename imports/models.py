"""An Excel import of suggestions: the parsed rows, their check, and what was written."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportJob(models.Model):
    class State(models.TextChoices):
        CHECKING = "checking", "正在检查"
        INVALID = "invalid", "有错误，未导入"
        READY = "ready", "检查通过，待确认导入"
        IMPORTED = "imported", "已导入"

    session = models.ForeignKey("congress.Session", on_delete=models.PROTECT, related_name="+", verbose_name="会次")
    file_name = models.CharField("文件名", max_length=200)
    rows = models.JSONField("数据行", default=list)  # [{"row": 2, "标题": ..., ...}]
    total = models.PositiveIntegerField("行数", default=0)
    checked = models.PositiveIntegerField("已检查行数", default=0)
    errors = models.JSONField("错误", default=list)  # [{"row": 5, "messages": [...]}]
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.CHECKING)
    imported = models.PositiveIntegerField("已导入件数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    finished_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "建议导入"

    def __str__(self):
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def percent(self) -> int:
        return round(100 * self.checked / self.total) if self.total else 100

    @property
    def error_count(self) -> int:
        return len(self.errors)
