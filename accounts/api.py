"""The API's token endpoint: POST issues a token (shown once), DELETE revokes the one presented."""

from django.conf import settings
from django.contrib.auth import authenticate
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import security
from .ratelimit import TokenThrottle
from .tokens import HashedTokenAuthentication
from .views import LOCKED_OUT


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        label="两步验证码", required=False, allow_blank=True, help_text="启用两步验证的账号必填（验证器6位码或恢复码）"
    )


class TokenResponse(serializers.Serializer):
    token = serializers.CharField(help_text="只显示这一次；服务器只保存其SHA-256摘要")
    expires_at = serializers.DateTimeField()


class TokenView(APIView):
    """Get an API token with a username and password (and a one-time code where the account has one)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = [HashedTokenAuthentication]

    def get_throttles(self):
        return [TokenThrottle()] if self.request.method == "POST" else []

    @extend_schema(request=TokenRequest, responses={200: TokenResponse}, auth=[])
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, so django-axes counts failures and locks out as on the web login.
        user = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            if getattr(request._request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                return Response({"detail": LOCKED_OUT.format(minutes=minutes)}, status=429)
            return Response({"detail": "用户名或密码不正确。"}, status=status.HTTP_400_BAD_REQUEST)
        if security.password_expired(user):
            return Response({"detail": "密码已过期，请先在网页上修改密码。"}, status=status.HTTP_403_FORBIDDEN)
        if security.second_factor_due(user):
            if not security.has_second_factor(user):
                return Response({"detail": "该账号须先在网页上启用两步验证。"}, status=status.HTTP_403_FORBIDDEN)
            otp = data.validated_data.get("otp", "").strip()
            if not otp or match_token(user, otp) is None:
                return Response({"detail": "两步验证码缺失或不正确。"}, status=status.HTTP_400_BAD_REQUEST)
        key, token = security.issue_token(user)
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token this request was made with."""
        if not request.auth:
            return Response({"detail": "请使用要注销的令牌调用此接口。"}, status=status.HTTP_400_BAD_REQUEST)
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
