"""Login, logout, password change and the second factor (TOTP with recovery codes)."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from web.redirects import next_url

from . import security
from .ratelimit import limit

LOCKED_OUT = "登录失败次数过多，已暂时锁定{minutes}分钟，请稍后再试。如忘记密码，请联系系统管理员。"


@method_decorator(limit("login", "RATELIMIT_LOGIN"), name="dispatch")
class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        # The demo (make run) leaves the second factor off; its login page says so.
        return super().get_context_data(**kwargs) | {"second_factor_off": not settings.REQUIRE_2FA}


class LogoutView(auth_views.LogoutView):
    """Logging out also revokes the user's API tokens: a logout ends that person's access."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            security.revoke_tokens(request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(security.PASSWORD_EXPIRED, None)
        return response


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): HTTP 429, in Chinese."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = LOCKED_OUT.format(minutes=minutes)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


def _next(request, default="home"):
    return next_url(request, default)


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "恢复码"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code, confirm with one code, get the recovery codes once.
    A user already enrolled (and verified this session) may get a fresh set of recovery codes."""
    user = request.user
    enrolled = security.has_second_factor(user)
    if enrolled and request.method == "POST" and request.POST.get("regenerate"):
        codes = _new_recovery_codes(user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    if enrolled:
        return render(request, "accounts/two_factor_status.html", {"required": security.requires_second_factor(user)})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            request.session[security.OTP_PENDING] = False
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        error = "验证码不正确，请核对手机上显示的6位数字后重试。"
    ctx = {
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, title="两步验证二维码"),
        "uri": device.config_url,
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "error": error,
        "next": _next(request),
        "required": settings.REQUIRE_2FA and security.requires_second_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of a login: a code from the authenticator app, or a recovery code (used once)."""
    if not security.has_second_factor(request.user):
        return redirect("two_factor_setup")
    error = ""
    if request.method == "POST":
        device = match_token(request.user, request.POST.get("token", "").strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            request.session[security.OTP_PENDING] = False
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"您使用了一个恢复码，还剩{left}个。恢复码用完前请重新生成。")
            return redirect(_next(request))
        error = "验证码不正确或已使用，请重试。"
    return render(request, "accounts/two_factor_verify.html", {"error": error, "next": _next(request)})
