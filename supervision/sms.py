"""Text messages through a pluggable backend, chosen by settings.SMS_BACKEND.

To use a real gateway, subclass `BaseSMSBackend`, implement `send(phone, text)` (raise on
failure) and point SMS_BACKEND at the class. The default `FileBackend` appends one line per
message to settings.SMS_FILE (var/sms.log), so development needs no gateway.
"""

import threading

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class BaseSMSBackend:
    """The interface of a gateway: one message to one mobile number."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class FileBackend(BaseSMSBackend):
    _lock = threading.Lock()

    def send(self, phone: str, text: str) -> None:
        path = settings.SMS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        line = f"{timezone.localtime():%Y-%m-%d %H:%M:%S}\t{phone}\t{text.replace(chr(10), ' ')}\n"
        with self._lock, open(path, "a", encoding="utf-8") as f:
            f.write(line)


class ConsoleBackend(BaseSMSBackend):
    def send(self, phone: str, text: str) -> None:
        print(f"[SMS to {phone}] {text}")  # noqa: T201


class LocmemBackend(BaseSMSBackend):
    """For tests: messages collect in `LocmemBackend.outbox` as (phone, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        LocmemBackend.outbox.append((phone, text))


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
