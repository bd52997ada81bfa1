"""Read-only pages may read from a PostgreSQL replica (DATABASE_REPLICA_URL).

Only views wrapped in `replica_reads` read there (the dashboard, the public site, exports); every
other read and every write stays on the primary, so a user never misses their own write because
the replica lags. The choice is carried by a context variable for the duration of one view call,
set by the decorator and reset when the view returns: the router has no other way to know which
view is running, and nothing else depends on it.
"""

import contextvars
import functools

from django.conf import settings

_use_replica = contextvars.ContextVar("use_replica", default=False)


def replica_reads(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        token = _use_replica.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _use_replica.reset(token)

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
