"""Messages on a suggestion between its deputies and its handling units (the office reads along)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Message(models.Model):
    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The unit the author wrote for (unit staff only): kept so the thread reads right after a reassignment.
    unit = models.ForeignKey("congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("留言内容")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["suggestion", "created_at"])]
        verbose_name = "留言"
        verbose_name_plural = "留言"

    def __str__(self):
        return f"{self.author}: {self.body[:20]}"


class ReadMark(models.Model):
    """Up to when a user has read a suggestion's thread: what came later is unread."""

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suggestion", "user"], name="one_read_mark_per_user")]

    def __str__(self):
        return f"{self.user} read {self.suggestion_id} at {self.read_at:%Y-%m-%d %H:%M}"
