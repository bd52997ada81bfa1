"""Read-only pages may read from a PostgreSQL replica (DATABASE_REPLICA_URL).

Only views wrapped in `replica_reads` read there (the dashboard, the public site, exports); every
other read and every write stays on the primary, so a user never misses their own write because
the replica lags. Writes made by such a page (the day's overdue job, the audit log) and rows it
locks (`select_for_update`) still go to the primary. The choice is carried by a context variable
for the duration of one view call (and of a streamed body's iteration), set by `reading()` and
reset after: the router has no other way to know which view is running, and nothing else depends
on it. Without a replica configured everything reads the primary.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

_use_replica = contextvars.ContextVar("use_replica", default=False)


@contextlib.contextmanager
def reading():
    """Reads inside this block go to the replica when there is one."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def _streamed(chunks):
    """A streamed body (CSV of a session, open data) is read after the view returns: each chunk
    is produced inside `reading()` too."""
    chunks = iter(chunks)
    while True:
        with reading():
            try:
                chunk = next(chunks)
            except StopIteration:
                return
        yield chunk


def replica_reads(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reading():
            response = view(*args, **kwargs)
        if getattr(response, "streaming", False) and not getattr(response, "is_async", False):
            response.streaming_content = _streamed(response.streaming_content)
        return response

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
