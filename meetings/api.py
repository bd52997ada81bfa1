"""API v1 of coordination meetings, included from api/urls.py: the office reads them and applies one."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from . import actions
from .models import Item, Meeting


class ItemSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="suggestion.display_number", read_only=True)
    request_unit = serializers.CharField(source="request.assignment.unit.short_name", read_only=True)
    request_reason = serializers.CharField(source="request.reason", read_only=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    unit = serializers.CharField(source="unit.short_name", default=None, allow_null=True, read_only=True)
    outcome = serializers.CharField(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "suggestion",
            "number",
            "request",
            "request_unit",
            "request_reason",
            "decision",
            "decision_display",
            "unit",
            "reason",
            "outcome",
            "event",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "name", "session", "title", "held_on", "place", "note", "state", "applied_at", "items"]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Coordination meetings (协调会) with their items; `apply` carries out every decision at once."""

    queryset = Meeting.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = MeetingSerializer
    filterset_fields = ["session", "state"]

    def get_queryset(self):
        if self.request.user.role != "office":
            raise PermissionDenied("只有选任联工委工作人员可以查看协调会")
        return Meeting.objects.prefetch_related(
            "items__suggestion", "items__unit", "items__request__assignment__unit"
        ).order_by("-held_on", "-id")

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "MeetingApplied",
            {"applied": serializers.IntegerField(), "events": serializers.ListField(child=serializers.IntegerField())},
        ),
    )
    @action(detail=True, methods=["post"], filterset_fields=[])
    def apply(self, request, pk=None):
        """Apply every decision in one transaction (409 naming the item if one is refused); a held meeting: 0."""
        events = actions.apply(self.get_object(), actor=request.user)
        return Response({"applied": len(events), "events": [e.pk for e in events]})


router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")

urlpatterns = router.urls
