"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS lists them all)."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from . import security


class MinimumLengthValidator:
    """Django's own says this in English only (its zh-hans catalogue lacks the current wording)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要{self.min_length}个字符。", code="password_too_short")

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"


class CharacterKindsValidator:
    """At least `kinds` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, kinds: int = 3):
        self.kinds = kinds

    def validate(self, password, user=None):
        present = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(present) < self.kinds:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少{self.kinds}种。", code="password_too_simple"
            )

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、符号中的至少{self.kinds}种。"


class DemoPasswordValidator:
    """The demo's published password is never a real account's password."""

    def validate(self, password, user=None):
        if password == security.DEMO_PASSWORD:
            raise ValidationError("这是演示系统公开的密码，不能使用。", code="password_is_demo")

    def get_help_text(self):
        return "不能使用演示系统公开的密码。"


class PasswordHistoryValidator:
    """Not the current password nor one of the ones before it (settings.PASSWORD_HISTORY in all).

    Its `password_changed()` hook is where every password change is recorded (security.password_changed)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from django.conf import settings

        for encoded in security.recent_password_hashes(user):
            if check_password(password, encoded):
                raise ValidationError(
                    f"新密码不能与最近{settings.PASSWORD_HISTORY}次使用过的密码相同。", code="password_reused"
                )

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            security.password_changed(user)

    def get_help_text(self):
        return "不能与最近使用过的密码相同。"
