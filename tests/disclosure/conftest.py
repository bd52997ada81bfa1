# The browser fixtures live in tests/browser/conftest.py; make them available to this folder's tests.
import pytest

from tests.browser.conftest import browser, page, phone  # noqa: F401


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed with Argon2 by default: slow, and nothing here tests it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
