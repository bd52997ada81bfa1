"""Notifications: an inbox row per recipient, then email and SMS once the transaction commits.

`notify()` is called inside the write that causes it; delivery runs in `transaction.on_commit`,
so nothing is sent for a change that was rolled back. With settings.JOBS_QUEUE = "rq" delivery
is a job for the RQ workers; otherwise it runs inline. `deliver()` claims each channel with a
conditional UPDATE before sending, so a retried job never sends the same message twice.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import DeliverySettings, Notification
from .queue import queue
from .sms import get_backend

log = logging.getLogger(__name__)


def notify(recipients: Iterable, *, kind: str, title: str, body: str = "", suggestion=None) -> list[Notification]:
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    return post(
        [Notification(recipient_id=pk, suggestion=suggestion, kind=kind, title=title, body=body) for pk in people]
    )


def post(rows: list[Notification]) -> list[Notification]:
    """Write these inbox rows in one INSERT and deliver them once the transaction commits: `notify`
    for messages that differ by recipient (a digest per unit)."""
    limit = Notification._meta.get_field("title").max_length
    for n in rows:
        # A title quotes a suggestion's title (up to 200 characters itself): cut it rather than fail the write.
        if len(n.title) > limit:
            n.title = n.title[: limit - 1] + "…"
    rows = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in rows]
    if ids:
        transaction.on_commit(lambda: dispatch(ids))
    return rows


def dispatch(ids: list[int]) -> None:
    if settings.JOBS_QUEUE == "rq":
        queue().enqueue("supervision.notify.deliver", ids)
    else:
        deliver(ids)


def deliver(ids: list[int]) -> int:
    """Send the notifications `ids` by email and SMS where the recipient has an address and has
    chosen that channel for that kind of notification (DeliverySettings). Repeat-safe."""
    sent = 0
    sms = None
    for n in Notification.objects.filter(pk__in=ids).select_related("recipient__delivery_settings"):
        user, now = n.recipient, timezone.now()
        choice = DeliverySettings.for_user(user)
        text = f"【代表建议办理平台】{n.title}" + (f"：{n.body}" if n.body else "")
        if (
            user.email
            and choice.wants("email", n.kind)
            and Notification.objects.filter(pk=n.pk, emailed_at__isnull=True).update(emailed_at=now)
        ):
            try:
                send_mail(n.title, n.body or n.title, settings.DEFAULT_FROM_EMAIL, [user.email])
                sent += 1
            except Exception:
                log.exception("email notification %s failed", n.pk)
        if (
            user.phone
            and choice.wants("sms", n.kind)
            and Notification.objects.filter(pk=n.pk, texted_at__isnull=True).update(texted_at=now)
        ):
            try:
                sms = sms or get_backend()
                sms.send(user.phone, text)
                sent += 1
            except Exception:
                log.exception("SMS notification %s failed", n.pk)
    return sent


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
