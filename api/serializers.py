from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.models import Delegation, Deputy, Field, Policy, ReplyCategory, Session, Unit
from suggestions import access, review
from suggestions.models import (
    Assignment,
    Deadline,
    Evaluation,
    Event,
    HandlingRecord,
    ReassignmentRequest,
    Reply,
    Status,
    Suggestion,
    SuggestionDeputy,
)
from suggestions.timeline import event_label
from suggestions.workflow import available, context_for
from units import queries as unit_queries
from units.serializers import HandoffSerializer
from web import downloads

# A file is offered as a link to the permission-checked download view (web/downloads.py), or null.
DOWNLOAD_URL = serializers.URLField(allow_null=True, read_only=True)


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "kind_display", "duties", "is_active"]


class DelegationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delegation
        fields = ["id", "name", "order"]


class DeputySerializer(serializers.ModelSerializer):
    """Public facts only: phone, ID number and address never leave through the API."""

    delegation = serializers.CharField(source="delegation.name", read_only=True)

    class Meta:
        model = Deputy
        fields = ["id", "name", "gender", "delegation", "occupation", "term"]


class SessionSerializer(serializers.ModelSerializer):
    term = serializers.CharField(source="term.name", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "name", "term", "number", "start_date", "end_date", "catalogue_published"]


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name", "order", "is_active"]


class ReplyCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyCategory
        fields = ["id", "code", "name", "definition", "outcome", "is_active"]


class SuggestionListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    session = serializers.CharField(source="session.name", read_only=True)
    field = serializers.CharField(source="field.name", default=None, allow_null=True, read_only=True)
    lead_deputy = serializers.CharField(source="lead_deputy.name", read_only=True)
    delegation = serializers.CharField(source="lead_deputy.delegation.name", read_only=True)
    category = serializers.CharField(source="category.code", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "display_number",
            "number",
            "period",
            "title",
            "status",
            "status_display",
            "session",
            "field",
            "lead_deputy",
            "delegation",
            "category",
            "rating",
            "is_complex",
            "created_at",
            "submitted_at",
            "assigned_at",
            "replied_at",
            "closed_at",
        ]


class CreateDraftSerializer(serializers.Serializer):
    """Input for a new draft; the text itself is validated by the domain's SuggestionForm."""

    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    period = serializers.ChoiceField(choices=Suggestion._meta.get_field("period").choices, default="session")
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True)
    field = serializers.PrimaryKeyRelatedField(queryset=Field.objects.filter(is_active=True), required=False)
    formed_by = serializers.CharField(required=False)
    disclosure = serializers.CharField(required=False)


class DeputyLinkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="deputy.name")
    delegation = serializers.CharField(source="deputy.delegation.name")
    role_display = serializers.CharField(source="get_role_display")

    class Meta:
        model = SuggestionDeputy
        fields = ["deputy", "name", "delegation", "role", "role_display", "confirmed_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    role_display = serializers.CharField(source="get_role_display")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "unit",
            "unit_name",
            "role",
            "role_display",
            "assigned_at",
            "signed_at",
            "opinion_sent_at",
            "is_active",
            "ended_at",
        ]


class DeadlineSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    state = serializers.CharField()
    unit = serializers.CharField(source="assignment.unit.short_name", default=None, allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "kind_display",
            "unit",
            "start_date",
            "due_date",
            "explanation",
            "met_at",
            "cancelled",
            "state",
        ]


class EventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    unit = serializers.CharField(source="unit.short_name", default=None, allow_null=True)

    class Meta:
        model = Event
        fields = ["id", "name", "label", "actor", "unit", "at", "from_status", "to_status", "payload"]

    def get_label(self, event) -> str:
        return event_label(event.name, event.payload)

    def get_actor(self, event) -> str:
        return str(event.actor) if event.actor_id else "系统"  # scheduled jobs act as the system


class EvaluationSerializer(serializers.ModelSerializer):
    deputy = serializers.CharField(source="deputy.name")

    class Meta:
        model = Evaluation
        fields = ["deputy", "result", "attitude", "comment", "created_at"]


class ReviewLevelSerializer(serializers.Serializer):
    """One level of the reply's review chain (四级把关) and who passed it."""

    level = serializers.IntegerField(source="position")
    label = serializers.CharField()
    holder = serializers.CharField(help_text="由谁审核：指定的人或本单位角色")
    signed_by = serializers.SerializerMethodField()
    signed_at = serializers.SerializerMethodField()
    current = serializers.BooleanField(help_text="正待本级审核")

    def get_signed_by(self, row) -> str | None:
        return (row.signoff.actor.get_full_name() or row.signoff.actor.get_username()) if row.signoff else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_signed_at(self, row):
        return serializers.DateTimeField().to_representation(row.signoff.at) if row.signoff else None


class SentBackSerializer(serializers.Serializer):
    """A level that sent the reply back to its drafter, with its comments (the drafting unit's, office's)."""

    level = serializers.IntegerField()
    label = serializers.CharField()
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    comment = serializers.CharField()

    def get_by(self, so) -> str:
        return so.actor.get_full_name() or so.actor.get_username()


class ReplySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.short_name")
    category = serializers.CharField(source="category.code")
    evaluations = EvaluationSerializer(many=True)
    letter = serializers.SerializerMethodField(help_text="答复函（盖章件）的下载地址（web/downloads.py）")
    review_chain = serializers.SerializerMethodField(help_text="本次提交审核的各级及审核人")
    sent_back = serializers.SerializerMethodField(
        help_text="退回修改的记录与意见（仅起草单位、选任联工委、督办人员可见）"
    )

    class Meta:
        model = Reply
        fields = [
            "id",
            "round",
            "unit",
            "category",
            "stage",
            "levels_passed",
            "review_chain",
            "sent_back",
            "body",
            "letter",
            "letter_name",
            "sent_at",
            "evaluations",
        ]

    @extend_schema_field(ReviewLevelSerializer(many=True))
    def get_review_chain(self, reply):
        return ReviewLevelSerializer(review.rows(reply), many=True).data

    @extend_schema_field(SentBackSerializer(many=True))
    def get_sent_back(self, reply):
        request = self.context.get("request")
        if not access.reads_review_notes(request and request.user, reply):
            return []
        return SentBackSerializer(review.returns(reply), many=True).data

    @extend_schema_field(DOWNLOAD_URL)  # null until the signed letter is uploaded
    def get_letter(self, reply) -> str | None:
        return _download(self, "letter", reply.pk) if reply.letter else None


def _download(serializer, kind, pk) -> str:
    path = downloads.url(kind, pk)
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class ReassignmentRequestSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="assignment.unit.short_name", read_only=True)
    suggested_unit = serializers.CharField(
        source="suggested_unit.short_name", default=None, allow_null=True, read_only=True
    )
    new_unit = serializers.CharField(source="new_unit.short_name", default=None, allow_null=True, read_only=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)

    class Meta:
        model = ReassignmentRequest
        fields = [
            "id",
            "unit",
            "reason",
            "suggested_unit",
            "requested_at",
            "decision",
            "decision_display",
            "decision_note",
            "new_unit",
            "decided_at",
        ]


class RecordSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.short_name")
    attachment = serializers.SerializerMethodField(help_text="附件的下载地址（web/downloads.py）")

    class Meta:
        model = HandlingRecord
        fields = [
            "id",
            "unit",
            "kind",
            "channel",
            "happened_on",
            "summary",
            "attachment",
            "attachment_name",
            "created_at",
        ]

    @extend_schema_field(DOWNLOAD_URL)  # null when nothing was attached
    def get_attachment(self, record) -> str | None:
        return _download(self, "record", record.pk) if record.attachment else None


class SuggestionDetailSerializer(SuggestionListSerializer):
    deputies = DeputyLinkSerializer(source="deputy_links", many=True)
    assignments = AssignmentSerializer(many=True)
    due_dates = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()
    records = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    not_suggestion_reason_display = serializers.CharField(source="get_not_suggestion_reason_display", read_only=True)
    reassignment_requests = serializers.SerializerMethodField()
    handoffs = serializers.SerializerMethodField(
        help_text="单位内部分工（处室、责任人、内部办理期限）：仅本单位、选任联工委和督办人员可见"
    )

    class Meta(SuggestionListSerializer.Meta):
        fields = [
            *SuggestionListSerializer.Meta.fields,
            "body",
            "formed_by",
            "disclosure",
            "merged_into",
            "not_suggestion_reason",
            "not_suggestion_reason_display",
            "reply_round",
            "version",
            "deputies",
            "assignments",
            "due_dates",
            "events",
            "replies",
            "records",
            "reassignment_requests",
            "handoffs",
            "available_actions",
        ]

    def get_due_dates(self, s) -> list[dict]:
        qs = Deadline.objects.filter(suggestion=s).select_related("assignment__unit")
        qs = qs.with_state(timezone.localdate(), Policy.current().due_soon_days)
        return DeadlineSerializer(qs, many=True).data

    @extend_schema_field(ReassignmentRequestSerializer(many=True))
    def get_reassignment_requests(self, s):
        qs = ReassignmentRequest.objects.filter(assignment__suggestion=s).select_related(
            "assignment__unit", "suggested_unit", "new_unit"
        )
        return ReassignmentRequestSerializer(qs, many=True).data

    @extend_schema_field(HandoffSerializer(many=True))
    def get_handoffs(self, s):
        return HandoffSerializer(unit_queries.for_suggestion(self.context["request"].user, s), many=True).data

    def _handling(self, s) -> access.Handling:
        """What this user may read inside the handling: the same rule as the suggestion's page."""
        cache = self.context.setdefault("_handling", {})
        if s.pk not in cache:
            cache[s.pk] = access.handling_for(self.context["request"].user, s)
        return cache[s.pk]

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, s):
        return EventSerializer(self._handling(s).events, many=True, context=self.context).data

    @extend_schema_field(RecordSerializer(many=True))
    def get_records(self, s):
        return RecordSerializer(self._handling(s).records, many=True, context=self.context).data

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, s):
        qs = self._handling(s).replies.prefetch_related("evaluations__deputy", "signoffs__actor")
        return ReplySerializer(qs, many=True, context=self.context).data

    def get_available_actions(self, s) -> list[dict]:
        ctx = context_for(self.context["request"].user, s)
        return [{"name": tr.name, "label": tr.label, "blocked_reason": reason} for tr, reason in available(ctx)]


STATUS_CHOICES = Status.choices
