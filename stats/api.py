"""GET /api/v1/stats/figures/: the same figures as the dashboard, as JSON."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role

from . import figures


class IsOfficeOrSupervisor(permissions.BasePermission):
    message = "只有选任联工委和督办人员可以查看统计"

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or user.role in (Role.OFFICE, Role.SUPERVISOR))
        )


class FiguresView(APIView):
    """Every figure over a scope (session, term, unit, field, delegation); `group` adds one row per group."""

    permission_classes = [IsOfficeOrSupervisor]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        filters = figures.filters_from(request.query_params)
        data = {
            "filters": filters,
            "definitions": [
                {"key": d.key, "label": d.label, "explanation": d.explanation} for d in figures.RATES + figures.COUNTS
            ],
            "summary": figures.summary(**filters).as_dict(),
        }
        group = request.query_params.get("group")
        if group:
            if group not in figures.GROUPS:
                return Response({"detail": f"group 只能是 {', '.join(figures.GROUPS)}"}, status=400)
            rank = request.query_params.get("rank")
            rows = figures.table(group, **filters)
            if rank in figures.DEFINITIONS:
                rows = figures.league(rows, rank)
            data["groups"] = [r.as_dict() for r in rows]
        return Response(data)


urlpatterns = [path("figures/", FiguresView.as_view(), name="stats-figures")]
