"""The API alone: the core tests do not depend on the web apps other parts are building."""

from django.urls import include, path

urlpatterns = [path("api/", include("api.urls"))]
