from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts.api import TokenView

from . import views

router = DefaultRouter()
router.register("suggestions", views.SuggestionViewSet, basename="suggestion")
router.register("units", views.UnitViewSet)
router.register("delegations", views.DelegationViewSet)
router.register("deputies", views.DeputyViewSet)
router.register("sessions", views.SessionViewSet)
router.register("fields", views.FieldViewSet)
router.register("categories", views.ReplyCategoryViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/stats/", include("stats.api")),
    path("v1/", include("disclosure.api")),
    path("v1/", include(router.urls)),
    path("v1/", include("supervision.api")),
    path("v1/", include("meetings.api")),
]
