"""Identity rules in one place: who needs a second factor, what happens when a password changes or an
account is disabled, API tokens, and the production start's refusal of the demo password.

Every password change, from any form, the admin or `changepassword`, ends in `User.save()` after
`set_password()`, which calls each validator's `password_changed()`; `validators.PasswordHistoryValidator`
forwards it to `password_changed()` here. That is the one place a changed password is recorded and the
user's API tokens are revoked.
"""

import hashlib
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit import log as audit_log

from .models import ApiToken, PasswordHistory, Role, User

# The demo's published password (demo/loader.py gives it to every demo account, demo_logins prints
# it): refused by the password policy and, outside the demo, at start-up.
DEMO_PASSWORD = "jianyi2026"  # noqa: S105 - published on purpose, and refused everywhere else

# Roles that must log in with a second factor when settings.REQUIRE_2FA is on. Deputies may enrol.
SECOND_FACTOR_ROLES = frozenset({Role.OFFICE, Role.UNIT_HANDLER, Role.UNIT_LEADER, Role.SUPERVISOR})


def requires_second_factor(user) -> bool:
    """Office, unit handler, unit leader, supervisor, every administrator role (a role ending in
    `_admin`), staff and superusers. Deputies are not required to (they may enrol)."""
    if not getattr(user, "is_authenticated", False):
        return False
    role = user.role or ""
    return user.is_superuser or user.is_staff or role in SECOND_FACTOR_ROLES or role.endswith("_admin")


def has_second_factor(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


# Session keys written at login (on_login) and read by middleware.SessionPolicyMiddleware.
AUTH_AT, SEEN_AT = "auth_at", "seen_at"  # epoch seconds: login, last request (to the minute)
OTP_PENDING = "otp_pending"  # a one-time code is due before anything else
PASSWORD_EXPIRED = "password_expired"  # noqa: S105 -- a session key: a new password is due first


def second_factor_due(user) -> bool:
    return has_second_factor(user) or (settings.REQUIRE_2FA and requires_second_factor(user))


def on_login(sender, request, user, **kwargs):
    """user_logged_in receiver: start the session's clocks and note what is due before anything else.
    (Django's login() has already given the session a new key.)"""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[AUTH_AT] = request.session[SEEN_AT] = now
    verified = hasattr(user, "otp_device") or getattr(user, "is_verified", lambda: False)()
    request.session[OTP_PENDING] = not verified and second_factor_due(user)
    request.session[PASSWORD_EXPIRED] = password_expired(user)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind settings.TRUSTED_PROXIES proxies the address they
    saw (that many entries from the right of X-Forwarded-For; earlier entries are the client's word)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return remote


# Passwords ---------------------------------------------------------------------------------------


def password_changed(user) -> None:
    """Record the new password's hash and when it was set; revoke the user's API tokens."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(password_changed_at=now)
    user.password_changed_at = now
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: settings.PASSWORD_HISTORY]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    revoke_tokens(user)
    audit_log.write("password_changed", user, actor=user)


def recent_password_hashes(user) -> list[str]:
    """The hashes of the current password and the ones before it, settings.PASSWORD_HISTORY in all."""
    hashes = [user.password] if user.password else []
    for h in PasswordHistory.objects.filter(user=user).values_list("password", flat=True):
        if h not in hashes:
            hashes.append(h)
    return hashes[: settings.PASSWORD_HISTORY]


def password_expired(user, now=None) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or not user.is_authenticated:
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > timedelta(days=days)


# Sessions and disabled accounts --------------------------------------------------------------------


def end_sessions(user) -> int:
    """Delete every session of the user (its id is in the session's data, so each is decoded)."""
    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def end_access(user) -> None:
    """A disabled account: its sessions and tokens end now. (A disabled account's session is already
    refused at its next request, since auth's backend does not return inactive users.)"""
    with transaction.atomic():
        revoke_tokens(user)
        end_sessions(user)


def account_saved(user, changed: set[str]) -> None:
    """Called by the one place accounts are changed (the admin's user form) after a save."""
    if "is_active" in changed and not user.is_active:
        end_access(user)


def reset_second_factor(users) -> None:
    """A lost phone: the users' authenticator and recovery codes go, their sessions end, and each enrols
    again at the next login (where the second factor is required)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        for user in users:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            end_sessions(user)


# API tokens -----------------------------------------------------------------------------------------


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user) -> tuple[str, ApiToken]:
    """A new token for the user: (the token, shown once; its row, holding only the digest)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=token_digest(key),
        prefix=key[:6],
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS),
    )
    audit_log.write("api_token_issued", token, actor=user, detail={"prefix": token.prefix})
    return key, token


def revoke_tokens(user) -> int:
    revoked = ApiToken.objects.filter(user=user).delete()[0]
    if revoked:
        audit_log.write("api_tokens_revoked", user, actor=user, detail={"count": revoked})
    return revoked


# The demo's shared password --------------------------------------------------------------------------


def demo_password_accounts() -> list[str]:
    """Usernames of active accounts whose password is the demo's published one.

    Checking every hash would cost one Argon2 verification per account at each start, so this checks
    the hashes a loader could have left: those shared by several accounts, those never set through
    set_password() + save() (password_changed_at is null) and superusers'. A password set through any
    form cannot be the demo password (validators.DemoPasswordValidator refuses it)."""
    active = User.objects.filter(is_active=True).exclude(password="")
    shared = active.values("password").annotate(n=Count("id")).filter(n__gt=1).values_list("password", flat=True)
    candidates = set(shared) | set(
        active.filter(Q(password_changed_at__isnull=True) | Q(is_superuser=True)).values_list("password", flat=True)
    )
    demo_hashes = [h for h in candidates if check_password(DEMO_PASSWORD, h)]
    return list(active.filter(password__in=demo_hashes).order_by("username").values_list("username", flat=True))


def production_start() -> bool:
    return not settings.DEBUG and not settings.DEMO


def refuse_demo_password() -> None:
    """Called when the WSGI application starts: a production start refuses to run while any active
    account still has the demo password."""
    if not production_start():
        return
    names = demo_password_accounts()
    if names:
        raise ImproperlyConfigured(
            f"{len(names)} active accounts still use the demo password (e.g. {', '.join(names[:5])}); "
            "change their passwords or disable them, or start with DEMO=true for a demonstration."
        )
