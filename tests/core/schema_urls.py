"""The core API routes alone, to check that their schema generates cleanly."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

from api.urls import router

urlpatterns = [
    path("api/v1/auth/token/", obtain_auth_token),
    path("api/v1/", include(router.urls)),
]
