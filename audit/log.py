"""Writing the audit log: `record()` for one entry, `record_events()` for the timeline's events.

Every append runs in a transaction that locks the chain head (`SELECT ... FOR UPDATE`; SQLite's
IMMEDIATE transactions serialise the same way), so the sequence and the previous hash it reads
are still the last ones when it writes. Call it inside the transaction of the write it records:
then the record and the write commit or roll back together.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jianyi import bulk

from . import chain
from .models import AuditRecord, ChainHead, Kind, Outcome


def client_ip(request) -> str | None:
    """The address the request came from. Behind a reverse proxy set AUDIT_TRUSTED_PROXY_HEADER."""
    if request is None:
        return None
    header = getattr(settings, "AUDIT_TRUSTED_PROXY_HEADER", "")
    if header and (forwarded := request.META.get(header)):
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a flushed database (tests) or one migrated before the head row existed
        head = ChainHead.objects.create(pk=1, seq=0, hash=chain.GENESIS, pruned_hash=chain.GENESIS)
    return head


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _append(head: ChainHead, rows: Sequence[AuditRecord]) -> list[AuditRecord]:
    for row in rows:
        row.seq, row.prev_hash = head.seq + 1, head.hash
        row.detail = chain.plain(row.detail or {})
        row.hash = chain.record_hash(row)
        head.seq, head.hash = row.seq, row.hash
    made = bulk.insert(rows)
    ChainHead.objects.filter(pk=1).update(seq=head.seq, hash=head.hash)
    return made


def record(
    kind: str,
    action: str,
    *,
    actor=None,
    request=None,
    target: str = "",
    outcome: str = Outcome.SUCCESS,
    detail: dict | None = None,
    username: str = "",
    ip: str | None = None,
) -> AuditRecord:
    actor = _actor(actor if actor is not None else getattr(request, "user", None))
    row = AuditRecord(
        at=timezone.now(),
        actor=actor,
        username=(actor.get_username() if actor else username)[:150],
        ip=client_ip(request) if request is not None else ip,
        kind=kind,
        action=action[:100],
        target=target[:200],
        outcome=outcome,
        detail=detail or {},
    )
    with transaction.atomic():
        return _append(_head(), [row])[0]


def target_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def write(action: str, obj, *, actor, detail: dict | None = None) -> AuditRecord:
    """A record of the domain written outside the lifecycle (a look-back, an inspection, an import ...)."""
    return record(Kind.WRITE, action, actor=actor, target=target_of(obj), detail=detail)


def record_events(events: Iterable) -> list[AuditRecord]:
    """One record per timeline event, carrying the event's hash. Call in the event's transaction."""
    rows = []
    now = timezone.now()
    for e in events:
        actor = _actor(e.actor) if e.actor_id else None
        rows.append(
            AuditRecord(
                at=e.at or now,
                actor_id=e.actor_id,
                username=actor.get_username() if actor else "",
                kind=Kind.EVENT,
                action=f"step:{e.name}"[:100],
                target=f"suggestions.suggestion:{e.suggestion_id}",
                detail={"from": e.from_status, "to": e.to_status},
                event_id=e.pk,
                event_hash=chain.event_hash(e),
            )
        )
    if not rows:
        return []
    with transaction.atomic():
        return _append(_head(), rows)
