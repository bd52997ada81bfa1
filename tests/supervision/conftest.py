import importlib

import pytest
from django.apps import apps

from supervision.sms import LocmemBackend
from tests import world as world_module

defaults = importlib.import_module("congress.migrations.0002_defaults")


@pytest.fixture
def world(db):
    """The personas, on the default reference data even after a transactional test flushed it."""
    defaults.install(apps, None)
    return world_module.build()


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "supervision.sms.LocmemBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.JOBS_QUEUE = ""
    # The personas' passwords need not be hashed with Argon2 here: it makes every test seconds slower.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    LocmemBackend.outbox = []
    return LocmemBackend.outbox


# The Playwright fixtures (browser, page) for the browser journey in this folder.
from tests.browser.conftest import browser, page  # noqa: E402, F401
