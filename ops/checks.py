"""Deployment checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several web processes need one cache: the login rate limits and the unit inbox's counts live
    there, and a per-process cache would count each process apart."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is local to each process.",
                hint="Set CACHE_URL (for example redis://127.0.0.1:6379/1) when more than one web process runs.",
                id="ops.W001",
            )
        ]
    return []
