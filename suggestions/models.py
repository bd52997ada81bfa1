"""A suggestion (代表建议) and everything recorded about it while it is handled.

State changes happen only in `suggestions.actions`; see ARCHITECTURE.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from congress.models import DeadlineRule

from .uploads import GeneratedName


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审查"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
    REGISTERED = "registered", "已立案待交办"
    MERGED = "merged", "已并案"
    NOT_SUGGESTION = "not_suggestion", "不作为建议处理"
    ASSIGNED = "assigned", "已交办待签收"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复待评价"
    REHANDLING = "rehandling", "重新办理中"
    CLOSED = "closed", "已办结"


# A unit's open work: assigned to it and not yet answered for good (lists, inbox tabs, `derived`).
IN_HANDLING = [Status.ASSIGNED, Status.HANDLING, Status.REHANDLING]


class Period(models.TextChoices):
    SESSION = "session", "会议期间"
    INTERSESSION = "intersession", "闭会期间"


class FormedBy(models.TextChoices):
    RESEARCH = "research", "调研"
    FORUM = "forum", "座谈"
    VISIT = "visit", "走访"
    OTHER = "other", "其他"


class Disclosure(models.TextChoices):
    FULL = "full", "全文公开"
    TITLE_ONLY = "title_only", "仅公开标题"


class NotSuggestionReason(models.TextChoices):
    PERSONAL_MATTER = "personal_matter", "代表本人或亲属的个人事务"
    FORWARDED_LETTER = "forwarded_letter", "转交人民群众来信"
    ACADEMIC = "academic", "学术探讨或产品推介"
    NO_CONTENT = "no_content", "没有实际内容"
    COURT_CASE = "court_case", "涉及具体案件"
    PETITION = "petition", "属于信访、申诉、控告"
    OUTSIDE_POWERS = "outside_powers", "超出本级职权范围"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


# Worst first: a suggestion's combined rating is the worst of its deputies' ratings.
RATING_ORDER = [Rating.UNSATISFIED, Rating.BASICALLY_SATISFIED, Rating.SATISFIED]


class SuggestionQuerySet(models.QuerySet):
    def for_list(self):
        """What a list row reads besides its own columns: the lead deputy and their delegation and the
        field joined; the session and the reply category (a handful of rows each) read apart.

        PostgreSQL plans a join of six tables or more for 10-25 ms, whichever order it picks (the
        suggestion's many indexes each offer a path), while the page itself takes 1 ms to read: two
        small queries instead of two more joins keep the plan at about 1 ms."""
        # A list shows the lead deputy's name, never their encrypted contact details: not decrypted per row.
        return (
            self.select_related("field", "lead_deputy__delegation")
            .prefetch_related("session", "category")
            .defer("lead_deputy__phone", "lead_deputy__id_number", "lead_deputy__address")
        )

    def in_handling(self):
        return self.filter(status__in=IN_HANDLING)


def display_number(number: int | None, period: str) -> str:
    """第12号 / 闭03号, from the columns alone (the ledgers read rows as tuples)."""
    if number is None:
        return "未编号"
    if period == Period.INTERSESSION:
        return f"闭{number:02d}号"
    return f"第{number}号"


class Suggestion(models.Model):
    session = models.ForeignKey(
        "congress.Session", on_delete=models.PROTECT, related_name="suggestions", verbose_name="会次"
    )
    period = models.CharField("提出时间", max_length=20, choices=Period.choices, default=Period.SESSION)
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    # The title as the public catalogue shows it, personal data redacted (disclosure/screening.py),
    # set when the suggestion is registered. With `redaction_hits` the catalogue holds it back until
    # the office has seen the redaction preview (`redaction_seen_at`).
    public_title = models.CharField("公开标题", max_length=300, blank=True, editable=False)
    redaction_hits = models.PositiveSmallIntegerField("隐去个人信息处数", default=0, editable=False)
    redaction_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    redaction_seen_at = models.DateTimeField("公开预览核看时间", null=True, blank=True, editable=False)
    field = models.ForeignKey(
        "congress.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="领域"
    )
    lead_deputy = models.ForeignKey(
        "congress.Deputy", on_delete=models.PROTECT, related_name="led_suggestions", verbose_name="领衔代表"
    )
    formed_by = models.CharField("形成方式", max_length=20, choices=FormedBy.choices, default=FormedBy.RESEARCH)
    disclosure = models.CharField("公开方式", max_length=20, choices=Disclosure.choices, default=Disclosure.FULL)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every step: the conditional UPDATE in actions.step() checks it.
    version = models.PositiveIntegerField(default=0, editable=False)
    is_complex = models.BooleanField("复杂建议（6个月答复）", default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", verbose_name="并入"
    )
    not_suggestion_reason = models.CharField(
        "不作为建议原因", max_length=30, choices=NotSuggestionReason.choices, blank=True
    )
    category = models.ForeignKey(
        "congress.ReplyCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="答复类别",
    )
    rating = models.CharField("评价结果", max_length=20, choices=Rating.choices, blank=True)
    reply_round = models.PositiveSmallIntegerField("答复轮次", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    registered_at = models.DateTimeField("立案时间", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Copies that let lists sort and filter on one table with an index (kept by `derived.update_for`
    # in every step): the session's start date, the active lead unit, the earliest open deadline of
    # the units' or the office's (not the deputies' rating window).
    session_start = models.DateField(null=True, blank=True, editable=False)
    lead_unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    next_due_on = models.DateField(null=True, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-session_start", "period", "number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "period", "number"],
                name="suggestion_unique_number",
                condition=Q(number__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "session"]),
            models.Index(fields=["session", "period", "number"]),
            models.Index(fields=["lead_deputy", "status"]),
            models.Index(
                F("session_start").desc(), "period", "number", F("created_at").desc(), name="suggestion_list_order"
            ),
            models.Index(
                "next_due_on",
                "number",
                "id",
                name="suggestion_in_handling_due",
                condition=Q(status__in=["assigned", "handling", "rehandling"]),
            ),
            models.Index(fields=["lead_unit", "status"], name="suggestion_lead_unit"),
            # The assign page (待交办) in its order: a national session has ~9,000 registered at once.
            models.Index("number", "id", name="suggestion_registered", condition=Q(status="registered")),
        ]
        verbose_name = verbose_name_plural = "代表建议"

    def __str__(self):
        return f"{self.display_number} {self.title}"

    def save(self, *args, **kwargs):
        # The list's sort key copies the session's start date (see `session_start`).
        if self.session_start is None and self.session_id:
            self.session_start = self.session.start_date
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_start"}
        super().save(*args, **kwargs)

    @property
    def display_number(self) -> str:
        return display_number(self.number, self.period)


class NumberSeries(models.Model):
    """The last number given in one series (a session's meeting or intersession suggestions)."""

    session = models.ForeignKey("congress.Session", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20, choices=Period.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "period"], name="number_series_unique")]


