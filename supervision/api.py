"""API v1 of supervision, included from api/urls.py. Steps go through /suggestions/{id}/actions/{step}/."""

from collections.abc import Mapping

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from congress.models import Policy
from jianyi.params import to_ids
from suggestions.models import Deadline
from web import downloads

from . import actions, figures, filing, notify
from .models import (
    Commitment,
    Filing,
    Inspection,
    KeySupervision,
    LookBack,
    Notification,
    Reminder,
    ReviewOpinion,
    TaskAnswer,
    recipient_names,
)
from .views import STAFF, _deadlines_for

# --- Serializers -------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "title", "body", "suggestion", "created_at", "read_at"]


class DeadlineSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = serializers.CharField(source="assignment.unit.short_name", default=None, allow_null=True, read_only=True)
    suggestion_number = serializers.CharField(source="suggestion.display_number", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "suggestion",
            "suggestion_number",
            "kind",
            "kind_display",
            "unit",
            "start_date",
            "due_date",
            "state",
            "explanation",
        ]


class ReminderListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        data = list(data.all() if hasattr(data, "all") else data)
        recipient_names(data)  # a page's recipients in one query
        return super().to_representation(data)


class ReminderSerializer(serializers.ModelSerializer):
    recipients = serializers.ListField(child=serializers.CharField(), source="names", read_only=True)

    class Meta:
        model = Reminder
        fields = ["id", "suggestion", "deadline", "kind", "recipients", "message", "created_at"]
        list_serializer_class = ReminderListSerializer


class KeySupervisionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="suggestion.display_number", read_only=True)
    title = serializers.CharField(source="suggestion.title", read_only=True)
    status = serializers.CharField(source="suggestion.status", read_only=True)

    class Meta:
        model = KeySupervision
        fields = ["id", "suggestion", "number", "title", "status", "year", "leader", "committee", "note"]


class CommitmentSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.short_name", read_only=True)
    category = serializers.CharField(source="suggestion.category.code", default=None, allow_null=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "suggestion",
            "category",
            "unit",
            "term",
            "what",
            "due_date",
            "responsible",
            "status",
            "done_at",
            "closed_out_at",
            "carried_from",
            "progress",
        ]

    def get_progress(self, c) -> list[dict]:
        return [{"note": p.note, "done": p.done, "reported_at": p.reported_at} for p in c.progress.all()]


class LookBackSerializer(serializers.ModelSerializer):
    passed = serializers.BooleanField(read_only=True)

    class Meta:
        model = LookBack
        fields = [
            "id",
            "unit",
            "year",
            "ledger_kept",
            "promises_done",
            "follow_up_continuous",
            "second_reply_given",
            "note",
            "passed",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]
        validators = []  # recording the same unit and year again updates it


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "title", "visited_on", "units", "body", "due_date", "created_at"]
        read_only_fields = ["created_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="不填：全部标为已读"
    )


class FourChecksSerializer(serializers.Serializer):
    """One lead unit's row of the four 100% checks: counts and shares (0–100)."""

    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    total = serializers.IntegerField()
    all_met = serializers.BooleanField()

    def get_fields(self):
        fields = super().get_fields()
        for key in figures.CHECKS:
            fields[key] = serializers.IntegerField()
            fields[f"{key}_rate"] = serializers.FloatField()
        return fields


class ReviewOpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewOpinion
        fields = ["id", "title", "meeting", "units", "body", "due_date", "created_at"]
        read_only_fields = ["created_at"]


class TaskAnswerSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.short_name", read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = TaskAnswer
        fields = ["id", "unit", "body", "answered_at", "late", "files"]

    def get_files(self, answer) -> list[dict]:
        return [{"name": f.name, "url": downloads.url("task-file", f.pk)} for f in answer.files.all()]


class TaskAnswerInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000, help_text="落实情况（附件请在网页上传）")


# --- Views -------------------------------------------------------------------------------------


def _require(user, *roles):
    if user.role not in roles and not user.is_superuser:
        raise PermissionDenied("您无权进行此操作")


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My inbox. `unread_count` and `read` (all, or `ids`)."""

    queryset = Notification.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        qs = Notification.objects.filter(recipient=self.request.user)
        return qs.unread() if self.request.query_params.get("unread") else qs

    @extend_schema(responses={200: inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})})
    @action(detail=False, methods=["get"], filterset_fields=[], pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": notify.unread_count(request.user)})

    @extend_schema(
        request=MarkReadSerializer,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], filterset_fields=[], pagination_class=None)
    def read(self, request):
        ids = request.data.get("ids") if isinstance(request.data, Mapping) else None
        ids = None if ids is None else to_ids(ids, strict=True, label="ids")
        return Response({"marked": notify.mark_read(request.user, ids)})


class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open deadlines I am concerned with, each on_time / due_soon / overdue (filter with ?state=)."""

    queryset = Deadline.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = DeadlineSerializer

    def get_queryset(self):
        user = self.request.user
        if not (user.is_unit_staff or user.role in STAFF):
            raise PermissionDenied("您无权查看办理期限")
        qs = _deadlines_for(user).with_state(timezone.localdate(), Policy.current().due_soon_days)
        if state := self.request.query_params.get("state"):
            qs = qs.filter(state=state)
        return qs.select_related("suggestion", "assignment__unit").order_by("due_date", "id")


class ReminderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Reminder.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = ReminderSerializer
    filterset_fields = ["suggestion", "kind"]

    def get_queryset(self):
        user = self.request.user
        return Reminder.objects.all() if user.role in STAFF else Reminder.objects.to(user)


class KeySupervisionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = KeySupervision.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = KeySupervisionSerializer
    filterset_fields = ["year"]

    def get_queryset(self):
        _require(self.request.user, *STAFF)
        return KeySupervision.objects.select_related("suggestion")


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Commitment.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = CommitmentSerializer
    filterset_fields = ["suggestion", "unit", "status", "term"]

    def get_queryset(self):
        user = self.request.user
        qs = Commitment.objects.current().select_related("unit", "suggestion__category").prefetch_related("progress")
        if user.is_unit_staff:
            return qs.filter(unit_id=user.unit_id)
        _require(user, *STAFF)
        return qs


class LookBackViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = LookBack.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = LookBackSerializer
    filterset_fields = ["unit", "year"]

    def get_queryset(self):
        user = self.request.user
        qs = LookBack.objects.all()
        if user.is_unit_staff:
            return qs.filter(unit_id=user.unit_id)
        _require(user, *STAFF)
        return qs

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        lookback = actions.record_lookback(actor=request.user, **incoming.validated_data)
        return Response(self.get_serializer(lookback).data, status=status.HTTP_201_CREATED)


class FilingSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.name", read_only=True)
    unit = serializers.CharField(source="unit.short_name", read_only=True)
    round = serializers.IntegerField(source="reply.round", read_only=True)

    class Meta:
        model = Filing
        fields = ["id", "suggestion", "round", "unit", "body", "filed_at", "acknowledged_at", "note"]


class FilingViewSet(viewsets.ReadOnlyModelViewSet):
    """备案: the filings of the user's bodies (a unit: its own). Acknowledge with the `acknowledge_filing` step."""

    queryset = Filing.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = FilingSerializer
    filterset_fields = ["suggestion"]

    def get_queryset(self):
        user = self.request.user
        if not user.is_unit_staff:
            _require(user, *STAFF)
        return filing.filings_for(user).order_by("-filed_at", "id")


class UnitTaskViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    record = None

    def get_queryset(self):
        user = self.request.user
        qs = self.serializer_class.Meta.model.objects.prefetch_related("units")
        if user.is_unit_staff:
            return qs.filter(units=user.unit_id)
        _require(user, *STAFF)
        return qs

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        task = type(self).record(actor=request.user, **incoming.validated_data)
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: TaskAnswerSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        """The units' answers (办理反馈): the office and supervisors read all, a unit its own."""
        task = self.get_object()
        qs = TaskAnswer.objects.filter(**{task.kind: task}).select_related("unit").prefetch_related("files")
        if request.user.is_unit_staff:
            qs = qs.filter(unit_id=request.user.unit_id)
        return Response(TaskAnswerSerializer(qs, many=True).data)

    @extend_schema(request=TaskAnswerInputSerializer, responses={201: TaskAnswerSerializer})
    @answers.mapping.post
    def answer(self, request, pk=None):
        """A unit answers, once; after the due date the answer is marked late."""
        task = self.get_object()
        incoming = TaskAnswerInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        answer = actions.answer_task(task, actor=request.user, body=incoming.validated_data["body"])
        return Response(TaskAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


class InspectionViewSet(UnitTaskViewSet):
    queryset = Inspection.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = InspectionSerializer
    record = staticmethod(actions.record_inspection)


class ReviewOpinionViewSet(UnitTaskViewSet):
    queryset = ReviewOpinion.objects.none()  # for the schema; get_queryset decides per user
    serializer_class = ReviewOpinionSerializer
    record = staticmethod(actions.record_review_opinion)


class FourChecksViewSet(viewsets.ViewSet):
    """四个百分之百: rates per lead unit."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: FourChecksSerializer(many=True)})
    def list(self, request):
        _require(request.user, *STAFF)
        return Response(figures.unit_rates())


router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("key-supervision", KeySupervisionViewSet, basename="key-supervision")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("lookbacks", LookBackViewSet, basename="lookback")
router.register("filings", FilingViewSet, basename="filing")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("review-opinions", ReviewOpinionViewSet, basename="review-opinion")
router.register("four-checks", FourChecksViewSet, basename="four-checks")

urlpatterns = router.urls
