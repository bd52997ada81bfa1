"""Web hardening: a CSP with no inline script, security headers, `check --deploy` clean under the
production settings, and rate limits (HTTP 429 in Chinese) on login, token and public search."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from suggestions.models import Status
from tests.identity.helpers import token_request
from tests.world import advance

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _inline_code(html: str) -> list[str]:
    return INLINE_SCRIPT.findall(html) + EVENT_HANDLER.findall(html) + JS_URL.findall(html)


def test_no_template_has_inline_script_or_style():
    """Every template of the project and its apps: the whole kind of mistake, not only pages we render."""
    found = {}
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        problems = _inline_code(text) + re.findall(r"<style|\sstyle=", text)
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert not found, found


def _pages(world):
    s = world.new_draft()
    advance(world, s, Status.HANDLING)
    shared = ["/guide/", f"/s/{s.pk}/"]
    return {
        world.deputy: [
            "/deputy/",
            "/deputy/new/",
            f"/deputy/s/{s.pk}/",
            "/accounts/password_change/",
            "/accounts/2fa/",
        ],
        world.office: [
            "/office/",
            "/office/suggestions/",
            "/office/assign/",
            "/stats/",
            "/supervision/key/",
            "/supervision/ledger/",
            "/office/disclosure/",
            "/office/imports/",
            "/office/evaluations/",
        ],
        world.handler: ["/unit/", f"/unit/s/{s.pk}/", "/supervision/deadlines/", "/supervision/tasks/"],
        world.leader: ["/unit/", f"/unit/s/{s.pk}/"],
        world.supervisor: ["/supervisor/", "/supervision/four/", "/supervision/"],
        None: ["/accounts/login/", "/public/", "/public/open-data/", "/public/awards/"],
    }, shared


def test_every_page_of_the_main_roles_has_a_csp_and_no_inline_script(world, client):
    pages, shared = _pages(world)
    checked = 0
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
            urls = urls + shared
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (url, response.status_code)
            csp = response["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
            assert response["X-Frame-Options"] == "DENY"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["X-Content-Type-Options"] == "nosniff"
            html = response.content.decode()
            assert not _inline_code(html), (url, _inline_code(html))
            assert not re.search(r"\sstyle=", html), url
            checked += 1
    assert checked >= 30


def test_session_and_csrf_cookies_are_httponly_and_samesite(world, client):
    from tests.identity.helpers import web_login

    web_login(client, world.deputy)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert django_settings.CSRF_COOKIE_HTTPONLY


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3#Zq9!vR7@pL2$wX8^mN4&bT6*yH1(cJ5)eF0_gD3+sA9-uQ7=oI2~",
    "ALLOWED_HOSTS": "jianyi.example.gov.cn",
    # A real deployment generates its own (docs/security-audit.md); this one only has to be well-formed.
    "FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1rZXktZm9yLWNoZWNrLWRlcGxveSE=",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _check_deploy(tmp_path, **settings):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL")
    }
    env |= PRODUCTION | {"VAR_DIR": str(tmp_path)} | settings
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(  # noqa: S603 -- our own interpreter and arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_of_a_cache_each_process_keeps_apart(tmp_path):
    """Rate limits and inbox counts need one cache for every web process."""
    result = _check_deploy(tmp_path, CACHE_URL=None)
    assert result.returncode != 0
    assert "ops.W001" in result.stdout + result.stderr


def test_production_settings_turn_everything_on(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    } | PRODUCTION
    code = (
        "from django.conf import settings as s; print(s.REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, s.PASSWORD_MAX_AGE_DAYS)"
    )
    result = subprocess.run(  # noqa: S603 -- our own interpreter and arguments
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "jianyi.settings", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "90"], result.stderr


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_LOGIN = 3
    settings.RATELIMIT_SEARCH = 3
    # The limits count per minute window; a slow run (argon2 on a busy machine) may cross a window's
    # end between the requests and start counting afresh, so the clock stands still.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_login_is_rate_limited(world, client, limits):
    for i in range(3):
        client.post("/accounts/login/", {"username": f"nobody{i}", "password": "x"}, REMOTE_ADDR="10.1.1.1")
    response = client.post("/accounts/login/", {"username": "deputy", "password": "x"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429 and "请求过于频繁" in response.text and response["Retry-After"]
    # Another address still gets the page.
    assert (
        client.post("/accounts/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="10.1.1.2").status_code == 200
    )


def test_token_endpoint_is_rate_limited(world, api, limits):
    for _ in range(3):
        token_request(api, "deputy")
    response = token_request(api, "deputy")
    assert response.status_code == 429 and response["Retry-After"]


def test_public_search_pages_and_api_are_rate_limited(world, client, api, limits):
    world.session.catalogue_published = True
    world.session.save(update_fields=["catalogue_published"])
    url = f"/public/sessions/{world.session.pk}/?q=教育"
    for _ in range(3):
        assert client.get(url).status_code == 200
    limited = client.get(url)
    assert limited.status_code == 429 and "请求过于频繁" in limited.text
    cache.clear()  # the page and the API share one budget per address; start the API's afresh
    for _ in range(3):
        assert api().get("/api/v1/public/suggestions/?q=教育").status_code == 200
    assert api().get("/api/v1/public/suggestions/?q=教育").status_code == 429
