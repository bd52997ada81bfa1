import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests import world as world_module

# The browser fixtures (browser, page, phone), defined once so the session's browser is shared.
pytest_plugins = ["tests.browser.fixtures"]

# SQLite test databases are files under var/ (one per process), which a fresh clone lacks.
settings.VAR_DIR.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def world(db):
    return world_module.build()


@pytest.fixture
def api():
    """api(user) -> an API client logged in as that user (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is made to be slow: hashing every persona's password was most of each test's setup."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none (lockouts live in the test's
    database, which is rolled back or flushed anyway)."""
    cache.clear()
