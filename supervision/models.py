"""Supervision (督办): notifications, reminders, extensions, key supervision and the B-class ledger.

Every change to a suggestion still goes through `suggestions.actions.step`; the rows here are what
those steps (in `supervision.actions`) record besides the suggestion's own fields.
"""

import os

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from suggestions.uploads import GeneratedName

USER = settings.AUTH_USER_MODEL


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in the in-app inbox, also sent by email and SMS."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "临期提醒"
        OVERDUE = "overdue", "逾期催办"
        MANUAL = "manual", "催办"
        EXTENSION = "extension", "延期申请"
        INSTRUCTION = "instruction", "督办批示"
        KEY = "key", "重点督办"
        COMMITMENT = "commitment", "B类承诺"
        INSPECTION = "inspection", "专题视察"
        REVIEW_OPINION = "review_opinion", "审议意见"
        ASSIGNMENT = "assignment", "交办调整"
        NEW_ASSIGNMENT = "new_assignment", "新交办"

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    texted_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = verbose_name_plural = "通知"

    def __str__(self):
        return self.title


def all_kinds() -> list[str]:
    return list(Notification.Kind.values)


class DeliverySettings(models.Model):
    """Which notifications one person does not want by SMS and by email (the in-app inbox gets all).

    Kept as what the person turned off, so every kind goes by both channels until they turn it off,
    a kind added later included (a list of kinds turned on would leave a new kind off for everyone
    who had ever saved the page). A person without a row gets everything; the phone and email are
    the user's own fields.
    """

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="delivery_settings")
    sms_off = models.JSONField("不发短信的类型", default=list, blank=True)
    email_off = models.JSONField("不发邮件的类型", default=list, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒方式"

    def __str__(self):
        return f"{self.user}的提醒方式"

    @classmethod
    def for_user(cls, user) -> "DeliverySettings":
        """The saved settings, or unsaved defaults."""
        try:
            return user.delivery_settings
        except cls.DoesNotExist:
            return cls(user=user)

    @classmethod
    def choose(cls, user, *, sms, email) -> "DeliverySettings":
        """Save the kinds a person ticked for SMS and for email (every other kind is off)."""
        chosen, _ = cls.objects.update_or_create(
            user=user,
            defaults={
                "sms_off": [k for k in all_kinds() if k not in set(sms)],
                "email_off": [k for k in all_kinds() if k not in set(email)],
            },
        )
        return chosen

    def wants(self, channel: str, kind: str) -> bool:
        return kind not in (self.sms_off if channel == "sms" else self.email_off)

    def kinds(self, channel: str) -> list[str]:
        """The kinds that go by `channel` (the ticked boxes of the settings page)."""
        return [k for k in all_kinds() if self.wants(channel, k)]


class ReminderQuerySet(models.QuerySet):
    def to(self, user):
        """The reminders sent to `user` (one of their `recipients`)."""
        connection = connections[self.db]
        if connection.vendor == "postgresql":
            return self.filter(recipients__contains=[user.pk])  # jsonb @>, with its GIN index (0008)
        # SQLite has no JSON containment lookup: ask its json_each.
        table = connection.ops.quote_name(Reminder._meta.db_table)
        among = RawSQL(  # noqa: S611 - our table's name, the user's id a parameter
            f"EXISTS (SELECT 1 FROM json_each({table}.recipients) WHERE value = %s)",  # noqa: S608
            [user.pk],
            output_field=models.BooleanField(),
        )
        return self.alias(to_user=among).filter(to_user=True)


class Reminder(models.Model):
    """催办: one sending of a reminder to the people in `recipients` (user ids).

    The scan's reminders (due soon, overdue) reach each person once per deadline and kind: the day's
    sending names every person of the unit; a person who joins later is reminded by another sending
    (`sending` 1, 2 ...) of the same deadline and kind. Unique (deadline, kind, sending) is the last
    word when two scans write at once. Manual ones (the office, a supervisor) any time, with a message.
    One row per sending, not per person: the day's scan at 1M writes some 18,000, not 190,000.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "临期提醒"
        OVERDUE = "overdue", "逾期催办"
        MANUAL = "manual", "人工催办"

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="reminders")
    deadline = models.ForeignKey(
        "suggestions.Deadline", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    sending = models.PositiveSmallIntegerField(default=0)
    recipients = models.JSONField("催办对象", default=list)  # user ids
    sender = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.TextField("内容", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "sending"],
                condition=Q(kind__in=["due_soon", "overdue"]),
                name="reminder_once_per_sending",
            )
        ]
        verbose_name = verbose_name_plural = "催办"


def recipient_names(reminders) -> list:
    """These reminders, each with `names`: its recipients as shown (str(user)), read in one query."""
    from accounts.models import User

    reminders = list(reminders)
    people = User.objects.in_bulk({pk for r in reminders for pk in r.recipients})
    for r in reminders:
        r.names = [str(people[pk]) for pk in r.recipients if pk in people]
    return reminders


class ReminderScan(models.Model):
    """A reminder scan's watermark, one row per thing it scans (`scope`: deadlines, inspections, review
    opinions): what the last completed scan has already covered.

    Every row due before `overdue_before`, or numbered up to `upto`, has had its overdue reminder
    considered, so the next scan reads only rows that fell due since then or are new (an index range
    each), not every open deadline of every session, nor every task ever sent.
    """

    class Scope(models.TextChoices):
        DEADLINES = "deadlines", "办理期限"
        INSPECTIONS = "inspection", "专题视察"
        REVIEW_OPINIONS = "review_opinion", "审议意见"

    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.DEADLINES, unique=True)
    overdue_before = models.DateField(null=True, blank=True)
    upto = models.BigIntegerField(default=0)


class ExtensionRequest(models.Model):
    """延期申请: the lead unit asks the office for more time to reply."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        GRANTED = "granted", "同意延期"
        REFUSED = "refused", "不同意延期"

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="extensions")
    deadline = models.ForeignKey("suggestions.Deadline", on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("理由")
    requested_date = models.DateField("申请延期至")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_note = models.TextField("审批意见", blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"], condition=Q(decision="pending"), name="extension_one_pending_per_deadline"
            )
        ]
        verbose_name = verbose_name_plural = "延期申请"

    def __str__(self):
        reason = self.reason if len(self.reason) <= 60 else self.reason[:60] + "…"
        return f"{self.unit.short_name}申请延期至{self.requested_date:%Y-%m-%d}：{reason}"


