"""What the workbenches keep for their users: saved list views and reply templates."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SavedView(models.Model):
    """A named set of filters over all suggestions (the query string of the list page)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField("名称", max_length=50)
    query = models.CharField("筛选条件", max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name")]
        verbose_name = verbose_name_plural = "常用筛选"

    def __str__(self):
        return self.name


class ReplyTemplate(models.Model):
    """答复模板: for one unit, or for every unit when `unit` is empty.

    The body may use the placeholders {deputy}, {title} and {unit}.
    """

    unit = models.ForeignKey(
        "congress.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
        verbose_name="承办单位（空：通用）",
    )
    name = models.CharField("名称", max_length=50)
    body = models.TextField("模板内容", help_text="可用占位符：{deputy} 代表姓名，{title} 建议标题，{unit} 承办单位")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "答复模板"

    def __str__(self):
        return self.name

    def render(self, *, deputy: str, title: str, unit: str) -> str:
        # str.replace, not str.format: a stray brace in the text must not break the template.
        text = self.body
        for key, value in (("{deputy}", deputy), ("{title}", title), ("{unit}", unit)):
            text = text.replace(key, value)
        return text