class SuggestionDeputy(models.Model):
    """A deputy a suggestion belongs to: its lead, a co-signer (联名), or one merged into it (并案)."""

    class Role(models.TextChoices):
        LEAD = "lead", "领衔代表"
        COSIGNER = "cosigner", "联名代表"
        MERGED = "merged", "并案代表"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="deputy_links")
    deputy = models.ForeignKey("congress.Deputy", on_delete=models.PROTECT, related_name="suggestion_links")
    role = models.CharField("身份", max_length=20, choices=Role.choices)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="suggestion_deputy_unique")]
        indexes = [models.Index(fields=["deputy", "suggestion"])]

    def __str__(self):
        return f"{self.deputy} ({self.get_role_display()})"


class Assignment(models.Model):
    """One unit's share of a suggestion: lead (主办) or co-handling (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        CO = "co", "协办"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("类型", max_length=10, choices=Role.choices)
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    opinion_sent_at = models.DateTimeField("协办意见提交时间", null=True, blank=True)
    # 交办是否精准: the unit's answer when it signs (None: not said); assist.recommend learns from it.
    accurate = models.BooleanField("交办是否精准", null=True, blank=True)
    # A reassigned unit keeps its row, inactive, so the timeline stays true.
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # A copy of "its suggestion is in handling" (kept by `derived.update_for`, like the suggestion's
    # list columns), so a unit's open work is read from its few open rows through a partial index,
    # not picked out of everything it ever handled (66,000 rows for a national unit).
    in_handling = models.BooleanField(default=False, editable=False)
    # And the earliest open deadline of this unit's part (its own, and the office's that name no unit,
    # such as a re-reply): the inbox reads a unit's open work in deadline order from one index.
    due_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-role", "id"]  # the lead unit (主办) before co-units (协办)
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "unit"], condition=Q(is_active=True), name="assignment_unique_active"
            ),
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(is_active=True, role="lead"), name="assignment_one_lead"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "is_active", "suggestion"]),
            models.Index(
                fields=["unit", "due_on", "suggestion"],
                condition=Q(is_active=True, in_handling=True),
                name="assignment_unit_open_due",
            ),
            # The two inbox tabs that pick a few rows out of many by the assignment alone (待签收,
            # 协办意见待提交) each read theirs, in the same order, from an index of their own.
            models.Index(
                fields=["unit", "due_on", "suggestion"],
                condition=Q(is_active=True, in_handling=True, signed_at__isnull=True),
                name="assignment_unit_to_sign",
            ),
            models.Index(
                fields=["unit", "due_on", "suggestion"],
                condition=Q(is_active=True, in_handling=True, role="co", opinion_sent_at__isnull=True),
                name="assignment_unit_co_owed",
            ),
        ]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"


class ReassignmentRequest(models.Model):
    """申请改办: a unit says it is the wrong body; the office decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        GRANTED = "granted", "同意改办"
        REFUSED = "refused", "不同意改办"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reassignment_requests")
    reason = models.TextField("理由")
    suggested_unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="建议承办单位"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_note = models.TextField("审批意见", blank=True)
    new_unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="改办至"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["decision", "requested_at"])]

    def __str__(self):
        a = self.assignment
        wish = f"，建议改由{self.suggested_unit.short_name}承办" if self.suggested_unit_id else ""
        reason = self.reason if len(self.reason) <= 60 else self.reason[:60] + "…"
        return f"{a.unit.short_name}（{a.get_role_display()}）{self.requested_at:%Y-%m-%d}申请改办：{reason}{wish}"


