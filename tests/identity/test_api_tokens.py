"""API tokens: shown once, stored only as a SHA-256, expiring, revoked at logout and password change;
no one can read them in the admin."""

import hashlib
from datetime import timedelta

import time_machine
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken, User
from tests.identity.helpers import token_request, web_login
from tests.world import PASSWORD


def _client(api, key):
    c = api()
    c.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return c


def test_token_is_stored_only_as_its_sha256(world, api):
    response = token_request(api, "deputy")
    key = response.json()["token"]
    row = ApiToken.objects.get(user=world.deputy)
    assert row.digest == hashlib.sha256(key.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert key not in repr(cursor.fetchall())
    assert "authtoken_token" not in connection.introspection.table_names()


def test_token_expires_after_eight_hours(world, api, settings):
    assert settings.API_TOKEN_HOURS == 8
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        body = token_request(api, "deputy").json()
    with time_machine.travel(start + timedelta(hours=7, minutes=59), tick=False):
        assert _client(api, body["token"]).get("/api/v1/suggestions/").status_code == 200
    with time_machine.travel(start + timedelta(hours=8, minutes=1), tick=False):
        expired = _client(api, body["token"]).get("/api/v1/suggestions/")
        assert expired.status_code == 401 and "过期" in expired.json()["detail"]


def test_web_logout_revokes_the_users_tokens(world, client, api):
    key = token_request(api, "deputy").json()["token"]
    web_login(client, world.deputy)
    client.post("/accounts/logout/")
    assert _client(api, key).get("/api/v1/suggestions/").status_code == 401


def test_delete_revokes_the_presented_token(world, api):
    key = token_request(api, "deputy").json()["token"]
    other = token_request(api, "deputy").json()["token"]
    assert _client(api, key).delete("/api/v1/auth/token/").status_code == 204
    assert _client(api, key).get("/api/v1/suggestions/").status_code == 401
    assert _client(api, other).get("/api/v1/suggestions/").status_code == 200


def test_password_change_revokes_tokens(world, client, api):
    key = token_request(api, "deputy").json()["token"]
    web_login(client, world.deputy)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Lotus#River2026", "new_password2": "Lotus#River2026"},
    )
    assert response.status_code == 302
    assert _client(api, key).get("/api/v1/suggestions/").status_code == 401
    # Revoked wherever the password is set (admin, changepassword, reset): the save hook does it.
    key = token_request(api, "deputy", password="Lotus#River2026").json()["token"]
    user = User.objects.get(pk=world.deputy.pk)
    user.set_password("Another#Pass2026")
    user.save()
    assert _client(api, key).get("/api/v1/suggestions/").status_code == 401


def test_superuser_cannot_read_tokens_in_the_admin(world, client, api):
    key = token_request(api, "deputy").json()["token"]
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200 and key[:6] in listing.text
    row = ApiToken.objects.get(user=world.deputy)
    detail = client.get(f"/admin/accounts/apitoken/{row.pk}/change/")
    for page in (listing, detail):
        assert key not in page.text and row.digest not in page.text
    # No page shows the second factor's secrets either.
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_openapi_documents_the_token_scheme(world, api):
    schema = api(world.office).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["in"] == "header" and "SHA-256" in scheme["description"]
    assert "expires_at" in schema["components"]["schemas"]["TokenResponse"]["properties"]
