"""TOTP second factor with recovery codes: required for office, unit, supervisor and admin accounts
when REQUIRE_2FA is on, optional for deputies."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.security import requires_second_factor
from tests.identity.helpers import code_for, enrol, token_request, web_login


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def test_roles_that_require_a_second_factor(world):
    for user in (world.office, world.handler, world.leader, world.supervisor):
        assert requires_second_factor(user), user.role
    for user in (world.deputy, world.cosigner):
        assert not requires_second_factor(user)
    # The three administrator roles (any role ending in _admin), staff and superusers.
    for role in ("system_admin", "security_admin", "audit_admin"):
        assert requires_second_factor(User(username=role, role=role))
    assert requires_second_factor(User(username="root", is_superuser=True))
    assert requires_second_factor(User(username="staff", is_staff=True))


@pytest.mark.parametrize("persona", ["office", "handler", "leader", "supervisor"])
def test_required_roles_must_enrol_before_anything_else(world, client, require_2fa, persona):
    user = getattr(world, persona)
    response = web_login(client, user, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/")
    assert "启用两步验证" in response.text and "<svg" in response.text
    # Nothing else opens until the second factor is set up, and the API refuses the session too.
    assert client.get("/office/").url.startswith("/accounts/2fa/")
    assert client.get("/api/v1/suggestions/").status_code == 403


def test_enrolment_shows_recovery_codes_once_and_then_lets_the_user_in(world, client, require_2fa):
    web_login(client, world.office)
    codes = enrol(client, world.office)
    assert len(codes) == 10
    assert client.get("/office/").status_code == 200
    # The codes are never shown again: the page now only offers to replace them.
    page = client.get("/accounts/2fa/")
    assert not any(c in page.text for c in codes) and "重新生成恢复码" in page.text


def test_next_login_asks_for_the_code_and_a_wrong_code_is_refused(world, client, require_2fa):
    web_login(client, world.handler)
    enrol(client, world.handler)
    client.logout()
    response = web_login(client, world.handler, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/verify/")
    assert client.get("/unit/").status_code == 302
    wrong = client.post("/accounts/2fa/verify/", {"token": "000000"})
    assert "验证码不正确" in wrong.text
    device = TOTPDevice.objects.get(user=world.handler)
    # After a wrong code django-otp makes the user wait (1 s, doubling with each failure).
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        ok = client.post("/accounts/2fa/verify/", {"token": code_for(device), "next": "/unit/"})
        assert ok.status_code == 302 and ok.url == "/unit/"
        assert client.get("/unit/").status_code == 200


def test_recovery_code_works_once(world, client, require_2fa):
    web_login(client, world.supervisor)
    codes = enrol(client, world.supervisor)
    client.logout()
    web_login(client, world.supervisor)
    assert client.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/supervisor/").status_code == 200
    client.logout()
    web_login(client, world.supervisor)
    reused = client.post("/accounts/2fa/verify/", {"token": codes[0]})
    assert reused.status_code == 200 and "验证码不正确或已使用" in reused.text
    assert client.get("/supervisor/").status_code == 302
    assert StaticToken.objects.filter(device__user=world.supervisor).count() == 9


def test_deputies_may_log_in_without_a_second_factor(world, client, require_2fa):
    response = web_login(client, world.deputy, follow=True)
    assert response.redirect_chain[-1][0] == "/deputy/"
    assert client.get("/deputy/").status_code == 200


def test_a_deputy_who_enrolled_is_asked_for_the_code(world, client, require_2fa):
    web_login(client, world.deputy)
    enrol(client, world.deputy)
    client.logout()
    response = web_login(client, world.deputy, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/verify/")


def test_off_in_the_demo_and_the_login_page_says_so(world, client, settings):
    settings.REQUIRE_2FA = False
    assert "未强制两步验证" in client.get("/accounts/login/").text
    web_login(client, world.office)
    assert client.get("/office/").status_code == 200
    settings.REQUIRE_2FA = True
    assert "未强制两步验证" not in client.get("/accounts/login/").text


def test_token_endpoint_asks_the_required_roles_for_a_code(world, client, api, require_2fa):
    refused = token_request(api, "office")
    assert refused.status_code == 403 and "启用两步验证" in refused.json()["detail"]
    web_login(client, world.office)
    enrol(client, world.office)
    assert token_request(api, "office").status_code == 400
    device = TOTPDevice.objects.get(user=world.office)
    assert token_request(api, "office", otp=code_for(device, offset=1)).status_code == 200
    # Deputies without a device need no code.
    assert token_request(api, "deputy").status_code == 200


def test_admin_resets_a_lost_second_factor(world, client, require_2fa):
    from django_otp.plugins.otp_static.models import StaticDevice

    web_login(client, world.leader)
    enrol(client, world.leader)
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    admin = client.__class__()
    admin.force_login(root)
    enrol(admin, root)  # the administrator uses a second factor too
    response = admin.post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [world.leader.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.leader).exists()
    assert not StaticDevice.objects.filter(user=world.leader).exists()
    assert client.get("/unit/").status_code == 302  # the leader's session ended
    web_login(client, world.leader)
    assert client.get("/unit/").url.startswith("/accounts/2fa/")  # enrols again
