import pytest
from rest_framework.test import APIClient

from tests import world as world_module


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
