"""The search index's rows, kept by `assist.search_index` in the write path.

`SearchDocument.text` holds the suggestion's title, body and sent replies cut into words by jieba
and joined by spaces. PostgreSQL keeps `vector` = `to_tsvector('simple', text)` beside it (trigger and GIN index
made in migration 0002); SQLite mirrors it into an FTS5 table by triggers. `SearchTerm` keeps the
title's keywords one per row, which similar-suggestion lookups, merge candidates and the unit
recommender join on (an index on (term, session)). `TermUnitHistory` is the recommender's history
aggregated per (term, unit), rebuilt by `assist.history.refresh`.
"""

from django.db import models


class SearchDocument(models.Model):
    suggestion = models.OneToOneField(
        "suggestions.Suggestion", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    session = models.ForeignKey("congress.Session", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索文档"

    def __str__(self):
        return f"检索文档 {self.suggestion_id}"


class SearchTerm(models.Model):
    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="search_terms")
    session = models.ForeignKey("congress.Session", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)

    class Meta:
        indexes = [
            models.Index(fields=["term", "session"], name="assist_term_session"),
            models.Index(fields=["session", "term"], name="assist_session_term"),
        ]
        constraints = [models.UniqueConstraint(fields=["suggestion", "term"], name="assist_term_once")]
        verbose_name = verbose_name_plural = "标题关键词"

    def __str__(self):
        return self.term


class TermUnitHistory(models.Model):
    """The recommender's history, aggregated (`assist.history.refresh`): for one title term and one
    unit, how many suggestions with that term it leads (`led`), and the corrections against it
    (`against`: granted reassignments of its assignments plus its assignments marked not accurate)."""

    term = models.CharField(max_length=40)
    unit = models.ForeignKey("congress.Unit", on_delete=models.CASCADE, related_name="+")
    led = models.PositiveIntegerField(default=0)
    against = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "unit"], name="assist_history_once")]
        verbose_name = verbose_name_plural = "交办历史汇总"

    def __str__(self):
        return f"{self.term} {self.unit_id}"


class HistoryState(models.Model):
    """`TermUnitHistory`'s one state row: when it was last rebuilt (None: never, the recommender
    then reads the live rows) and the highest `Event` id that rebuild covered (its watermark)."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    event_upto = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "交办历史汇总状态"
