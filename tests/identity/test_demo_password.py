"""The demo's shared password is for the demo only: a production start (DEBUG off, no DEMO flag)
refuses to run while an active account still has it."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts import checks, security
from accounts.models import Role, User
from accounts.security import DEMO_PASSWORD


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEMO = False


def _demo_accounts():
    # As the demo loader makes them: one hash for all, written without set_password() + save().
    shared = make_password(DEMO_PASSWORD)
    User.objects.bulk_create([User(username=f"deputy{i:04}", password=shared, role=Role.DEPUTY) for i in range(1, 4)])


def test_production_start_refuses_the_demo_password(world, production):
    _demo_accounts()
    errors = checks.demo_password_check(databases=["default"])
    assert [e.id for e in errors] == ["accounts.E001"]
    assert errors[0].level >= 40  # ERROR
    with pytest.raises(ImproperlyConfigured, match="demo password"):
        security.refuse_demo_password()
    with pytest.raises(SystemCheckError):
        call_command("check", "--database", "default")


def test_a_single_superuser_with_the_demo_password_is_caught(world, production):
    User.objects.create_superuser("admin", password=DEMO_PASSWORD)
    assert security.demo_password_accounts() == ["admin"]


def test_disabled_or_changed_accounts_pass(world, production):
    _demo_accounts()
    User.objects.filter(username__startswith="deputy0").update(is_active=False)
    assert checks.demo_password_check(databases=["default"]) == []
    security.refuse_demo_password()


def test_the_demo_flag_and_debug_allow_it(world, settings):
    _demo_accounts()
    settings.DEBUG, settings.DEMO = False, True
    assert checks.demo_password_check(databases=["default"]) == []
    settings.DEBUG, settings.DEMO = True, False
    security.refuse_demo_password()
