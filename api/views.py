"""API v1: thin views over `suggestions.access` (what you may see) and `suggestions.actions` (what you do)."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from congress.models import Delegation, Deputy, Field, ReplyCategory, Session, Unit
from suggestions import access, actions
from suggestions.models import SuggestionDeputy

from . import serializers
from .filters import SuggestionFilter


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = SuggestionFilter

    def get_queryset(self):
        qs = access.visible_to(self.request.user).for_list()
        if self.action in ("retrieve", "apply_step", "create"):
            qs = qs.prefetch_related(
                Prefetch("deputy_links", SuggestionDeputy.objects.select_related("deputy__delegation")),
                "assignments__unit",
            )
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SuggestionDetailSerializer
        if self.action == "create":
            return serializers.CreateDraftSerializer
        return serializers.SuggestionListSerializer

    @extend_schema(request=serializers.CreateDraftSerializer, responses={201: serializers.SuggestionDetailSerializer})
    def create(self, request):
        """Create a draft (草稿). Only deputies may; they are its lead deputy."""
        incoming = serializers.CreateDraftSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "field" in data:
            data["field"] = data["field"].pk
        suggestion = actions.create_draft(actor=request.user, **data)
        suggestion = self.get_queryset().get(pk=suggestion.pk)
        detail = serializers.SuggestionDetailSerializer(suggestion, context=self.get_serializer_context())
        return Response(detail.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, description="操作名，见 available_actions")],
        request=None,
        responses={200: serializers.SuggestionDetailSerializer, 204: None},
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<step>[a-z_]+)")
    def apply_step(self, request, pk=None, step=None):
        """Apply one step of the lifecycle. 409: not now; 403: not you; 400: see `errors`."""
        suggestion = access.get_for(request.user, pk)
        actions.perform(suggestion, step, actor=request.user, data=request.data, files=request.FILES)
        fresh = self.get_queryset().filter(pk=suggestion.pk).first()
        if fresh is None:  # the step took the user off the suggestion (a co-signer declined)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(serializers.SuggestionDetailSerializer(fresh, context=self.get_serializer_context()).data)


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None


class UnitViewSet(ReferenceViewSet):
    queryset = Unit.objects.all()
    serializer_class = serializers.UnitSerializer
    filterset_fields = ["kind", "is_active"]


class DelegationViewSet(ReferenceViewSet):
    queryset = Delegation.objects.all()
    serializer_class = serializers.DelegationSerializer


class DeputyViewSet(ReferenceViewSet):
    queryset = Deputy.objects.select_related("delegation")
    serializer_class = serializers.DeputySerializer
    filterset_fields = ["delegation", "term"]
    pagination_class = PageNumberPagination


class SessionViewSet(ReferenceViewSet):
    queryset = Session.objects.select_related("term")
    serializer_class = serializers.SessionSerializer


class FieldViewSet(ReferenceViewSet):
    queryset = Field.objects.all()
    serializer_class = serializers.FieldSerializer


class ReplyCategoryViewSet(ReferenceViewSet):
    queryset = ReplyCategory.objects.all()
    serializer_class = serializers.ReplyCategorySerializer
