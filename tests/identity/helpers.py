"""Logging in through the real login page (so django-axes, the session rules and the second factor
all apply), and the codes an authenticator app would show."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.world import PASSWORD


def web_login(client, user, password=PASSWORD, ip="127.0.0.1", follow=False):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": password}, REMOTE_ADDR=ip, follow=follow
    )


def token_request(api, username, password=PASSWORD, ip="127.0.0.1", **extra):
    return api().post(
        "/api/v1/auth/token/", {"username": username, "password": password, **extra}, format="json", REMOTE_ADDR=ip
    )


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    """The 6-digit code the user's authenticator app shows now (offset: that many periods later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrol(client, user) -> list[str]:
    """Enrol the logged-in user through the setup page; returns the recovery codes it shows."""
    client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/2fa/", {"token": code_for(device)})
    assert response.status_code == 200
    return response.context["codes"]
