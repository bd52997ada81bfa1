"""Five failed logins lock the username from that address, and the address, for ten minutes, on the web
login and on the API's token endpoint alike (django-axes)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.identity.helpers import token_request, web_login


def test_web_login_locks_account_after_five_failures_even_with_the_right_password(world, client):
    for _ in range(4):
        response = web_login(client, world.office, password="wrong-password")
        assert response.status_code == 200 and "用户名或密码不正确" in response.text
    assert web_login(client, world.office, password="wrong-password").status_code == 429  # the fifth
    locked = web_login(client, world.office)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text and "10分钟" in locked.text
    assert "_auth_user_id" not in client.session


def test_lockout_by_address_covers_other_usernames(world, client):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        client.post("/accounts/login/", {"username": name, "password": "x"}, REMOTE_ADDR="10.0.0.9")
    assert web_login(client, world.deputy, ip="10.0.0.9").status_code == 429
    # Another address is not affected.
    assert web_login(client, world.deputy, ip="10.0.0.10").status_code == 302


def test_lockout_ends_after_ten_minutes(world, client):
    for _ in range(5):
        web_login(client, world.handler, password="nope")
    assert web_login(client, world.handler).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert web_login(client, world.handler).status_code == 302


def test_token_endpoint_locks_out_too_and_shares_the_count_with_the_web(world, client, api):
    for _ in range(3):
        assert token_request(api, "deputy", password="wrong").status_code == 400
    for _ in range(2):
        web_login(client, world.deputy, password="wrong")
    locked = token_request(api, "deputy")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["detail"]
    assert "token" not in locked.json()


def test_success_before_the_limit_resets_the_count(world, client):
    for _ in range(4):
        web_login(client, world.supervisor, password="wrong")
    assert web_login(client, world.supervisor).status_code == 302
    client.logout()
    for _ in range(4):
        web_login(client, world.supervisor, password="wrong")
    assert web_login(client, world.supervisor).status_code == 302
