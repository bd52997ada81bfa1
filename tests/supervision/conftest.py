import pytest

from supervision.sms import LocmemBackend


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "supervision.sms.LocmemBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.JOBS_QUEUE = ""
    LocmemBackend.outbox = []
    return LocmemBackend.outbox
