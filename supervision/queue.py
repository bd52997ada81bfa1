"""The RQ queue on Redis that background jobs and notification delivery go through.

Its own module so that `notify` (imported by `actions`) and `jobs` (which imports `actions`) can
both reach it without importing each other.
"""

from django.conf import settings


def redis_connection():
    from redis import Redis

    return Redis.from_url(settings.REDIS_URL)


def queue(name: str | None = None):
    from rq import Queue

    return Queue(name or settings.RQ_QUEUE, connection=redis_connection())
