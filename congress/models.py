"""Reference data: the congress, its deputies, the handling units and the rules it handles by."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import reference
from .personal import EncryptedCharField

POLICY = "policy"  # its key in `reference`


class Term(models.Model):
    """届次, e.g. 第十四届."""

    number = models.PositiveSmallIntegerField("届", unique=True)
    name = models.CharField("名称", max_length=50)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = verbose_name_plural = "届次"

    def __str__(self):
        return self.name


class Session(models.Model):
    """会次, e.g. 十四届一次会议. Suggestions between sessions belong to the last session held."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name="届次")
    number = models.PositiveSmallIntegerField("次")
    name = models.CharField("名称", max_length=50)
    start_date = models.DateField("开幕日期")
    end_date = models.DateField("闭幕日期")
    catalogue_published = models.BooleanField("建议目录已公开", default=False)

    class Meta:
        ordering = ["-term__number", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]
        verbose_name = verbose_name_plural = "会次"

    def __str__(self):
        return self.name


class Delegation(models.Model):
    """代表团, e.g. 郑州代表团."""

    name = models.CharField("名称", max_length=50, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "代表团"

    def __str__(self):
        return self.name


class Deputy(models.Model):
    """人大代表 of one term. Phone, ID number and address are personal data: never published."""

    class Gender(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputy"
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name="届次")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="deputies", verbose_name="代表团")
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=2, choices=Gender.choices, blank=True)
    occupation = models.CharField("职务", max_length=100, blank=True)
    # Encrypted at rest (congress/personal.py); shown masked, in full only through an audited action.
    phone = EncryptedCharField("手机号", max_length=20, blank=True)
    id_number = EncryptedCharField("身份证号", max_length=18, blank=True)
    address = EncryptedCharField("通讯地址", max_length=200, blank=True)

    class Meta:
        ordering = ["delegation__order", "id"]
        verbose_name = verbose_name_plural = "代表"

    def __str__(self):
        return self.name


class Unit(models.Model):
    """承办单位: a body that handles suggestions."""

    class Kind(models.TextChoices):
        GOVERNMENT_DEPARTMENT = "government_department", "政府部门"
        CITY_GOVERNMENT = "city_government", "市级人民政府"
        COURT = "court", "法院"
        PROCURATORATE = "procuratorate", "检察院"
        OTHER = "other", "其他单位"

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    duties = models.TextField("主要职责", blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = verbose_name_plural = "承办单位"

    def __str__(self):
        return self.short_name


class Field(models.Model):
    """领域: the configurable list of subject areas."""

    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "领域"

    def __str__(self):
        return self.name


class ReplyCategory(models.Model):
    """答复类别 (A/B/C/D by default). `outcome` tells the figures what a local category means."""

    class Outcome(models.TextChoices):
        SOLVED = "solved", "已经解决或者基本解决"
        PLANNED = "planned", "正在解决或者列入规划逐步解决"
        DEFERRED = "deferred", "因条件限制需要以后解决"
        REFERENCE = "reference", "留作参考"

    code = models.CharField("代码", max_length=5, unique=True)
    name = models.CharField("名称", max_length=20)
    definition = models.CharField("定义", max_length=200)
    outcome = models.CharField("含义", max_length=20, choices=Outcome.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "答复类别"

    def __str__(self):
        return self.name


class Policy(models.Model):
    """The congress's handling rules: one row (pk=1), edited in the admin."""

    review_levels = models.PositiveSmallIntegerField(
        "答复内部审核层级", default=3, help_text="答复签发前须经过的审核级数（如四级把关填 4）"
    )
    require_contact_before_reply = models.BooleanField("答复前须与代表沟通", default=True)
    max_reply_rounds = models.PositiveSmallIntegerField(
        "最多答复轮次", default=2, help_text="代表对最后一轮答复仍不满意时办结，并安排当面沟通"
    )
    due_soon_days = models.PositiveSmallIntegerField("临期提醒天数", default=7)

    class Meta:
        verbose_name = verbose_name_plural = "办理规则"

    def __str__(self):
        return "办理规则"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        reference.forget(POLICY)

    @classmethod
    def current(cls) -> "Policy":
        return reference.read(POLICY, lambda: cls.objects.get_or_create(pk=1)[0])


class DeadlineRule(models.Model):
    """How long each step may take: calendar months, or working days on the statutory calendar."""

    class Kind(models.TextChoices):
        INTERSESSION_ASSIGN = "intersession_assign", "闭会期间交办"
        SIGN = "sign", "签收"
        REASSIGN_WINDOW = "reassign_window", "申请改办期限"
        CO_OPINION = "co_opinion", "协办意见"
        REPLY = "reply", "答复"
        REPLY_COMPLEX = "reply_complex", "答复（复杂建议）"
        RE_REPLY = "re_reply", "重新办理答复"
        RATING = "rating", "代表评价"
        SECOND_REPLY = "second_reply", "B类二次答复"

    class Unit(models.TextChoices):
        MONTHS = "months", "个月"
        WORKING_DAYS = "working_days", "个工作日"
        DAYS = "days", "天"

    kind = models.CharField("环节", max_length=30, choices=Kind.choices, unique=True)
    amount = models.PositiveSmallIntegerField("期限")
    unit = models.CharField("单位", max_length=20, choices=Unit.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "办理期限规则"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.amount}{self.get_unit_display()}"


class CalendarYear(models.Model):
    """A year of the State Council's holiday schedule (国务院办公厅关于部分节假日安排的通知) entered by
    the office. For such a year its days below are the whole truth: listed holidays are off, listed
    make-up days (调休) are worked, every other weekday is a working day."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField("通知文号", max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=20)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日安排日期"

    def __str__(self):
        return f"{self.date} {self.name}{self.get_kind_display()}"
