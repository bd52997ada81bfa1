"""GET /api/v1/stats/figures/: the same figures as the dashboard, as JSON."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from ops.replica import replica_reads

from . import figures


class IsOfficeOrSupervisor(permissions.BasePermission):
    message = "只有选任联工委和督办人员可以查看统计"

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or user.role in (Role.OFFICE, Role.SUPERVISOR))
        )


class FigureSerializer(serializers.Serializer):
    """One figure: a rate (numerator / denominator, with its 95% Wilson interval) or a count."""

    key = serializers.CharField()
    label = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


SCOPE = [OpenApiParameter(name, int, description=label) for name, label in figures.FILTER_LABELS.items()]


class FiguresView(APIView):
    """Every figure over a scope (session, term, unit, field, delegation); `group` adds one row per group."""

    permission_classes = [IsOfficeOrSupervisor]

    @extend_schema(
        parameters=[
            *SCOPE,
            OpenApiParameter("group", str, enum=list(figures.GROUPS), description="按此分组，每组一行"),
            OpenApiParameter("rank", str, description="按此指标排序各组（指标的 key）"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
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


urlpatterns = [path("figures/", replica_reads(FiguresView.as_view()), name="stats-figures")]
