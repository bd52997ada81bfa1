from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    DEPUTY = "deputy", "人大代表"
    OFFICE = "office", "选任联工委工作人员"
    UNIT_HANDLER = "unit_handler", "承办单位经办人"
    UNIT_LEADER = "unit_leader", "承办单位负责人"
    SUPERVISOR = "supervisor", "督办人员"
    # 三权分立: three administrators, none able to do another's work (see accounts/admin_roles.py).
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"


ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class User(AbstractUser):
    """A person who logs in. One role each; unit roles belong to one handling unit."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "congress.Unit",
        verbose_name="所属承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    # Null: never set through set_password() + save() (accounts bulk-loaded with a shared hash).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names are written family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE

    @property
    def is_unit_staff(self) -> bool:
        return self.role in (Role.UNIT_HANDLER, Role.UNIT_LEADER) and self.unit_id is not None

    @property
    def deputy_or_none(self):
        return getattr(self, "deputy", None) if self.role == Role.DEPUTY else None


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so a new one cannot repeat them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # a hash, like User.password
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "历史密码"


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now):
        return self.filter(expires_at__gt=now)


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored: the token itself is shown once, when it is issued."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户")
    digest = models.CharField("摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=8, editable=False)  # to tell tokens apart, not to use them
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "API令牌"
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self):
        return f"{self.prefix}…"
