"""A mark per handling unit that moves whenever the unit's open work may have changed, so what is
worked out from that work (the inbox's tab counts) can be kept in the cache while the mark stands.

Every write to a suggestion moves the marks of its units (`derived.update_for`) twice: in its
transaction, so the writer's own next read already misses, and again once it commits, so a reader
that counted the rows as they were before the commit cannot leave its result under the new mark.
The marks live in the cache (CACHE_URL: one for every web process); a lost mark (evicted, the cache
restarted) starts again at a random value, never at one a result was kept under. A cache that fails
never fails a write: the counts are then read live.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)


def _key(unit_id: int) -> str:
    return f"unit-mark:{unit_id}"


def move(unit_ids) -> None:
    """The open work of these units has changed (or will, when the transaction commits)."""
    ids = sorted({u for u in unit_ids if u is not None})
    if ids:
        _move(ids)
        transaction.on_commit(lambda: _move(ids))


def _move(ids: list[int]) -> None:
    try:
        for unit_id in ids:
            try:
                cache.incr(_key(unit_id))
            except ValueError:  # no mark yet, or it was evicted
                cache.set(_key(unit_id), secrets.randbits(48), None)
    except Exception:  # noqa: BLE001 - the cache is an optimisation; the write stands
        log.warning("could not move the marks of units %s", ids, exc_info=True)


def current(unit_id: int) -> int | None:
    """The unit's mark now (None: the cache does not answer)."""
    try:
        mark = cache.get(_key(unit_id))
        if mark is None:
            cache.add(_key(unit_id), secrets.randbits(48), None)
            mark = cache.get(_key(unit_id))
        return mark
    except Exception:  # noqa: BLE001
        log.warning("could not read the mark of unit %s", unit_id, exc_info=True)
        return None


def cached(key: str, compute, timeout: int):
    """`compute()`, kept under `key` for `timeout` seconds (read live when the cache fails)."""
    try:
        hit = cache.get(key)
    except Exception:  # noqa: BLE001
        return compute()
    if hit is not None:
        return hit
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001
        log.warning("could not keep %s", key, exc_info=True)
    return value
