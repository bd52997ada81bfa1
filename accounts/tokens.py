"""API token authentication: `Authorization: Token <key>`, looked up by the key's SHA-256."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken
from .security import token_digest


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's header format, but the database holds only digests, and tokens expire."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("令牌无效或已过期，请重新获取。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用。")
        return token.user, token


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>`; POST /api/v1/auth/token/ issues a key (shown once, stored only as its "
                "SHA-256). A key expires after API_TOKEN_HOURS (8 by default) and is revoked by "
                "DELETE /api/v1/auth/token/, by logging out of the web and by a password change."
            ),
        }
