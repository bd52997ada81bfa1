"""Session rules: a new session id at login, idle timeout, absolute lifetime, and a disabled account's
sessions and tokens ending at once."""

from datetime import timedelta

import time_machine
from django.contrib.admin.sites import site
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone

from accounts.admin import UserAdmin
from accounts.models import ApiToken, User
from accounts.security import issue_token
from tests.identity.helpers import web_login


def test_login_gives_a_new_session_id(world, client):
    client.get("/accounts/login/")
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    web_login(client, world.deputy)
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_idle_session_ends_after_fifteen_minutes(world, client, settings):
    assert settings.SESSION_IDLE_MINUTES == 15
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        web_login(client, world.deputy)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get("/deputy/").status_code == 200  # activity keeps it alive
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get("/deputy/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        response = client.get("/deputy/", follow=True)
        assert response.redirect_chain[0][0].startswith("/accounts/login/")
        assert "15分钟未操作" in response.text
        assert "_auth_user_id" not in client.session


def test_session_ends_at_its_absolute_lifetime_despite_activity(world, client, settings):
    settings.SESSION_MAX_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        web_login(client, world.deputy)
    for minutes in (10, 20, 30, 40, 50):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/deputy/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        response = client.get("/deputy/", follow=True)
        assert "登录已超过1小时" in response.text
        assert client.get("/deputy/").status_code == 302


def test_disabled_account_loses_session_and_token_at_the_next_request(world, client, api):
    web_login(client, world.handler)
    key, _ = issue_token(world.handler)
    token_client = api()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/unit/").status_code == 200
    assert token_client.get("/api/v1/suggestions/").status_code == 200
    User.objects.filter(pk=world.handler.pk).update(is_active=False)  # however it was disabled
    assert client.get("/unit/").status_code == 302
    assert token_client.get("/api/v1/suggestions/").status_code == 401


def test_disabling_an_account_in_the_admin_deletes_its_sessions_and_tokens(world, client):
    web_login(client, world.handler)
    issue_token(world.handler)
    other = client.__class__()
    web_login(other, world.office)
    admin_user = User.objects.create_superuser("root", password="Root-pass-2026")
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    model_admin = UserAdmin(User, site)
    form = model_admin.get_form(request, world.handler, change=True)(
        instance=world.handler,
        data={
            "username": "handler",
            "role": "unit_handler",
            "unit": world.lead_unit.pk,
            "last_login_0": "",
            "date_joined_0": timezone.localtime().strftime("%Y-%m-%d"),
            "date_joined_1": "08:00:00",
        },
    )
    assert form.is_valid(), form.errors
    assert "is_active" in form.changed_data
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    assert not ApiToken.objects.filter(user=world.handler).exists()
    owners = {s.get_decoded().get("_auth_user_id") for s in Session.objects.all()}
    assert str(world.handler.pk) not in owners and str(world.office.pk) in owners