class KeySupervision(models.Model):
    """重点督办: a suggestion the council of chairpersons picked for a year."""

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="key_marks")
    year = models.PositiveSmallIntegerField("年度")
    leader = models.CharField("牵头督办的常委会领导", max_length=50)
    committee = models.CharField("督办的专门委员会", max_length=100)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "year"], name="key_supervision_once_a_year")]
        verbose_name = verbose_name_plural = "重点督办建议"

    def __str__(self):
        return f"{self.year}年重点督办：{self.suggestion}"


class CommitmentQuerySet(models.QuerySet):
    def current(self):
        """The ledger as it stands: entries carried into a later term are followed there instead."""
        return self.filter(carried_to__isnull=True)

    def with_latest_progress(self):
        """Annotate the latest progress report (`latest_note`, `latest_at`) in the same query as the rows."""
        latest = CommitmentProgress.objects.filter(commitment=models.OuterRef("pk")).order_by("-reported_at", "-id")
        return self.annotate(
            latest_note=models.Subquery(latest.values("note")[:1]),
            latest_at=models.Subquery(latest.values("reported_at")[:1]),
        )


class Commitment(models.Model):
    """One promise of a B-class reply in the unit's ledger (台账), followed until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", "落实中"
        DONE = "done", "已落实"

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="commitments")
    reply = models.ForeignKey("suggestions.Reply", on_delete=models.CASCADE, related_name="commitments")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="commitments")
    term = models.ForeignKey("congress.Term", on_delete=models.PROTECT, related_name="+", verbose_name="届次")
    what = models.TextField("承诺事项")
    due_date = models.DateField("承诺完成时间")
    responsible = models.CharField("责任人", max_length=50)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField("落实时间", null=True, blank=True)
    closed_out_at = models.DateTimeField("销号时间", null=True, blank=True)
    # A commitment still open when a term ends is carried into the next term's ledger.
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["term", "status"])]
        verbose_name = verbose_name_plural = "B类办理承诺"

    def __str__(self):
        return self.what[:40]


class CommitmentProgress(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField("进展情况")
    done = models.BooleanField("已落实", default=False)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reported_at", "id"]


class LookBackCampaign(models.Model):
    """回头看专项: the office's yearly look-back at every unit's B-class ledger of a term (“四看”).

    Opening it gives each unit with B-class replies in the term a `LookBack`, its four checks
    prefilled from the records; the office confirms each with its findings and sets what must be
    redone (`RedoItem`).
    """

    term = models.ForeignKey("congress.Term", on_delete=models.PROTECT, related_name="+", verbose_name="届次")
    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("名称", max_length=200)
    note = models.TextField("工作要求", blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开展时间", default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "回头看专项"

    def __str__(self):
        return self.title


class LookBack(models.Model):
    """回头看: the office's yearly check of one unit's B-class commitments.

    Within a campaign the row exists from the opening, prefilled from the records (`facts`);
    `recorded_at` is set once the office has confirmed the four checks.
    """

    campaign = models.ForeignKey(
        LookBackCampaign, null=True, blank=True, on_delete=models.PROTECT, related_name="lookbacks"
    )
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="lookbacks")
    year = models.PositiveSmallIntegerField("年度")
    ledger_kept = models.BooleanField("建立台账")
    promises_done = models.BooleanField("承诺事项已落实")
    follow_up_continuous = models.BooleanField("持续跟踪落实")
    second_reply_given = models.BooleanField("已向代表二次答复")
    ledger_finding = models.TextField("一看：台账情况", blank=True)
    promises_finding = models.TextField("二看：承诺落实情况", blank=True)
    follow_up_finding = models.TextField("三看：持续跟进情况", blank=True)
    second_reply_finding = models.TextField("四看：二次答复情况", blank=True)
    note = models.TextField("说明", blank=True)
    # What the records said when the campaign opened (counts behind each check), shown beside the office's answer.
    facts = models.JSONField("系统核对数据", default=dict, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="lookback_once_per_unit_year")]
        verbose_name = verbose_name_plural = "B类建议回头看"

    def __str__(self):
        return f"{self.unit}{self.year}年度回头看"

    @property
    def passed(self) -> bool:
        return self.ledger_kept and self.promises_done and self.follow_up_continuous and self.second_reply_given

    @property
    def recorded(self) -> bool:
        return self.recorded_at is not None


LOOKBACK_CHECKS = ("ledger_kept", "promises_done", "follow_up_continuous", "second_reply_given", "note")
LOOKBACK_FINDINGS = ("ledger_finding", "promises_finding", "follow_up_finding", "second_reply_finding")


class LookBackVersion(models.Model):
    """Each time a look-back was recorded, by whom: `LookBack` shows the latest, nothing is overwritten."""

    lookback = models.ForeignKey(LookBack, on_delete=models.PROTECT, related_name="versions")
    ledger_kept = models.BooleanField("建立台账")
    promises_done = models.BooleanField("承诺事项已落实")
    follow_up_continuous = models.BooleanField("持续跟踪落实")
    second_reply_given = models.BooleanField("已向代表二次答复")
    ledger_finding = models.TextField("一看：台账情况", blank=True)
    promises_finding = models.TextField("二看：承诺落实情况", blank=True)
    follow_up_finding = models.TextField("三看：持续跟进情况", blank=True)
    second_reply_finding = models.TextField("四看：二次答复情况", blank=True)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["lookback", "recorded_at", "id"]
        verbose_name = verbose_name_plural = "回头看记录历史"


class TaskQuerySet(models.QuerySet):
    def for_unit(self, unit_id):
        return self.filter(units=unit_id)


class UnitTask(models.Model):
    """What the standing committee sends to units with a due date: common to inspections and review opinions."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    units = models.ManyToManyField("congress.Unit", related_name="+", verbose_name="送达单位")
    due_date = models.DateField("办理反馈期限")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TaskQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def kind(self) -> str:
        """The name of this kind of task in URLs and in the answer's foreign key."""
        return "inspection" if isinstance(self, Inspection) else "review_opinion"


