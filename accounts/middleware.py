"""Session rules for a logged-in user, checked on every request:

- idle timeout (settings.SESSION_IDLE_MINUTES) and absolute lifetime (settings.SESSION_MAX_HOURS);
- a one-time code before anything else when one is due (security.OTP_PENDING, set at login);
- a new password before anything else when the old one has expired (security.PASSWORD_EXPIRED).

The last-seen time is written at most once a minute, so most requests do not save the session.
A disabled account needs nothing here: auth's backend no longer returns it, so its session is anonymous
at its next request."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import security

# Pages a user with something due may still open.
OPEN_URL_NAMES = {"login", "logout", "two_factor_setup", "two_factor_verify", "password_change", "password_change_done"}
SEEN_RESOLUTION = 60


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._expire(request)
            if ended:
                return ended
        return self.get_response(request)

    def _expire(self, request):
        session, now = request.session, int(time.time())
        auth_at, seen_at = session.get(security.AUTH_AT), session.get(security.SEEN_AT)
        if auth_at is None or seen_at is None:  # a session from before these rules: as if it began now
            security.on_login(None, request, request.user)
            return None
        if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
            reason = f"您已超过{settings.SESSION_IDLE_MINUTES}分钟未操作，请重新登录。"
        elif now - auth_at > settings.SESSION_MAX_HOURS * 3600:
            reason = f"登录已超过{settings.SESSION_MAX_HOURS}小时，请重新登录。"
        else:
            if now - seen_at >= SEEN_RESOLUTION:
                session[security.SEEN_AT] = now
            return None
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=401)
        messages.info(request, reason)
        return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.resolver_match.url_name in OPEN_URL_NAMES:
            return None
        session = request.session
        if session.get(security.OTP_PENDING) and not request.user.is_verified():
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先完成两步验证。"}, status=403)
            target = "two_factor_verify" if security.has_second_factor(request.user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        if session.get(security.PASSWORD_EXPIRED):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "密码已过期，请先修改密码。"}, status=403)
            messages.warning(request, f"您的密码已使用超过{settings.PASSWORD_MAX_AGE_DAYS}天，请先修改密码。")
            return redirect("password_change")
        return None
