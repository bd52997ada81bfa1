"""Deputies' personal data: encrypted at rest, masked on screen, shown in full only on request.

`EncryptedCharField` stores a Fernet token (AES-128-CBC + HMAC-SHA256) in a text column; the keys
come from `settings.FIELD_ENCRYPTION_KEYS` (the environment's FIELD_ENCRYPTION_KEY, newest first),
read through MultiFernet so values written under an older key still decrypt while a rotation
(`manage.py rotate_field_key`) re-encrypts them under the newest. Equality lookups cannot work on
these columns (each encryption differs); nothing queries by phone, ID number or address.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption; the data migration encrypts every such row
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ValueError("个人信息无法解密：FIELD_ENCRYPTION_KEY 不含加密时所用的密钥") from None


def rotate(stored: str) -> str:
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedCharField(models.CharField):
    """A CharField whose value is encrypted in the database; `max_length` limits the plain text."""

    def get_internal_type(self):
        return "TextField"  # a token is longer than the text it hides

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) and value.startswith(PREFIX) else super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def mask_phone(value: str) -> str:
    """158****6715: the first three and last four digits."""
    digits = value.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****" if digits else ""


def mask_id_number(value: str) -> str:
    v = value.strip()
    return f"{v[:4]}{'*' * (len(v) - 8)}{v[-4:]}" if len(v) > 8 else "****" if v else ""


def mask_address(value: str) -> str:
    v = value.strip()
    return f"{v[:6]}****" if len(v) > 6 else "****" if v else ""


MASKS = {"phone": mask_phone, "id_number": mask_id_number, "address": mask_address}


def masked(deputy) -> dict[str, str]:
    return {name: mask(getattr(deputy, name) or "") for name, mask in MASKS.items()}