class Inspection(UnitTask):
    """专题视察 of a handling unit's work, with the points it must act on."""

    visited_on = models.DateField("视察日期")

    class Meta(UnitTask.Meta):
        verbose_name = verbose_name_plural = "专题视察"


class ReviewOpinion(UnitTask):
    """审议意见: the standing committee's opinion on a handling report, sent back to the units."""

    meeting = models.CharField("审议会议", max_length=100)

    class Meta(UnitTask.Meta):
        verbose_name = verbose_name_plural = "审议意见"


class RedoItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RedoItem.Status.OPEN)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)


class RedoItem(models.Model):
    """整改事项: what a look-back found must be redone, by whom and by when, followed until done (“四不放过”)."""

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        DONE = "done", "已整改"

    class Check(models.TextChoices):
        LEDGER = "ledger_kept", "一看：是否逐年建立B类建议台账"
        PROMISES = "promises_done", "二看：已承诺事项是否得到落实"
        FOLLOW_UP = "follow_up_continuous", "三看：需持续跟进的是否一抓到底"
        SECOND_REPLY = "second_reply_given", "四看：办理进度是否二次答复代表"

    lookback = models.ForeignKey(LookBack, on_delete=models.CASCADE, related_name="redo_items")
    aspect = models.CharField("对应检查项", max_length=30, choices=Check.choices)
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="相关建议",
    )
    what = models.TextField("整改事项")
    responsible = models.CharField("责任人", max_length=50)
    due_date = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    done_note = models.TextField("整改情况", blank=True)
    done_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RedoItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = verbose_name_plural = "回头看整改事项"

    def __str__(self):
        return self.what[:40]

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_date < today


