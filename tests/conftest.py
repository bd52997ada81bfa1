import importlib

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from tests import world as world_module

# The default reference data (fields, reply categories, deadline rules) comes from a data
# migration; a transactional test's flush empties those tables, so `world` puts them back.
defaults = importlib.import_module("congress.migrations.0002_defaults")


@pytest.fixture
def world(db):
    defaults.install(apps, None)
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