class HandlingRecord(models.Model):
    """What a unit did while handling: contact with the deputy, research, co-unit opinion, meeting."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "与代表沟通"
        RESEARCH = "research", "调查研究"
        CO_OPINION = "co_opinion", "协办意见"
        LEADERSHIP_MEETING = "meeting", "领导办公会议研究"
        JOINT_REVIEW = "joint_review", "会审"
        OTHER = "other", "其他"

    class Channel(models.TextChoices):
        PHONE = "phone", "电话"
        VISIT = "visit", "走访"
        MEETING = "meeting", "座谈会面"
        EMAIL = "email", "电子邮件"
        WECHAT = "wechat", "微信"
        MESSAGE = "message", "平台留言"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="records")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    channel = models.CharField("沟通方式", max_length=20, choices=Channel.choices, blank=True)
    happened_on = models.DateField("日期")
    summary = models.TextField("内容")
    attachment = models.FileField("附件", upload_to=GeneratedName("records"), blank=True)
    attachment_name = models.CharField("附件文件名", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["suggestion", "kind"])]


class Reply(models.Model):
    """答复: drafted by the lead unit, reviewed level by level, signed off, then sent."""

    class Stage(models.TextChoices):
        DRAFTING = "drafting", "起草中"
        IN_REVIEW = "in_review", "审核中"
        SIGNED = "signed", "已签发"
        SENT = "sent", "已答复"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey("congress.Unit", on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    body = models.TextField("答复内容")
    category = models.ForeignKey(
        "congress.ReplyCategory", on_delete=models.PROTECT, related_name="+", verbose_name="答复类别"
    )
    stage = models.CharField("状态", max_length=20, choices=Stage.choices, default=Stage.DRAFTING)
    levels_passed = models.PositiveSmallIntegerField("已通过审核级数", default=0)
    # The review chain this reply goes through, copied from the unit's at each submission (see review.py):
    # a list of {"label", "role", "person", "person_name"}; a later change of the unit's chain
    # does not move a reply already in review.
    chain = models.JSONField("审核流程", default=list, blank=True)
    submission = models.PositiveSmallIntegerField("提交审核次数", default=0)
    letter = models.FileField("答复函（盖章扫描件）", upload_to=GeneratedName("letters"), blank=True)
    letter_name = models.CharField("答复函文件名", max_length=200, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="reply_unique_round")]
        indexes = [
            # The figures' facts ask of every suggestion whether (and which of) its replies were sent
            # (stats/figures.py): read from this index alone, not from the rows with their letters' text.
            models.Index(
                fields=["suggestion"], include=["id", "category"], condition=Q(stage="sent"), name="reply_sent"
            ),
        ]


class ReviewChain(models.Model):
    """A unit's own ordered review chain for its replies (四级把关, 逐级审核), kept by its leader."""

    unit = models.OneToOneField("congress.Unit", on_delete=models.CASCADE, related_name="review_chain")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"{self.unit}答复审核流程"


class ReviewLevel(models.Model):
    """One level of a chain: held by everyone of a role in the unit, or by one named person."""

    class HeldBy(models.TextChoices):
        UNIT_HANDLER = "unit_handler", "承办单位经办人"
        UNIT_LEADER = "unit_leader", "承办单位负责人"

    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField("级次")
    label = models.CharField("名称", max_length=20)
    role = models.CharField("由何种角色审核", max_length=20, choices=HeldBy.choices, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_levels",
        verbose_name="指定审核人",
    )

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="review_level_unique_position"),
            models.CheckConstraint(
                condition=(Q(person__isnull=True) & ~Q(role="")) | (Q(person__isnull=False) & Q(role="")),
                name="review_level_role_or_person",
            ),
        ]

    def __str__(self):
        return f"第{self.position}级 {self.label}"


