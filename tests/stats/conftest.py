# The Playwright fixtures (browser, page) are defined for tests/browser/; the dashboard test uses them too.
import pytest  # noqa: E402

from tests.browser.conftest import browser, page  # noqa: F401


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed with Argon2 otherwise: most of each test's setup time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
