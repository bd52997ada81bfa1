"""Password policy: 8+ characters of 3 kinds, not common, not the demo's, not one of the last 3;
a maximum age that forces a change at login."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import PasswordHistory, User
from accounts.security import DEMO_PASSWORD
from tests.identity.helpers import web_login
from tests.world import PASSWORD


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1#xyz", "至少"),  # 7 characters
        ("lowercase-only", "至少3种"),  # two kinds
        ("ABCDEFGH12", "至少3种"),
        ("Password1", "太常见"),  # three kinds, but on the common-password list
        (DEMO_PASSWORD, "演示系统公开的密码"),
    ],
)
def test_weak_passwords_are_refused(world, password, message):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            validate_password(password, world.deputy)
        assert any(message in m for m in caught.value.messages), caught.value.messages


def test_a_good_password_passes(world):
    validate_password("Lotus#River2026", world.deputy)


def test_none_of_the_last_three_passwords(world):
    user = world.deputy
    for pw in ("First#Pass2026", "Second#Pass2026", "Third#Pass2026"):
        validate_password(pw, user)
        user.set_password(pw)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 3  # pruned to the last 3, hashed
    assert not PasswordHistory.objects.filter(password__contains="Pass2026").exists()
    for reused in ("Third#Pass2026", "Second#Pass2026", "First#Pass2026"):
        with pytest.raises(ValidationError, match="最近3次"):
            validate_password(reused, user)
    user.set_password("Fourth#Pass2026")
    user.save()
    validate_password("First#Pass2026", user)  # four changes ago: allowed again


def test_password_change_form_applies_the_policy(world, client):
    web_login(client, world.deputy)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200 and "至少3种" in response.text


def test_expired_password_must_be_changed_at_login(world, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=world.office.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    response = web_login(client, world.office, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password_change/"
    assert "超过90天" in response.text
    assert client.get("/office/").url == "/accounts/password_change/"
    changed = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Lotus#River2026", "new_password2": "Lotus#River2026"},
    )
    assert changed.status_code == 302
    assert client.get("/office/").status_code == 200
    assert User.objects.get(pk=world.office.pk).password_changed_at > timezone.now() - timedelta(minutes=1)


def test_expired_password_gets_no_api_token(world, api, settings):
    from tests.identity.helpers import token_request

    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=world.deputy.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    response = token_request(api, "deputy")
    assert response.status_code == 403 and "密码已过期" in response.json()["detail"]


def test_a_recent_password_is_not_expired(world, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    web_login(client, world.office)
    assert client.get("/office/").status_code == 200