class ReplySignoff(models.Model):
    """What one level of the chain decided on one submission of a reply: who, when, passed or sent back."""

    class Decision(models.TextChoices):
        PASSED = "passed", "审核通过"
        RETURNED = "returned", "退回修改"

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="signoffs")
    submission = models.PositiveSmallIntegerField("提交审核次数")
    level = models.PositiveSmallIntegerField("级次")
    label = models.CharField("名称", max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    decision = models.CharField("结果", max_length=20, choices=Decision.choices)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["reply", "submission", "level"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "submission", "level"], name="signoff_unique_level"),
            # The same person never passes two levels of one submission (the rule, kept by the database too).
            models.UniqueConstraint(
                fields=["reply", "submission", "actor"],
                condition=Q(decision="passed"),
                name="signoff_one_level_per_person",
            ),
        ]

    def __str__(self):
        return f"第{self.level}级 {self.label} {self.get_decision_display()}"


class Evaluation(models.Model):
    """One deputy's rating (评价) of one reply."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="evaluations")
    deputy = models.ForeignKey("congress.Deputy", on_delete=models.PROTECT, related_name="evaluations")
    result = models.CharField("评价", max_length=20, choices=Rating.choices)
    attitude = models.CharField("办理态度", max_length=20, choices=Rating.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="evaluation_unique")]


class DeadlineState(models.TextChoices):
    DONE = "done", "已完成"
    DONE_LATE = "done_late", "逾期完成"
    CANCELLED = "cancelled", "已撤销"
    ON_TIME = "on_time", "正常"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "已逾期"


# "Due soon" is relative to the length of the step: the last `Policy.due_soon_days` days before the
# due date, but never more than the last third of the step. A 3-month reply is due soon 7 days before
# its date; a 3-working-day sign-for only on its last day, not the minute it is assigned.
DUE_SOON_SHARE = 3


def due_soon_q(today, soon_days: int) -> Q:
    """Open deadlines not yet overdue with due_date - today <= min(soon_days, (due_date - start_date) / 3).

    Computed in the database (date differences are durations on PostgreSQL and SQLite alike), so
    lists, counts and the reminder scan agree without a Python loop.
    """
    from datetime import timedelta

    from django.db.models import DateField, DurationField, ExpressionWrapper, F, Value
    from django.db.models.lookups import LessThanOrEqual

    left = ExpressionWrapper((F("due_date") - Value(today, DateField())) * DUE_SOON_SHARE, DurationField())
    length = ExpressionWrapper(F("due_date") - F("start_date"), DurationField())
    return Q(
        met_at__isnull=True,
        cancelled=False,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=soon_days),
    ) & Q(LessThanOrEqual(left, length))


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(met_at__isnull=True, cancelled=False)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today, days: int):
        return self.filter(due_soon_q(today, days))

    def with_state(self, today, soon_days: int):
        """Annotate `state` in the database, so lists and counts need no Python loop."""
        from django.db.models import Case, Value, When
        from django.db.models.functions import TruncDate

        return self.annotate(
            state=Case(
                When(cancelled=True, then=Value(DeadlineState.CANCELLED)),
                When(met_at__isnull=False, due_date__lt=TruncDate("met_at"), then=Value(DeadlineState.DONE_LATE)),
                When(met_at__isnull=False, then=Value(DeadlineState.DONE)),
                When(due_date__lt=today, then=Value(DeadlineState.OVERDUE)),
                When(due_soon_q(today, soon_days), then=Value(DeadlineState.DUE_SOON)),
                default=Value(DeadlineState.ON_TIME),
            )
        )


class Deadline(models.Model):
    """A step that must be done by a date, with how that date was computed."""

    Kind = DeadlineRule.Kind

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="deadlines")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField("环节", max_length=30, choices=Kind.choices)
    start_date = models.DateField("起算日期")
    due_date = models.DateField("截止日期")
    explanation = models.TextField("计算说明")
    met_at = models.DateTimeField("完成时间", null=True, blank=True)
    cancelled = models.BooleanField("已撤销", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(met_at__isnull=True, cancelled=False), name="deadline_open_due"
            ),
            # A suggestion's open deadlines (its list columns, its units' due dates, meeting them): a few
            # rows among the dozens a long history leaves met or cancelled.
            models.Index(
                fields=["suggestion"], condition=Q(met_at__isnull=True, cancelled=False), name="deadline_open_of"
            ),
            models.Index(fields=["suggestion", "kind"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date}"


class Event(models.Model):
    """One entry of a suggestion's timeline, written in the same transaction as the change."""

    # The largest table (20M rows at 1M suggestions) is read by suggestion only, through the
    # (suggestion, at) index below; each index more is an entry more to write per event. Without
    # their own indexes, deleting a user or unit (PROTECT: refused while they have events) scans it.
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events", db_index=False)
    name = models.CharField("动作", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "congress.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    at = models.DateTimeField("时间", default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["suggestion", "at"]), models.Index(fields=["name", "at"])]

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=GeneratedName("attachments"))
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
