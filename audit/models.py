"""The audit log: append-only, hash-chained records of who did what, when, from where, with what outcome.

Each row stores the hash of the row before it (`prev_hash`) and its own `hash` over its canonical
content (`chain.canonical`), so changing, inserting or removing a row breaks the chain and
`manage.py audit_verify` names the first broken record. `ChainHead` is one row holding the last
sequence number and hash: appends lock it, so concurrent writers cannot fork the chain, and a
removed tail shows as a head that no longer matches the last row. On PostgreSQL a trigger
refuses UPDATE and DELETE on this table and on the suggestions' Event table (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    DENIED = "denied", "拒绝访问"
    REQUEST = "request", "提交请求"
    WRITE = "write", "写入记录"
    EVENT = "event", "办理环节"
    ADMIN = "admin", "后台修改"
    VIEW_PERSONAL = "view_personal", "查看个人信息"
    EXPORT = "export", "导出下载"
    PRUNE = "prune", "清理过期记录"
    BASELINE = "baseline", "既有记录入链"


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditRecord(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # No database constraint: a record outlives the account it names, and PROTECT would make
    # deleting a user impossible while SET_NULL would be an UPDATE the trigger refuses.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (actor, at) index below serves
        related_name="+",
        verbose_name="操作人",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    action = models.CharField("操作", max_length=100)
    target = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField("详情", default=dict, blank=True)
    # The suggestion timeline's event this record vouches for, and that event's hash.
    event_id = models.BigIntegerField(null=True, blank=True, unique=True)
    event_hash = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    # Not indexed: nothing looks a record up by its hash (`chain.verify` recomputes them in order),
    # and a unique index on random keys costs a random page per record (two with LIKE's index).
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["kind", "at"])]
        verbose_name = verbose_name_plural = "审计记录"

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()} {self.action}"


class ChainHead(models.Model):
    """The one row (pk=1) every append locks: the last record's sequence number and hash."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # Set by `audit_prune`: records up to here were removed after their retention; the first
    # kept record chains from `pruned_hash`, and events up to `pruned_event_id` lost their voucher.
    pruned_seq = models.BigIntegerField(default=0)
    pruned_hash = models.CharField(max_length=64)
    pruned_event_id = models.BigIntegerField(default=0)
