import pytest


@pytest.fixture(autouse=True)
def api_only_urls(settings):
    settings.ROOT_URLCONF = "tests.core.urls"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The personas' passwords are hashed once per test; Argon2 is made to be slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