# --- Filing (备案) ------------------------------------------------------------------------------


class FilingBodyQuerySet(models.QuerySet):
    def of_user(self, user):
        """The bodies this person acknowledges filings for: by role (the office) or by name (a member)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(members=user) | Q(role=user.role) & ~Q(role="")).distinct()


class FilingBody(models.Model):
    """备案机关: where every reply sent is filed (选任联工委, 省政府督查室 ...); the list is kept in the admin.

    Who acknowledges for a body: every user of `role` (the office is the 选任联工委's own staff), and
    the named `members` (e.g. the supervisor who stands for the government's inspection office).
    """

    name = models.CharField("名称", max_length=100, unique=True)
    role = models.CharField("该角色用户均可确认", max_length=20, blank=True)
    members = models.ManyToManyField(USER, blank=True, related_name="filing_bodies", verbose_name="确认人员")
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = FilingBodyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "备案机关"

    def __str__(self):
        return self.name


class TaskAnswer(models.Model):
    """办理反馈: one unit's answer to an inspection or a review opinion, with text and files, given once.

    An answer given after the task's due date is marked late when it is written (`late`), so the
    office's list and the figures need not recompute it.
    """

    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    review_opinion = models.ForeignKey(
        ReviewOpinion, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    body = models.TextField("落实情况")
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("反馈时间", default=timezone.now)
    late = models.BooleanField("逾期反馈", default=False)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "unit"], name="task_answer_once_per_inspection_unit"),
            models.UniqueConstraint(fields=["review_opinion", "unit"], name="task_answer_once_per_opinion_unit"),
            models.CheckConstraint(
                condition=Q(inspection__isnull=False, review_opinion__isnull=True)
                | Q(inspection__isnull=True, review_opinion__isnull=False),
                name="task_answer_one_task",
            ),
        ]
        verbose_name = verbose_name_plural = "视察和审议意见办理反馈"

    def __str__(self):
        return f"{self.unit}的办理反馈"

    @property
    def task(self):
        return self.inspection or self.review_opinion


class TaskAnswerFile(models.Model):
    """A file of an answer, stored under a generated name; `name` is what its download is called."""

    answer = models.ForeignKey(TaskAnswer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=GeneratedName("tasks/answers"), max_length=200)
    name = models.CharField("文件名", max_length=200)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name shown on a page: without its extension (the download keeps it)."""
        return os.path.splitext(self.name)[0] or "附件"


class Filing(models.Model):
    """One reply filed with one body, when it was sent; the body acknowledges it (`acknowledge_filing`)."""

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="filings")
    reply = models.ForeignKey("suggestions.Reply", on_delete=models.CASCADE, related_name="filings")
    body = models.ForeignKey(FilingBody, on_delete=models.PROTECT, related_name="filings", verbose_name="备案机关")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    filed_at = models.DateTimeField("备案时间")
    acknowledged_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.TextField("确认意见", blank=True)

    class Meta:
        ordering = ["-filed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["reply", "body"], name="filing_once_per_reply_and_body")]
        indexes = [models.Index(fields=["body", "acknowledged_at"]), models.Index(fields=["unit", "filed_at"])]
        verbose_name = verbose_name_plural = "答复备案"

    def __str__(self):
        return f"{self.body}备案：第{self.reply.round}次答复"


class TaskReminder(models.Model):
    """An automatic reminder of an unanswered task: each kind (due soon, overdue) once per task and person."""

    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    review_opinion = models.ForeignKey(ReviewOpinion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=Reminder.Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "recipient", "kind"], name="task_reminder_once_per_inspection"
            ),
            models.UniqueConstraint(
                fields=["review_opinion", "recipient", "kind"], name="task_reminder_once_per_opinion"
            ),
        ]
        verbose_name = verbose_name_plural = "视察和审议意见催办"
