"""Hashes of audit records and events, and the check of the whole chain.

A record's hash is SHA-256 over the previous record's hash and the record's canonical content
(sorted-key JSON of every field but `hash`). An event's hash covers every column of the event, so
the audit record that carries it vouches for the event: an UPDATE of the event changes its hash.
"""

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64
RECORD_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "username",
    "ip",
    "kind",
    "action",
    "target",
    "outcome",
    "detail",
    "event_id",
    "event_hash",
    "prev_hash",
)
EVENT_FIELDS = ("id", "suggestion_id", "name", "actor_id", "unit_id", "at", "from_status", "to_status", "payload")


def plain(value):
    """A JSON value as the database will give it back (dates as strings, tuples as lists, enums as text)."""
    try:
        return _copy(value)  # most events' payloads: plain already, or but for an enum's type
    except _NotPlain:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class _NotPlain(Exception):
    pass


_SCALARS = frozenset({str, int, float, bool, type(None)})  # exact types


def _copy(value):
    """`value` with every str (or int) enum made plain text (a number), as JSON writes them; anything
    else JSON would change (a date, a tuple, a key that is not text) raises _NotPlain."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {_key(k): _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    if isinstance(value, str):
        return str.__str__(value)  # its text, an exact str
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value)
    raise _NotPlain


def _key(key) -> str:
    if isinstance(key, str):
        return str.__str__(key)
    raise _NotPlain


@functools.lru_cache(maxsize=256)  # a bulk write's events and records share one time
def _when(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else None


def _digest(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def record_hash(row) -> str:
    data = {f: getattr(row, f) for f in RECORD_FIELDS}
    data["at"] = _when(row.at)
    data["ip"] = str(row.ip) if row.ip else None
    return _digest(data)


def event_hash(event) -> str:
    data = {f: getattr(event, f) for f in EVENT_FIELDS}
    data["at"] = _when(event.at)
    data["payload"] = plain(event.payload)
    return _digest(data)


@dataclass(frozen=True)
class Break:
    seq: int | None
    reason: str

    def __str__(self):
        return f"审计记录 #{self.seq}：{self.reason}" if self.seq is not None else self.reason


def verify(records: Iterable, head, events: Iterable) -> Break | None:
    """The first break in the chain, or None. `records` in seq order; `events` in id order."""
    expected_prev = head.pruned_hash if head and head.pruned_seq else GENESIS
    expected_seq = (head.pruned_seq if head else 0) + 1
    last = None
    vouched: dict[int, str] = {}
    prune_seen = not (head and head.pruned_seq)
    for r in records:
        if r.seq != expected_seq:
            what = "之前的记录被删除" if r.seq > expected_seq else "序号重复或被插入"
            return Break(r.seq, f"序号应为 {expected_seq}（{what}）")
        if r.prev_hash != expected_prev:
            return Break(r.seq, "前一条记录的哈希不符（记录被插入、删除或修改）")
        if record_hash(r) != r.hash:
            return Break(r.seq, "内容与哈希不符（记录被修改）")
        if r.kind == "prune" and head and r.detail.get("pruned_seq") == head.pruned_seq:
            prune_seen = r.detail.get("pruned_hash") == head.pruned_hash
        if r.event_id is not None:
            vouched[r.event_id] = (r.seq, r.event_hash)
        expected_prev, expected_seq, last = r.hash, expected_seq + 1, r
    if head is not None:
        if not prune_seen:
            return Break(None, "清理标记与审计记录不符（早期记录被删除）")
        if (last.seq if last else head.pruned_seq) != head.seq or (
            last.hash if last else head.pruned_hash
        ) != head.hash:
            return Break(last.seq if last else None, "链尾与链头登记不符（最新的记录被删除）")
    floor = head.pruned_event_id if head else 0
    for e in events:
        seq_hash = vouched.pop(e.id, None)
        if seq_hash is None:
            if e.id > floor:
                return Break(None, f"办理环节事件 #{e.id} 没有对应的审计记录（事件被插入）")
            continue
        seq, h = seq_hash
        if event_hash(e) != h:
            return Break(seq, f"办理环节事件 #{e.id} 的内容与审计记录中的哈希不符（事件被修改）")
    if vouched:
        event_id, (seq, _h) = min(vouched.items())
        return Break(seq, f"办理环节事件 #{event_id} 已不存在（事件被删除）")
    return None
