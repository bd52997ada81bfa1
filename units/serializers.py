"""The hand-offs as the API shows them (read-only, in a suggestion's detail: api/serializers.py)."""

from rest_framework import serializers

from .models import Handoff


class HandoffSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="assignment.unit.short_name", help_text="承办单位")
    division_name = serializers.CharField(source="division.name", help_text="处室")
    role_display = serializers.CharField(source="get_role_display")
    responsible_name = serializers.CharField(source="responsible.__str__", help_text="责任人")

    class Meta:
        model = Handoff
        fields = [
            "id",
            "unit",
            "division",
            "division_name",
            "role",
            "role_display",
            "responsible",
            "responsible_name",
            "due_date",
            "handed_at",
            "is_active",
            "returned_at",
            "return_reason",
        ]
        read_only_fields = fields
