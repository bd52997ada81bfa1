"""Public API: the published catalogue, readable without logging in (no personal data)."""

from django.shortcuts import get_object_or_404
from django.urls import include, path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from accounts.ratelimit import SearchThrottle
from evaluations.models import Nomination, Round
from jianyi.params import get_int
from stats.api import FigureSerializer
from suggestions.models import Assignment, SuggestionDeputy

from . import catalogue
from .views import RESULT_FIGURES, unit_results


class PublicSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="display_number")
    session = serializers.CharField(source="session.name")
    title = serializers.CharField(source="public_title")
    lead_deputy = serializers.CharField(source="lead_deputy.name")
    delegation = serializers.CharField(source="lead_deputy.delegation.name")
    cosigners = serializers.SerializerMethodField()
    field = serializers.CharField(source="field.name", default="")
    lead_units = serializers.SerializerMethodField()
    co_units = serializers.SerializerMethodField()
    closed = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()

    def get_cosigners(self, s) -> list[str]:
        return [d.deputy.name for d in s.public_deputies if d.role == SuggestionDeputy.Role.COSIGNER]

    def get_lead_units(self, s) -> list[str]:
        return [a.unit.name for a in s.public_units if a.role == Assignment.Role.LEAD]

    def get_co_units(self, s) -> list[str]:
        return [a.unit.name for a in s.public_units if a.role == Assignment.Role.CO]

    def get_closed(self, s) -> bool:
        return s.status == "closed"

    def get_reply(self, s) -> dict | None:
        pub = catalogue.shown_publication(s)
        if pub is None:
            return None
        return {
            "category": pub.category.name if pub.category else "",
            "full_text": pub.full_text,
            "unit": pub.reply_unit.name if pub.reply_unit else "",
            "suggestion_text": pub.body if pub.full_text else None,
            "reply_text": pub.reply_body if pub.full_text else None,
            "published_at": pub.decided_at,
        }


@extend_schema(
    parameters=[
        OpenApiParameter("session", int, description="会次"),
        OpenApiParameter("field", int, description="领域"),
        OpenApiParameter("unit", int, description="承办单位"),
        OpenApiParameter("q", str, description="关键词（标题及已公开文本）"),
    ]
)
class PublicSuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """已公开的建议目录与答复 (anyone may read)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [SearchThrottle]
    serializer_class = PublicSuggestionSerializer

    def get_queryset(self):
        p = self.request.query_params

        session_id = get_int(p, "session")
        session = catalogue.published_sessions().filter(pk=session_id).first() if session_id else None
        qs = catalogue.entries(
            session, field=get_int(p, "field"), unit=get_int(p, "unit"), q=p.get("q", "").strip()[:50]
        )
        return qs.filter(session__catalogue_published=True)


class PublicUnitResultSerializer(serializers.Serializer):
    unit = serializers.CharField()
    lead_count = serializers.IntegerField()

    def get_fields(self):
        return {**super().get_fields(), **{key: FigureSerializer() for key in RESULT_FIGURES}}


class PublicResultsSerializer(serializers.Serializer):
    session = serializers.CharField()
    units = PublicUnitResultSerializer(many=True)
    total = PublicUnitResultSerializer()


class AwardedUnitSerializer(serializers.Serializer):
    unit = serializers.CharField()
    score = serializers.FloatField()


class AwardedSuggestionSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    lead_deputy = serializers.CharField()
    score = serializers.FloatField()


class PublicAwardSerializer(serializers.Serializer):
    name = serializers.CharField()
    session = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    units = AwardedUnitSerializer(many=True)
    suggestions = AwardedSuggestionSerializer(many=True)


class PublicResultsView(APIView):
    """承办单位办理结果 of a session whose catalogue is published (rates with 95% intervals)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: PublicResultsSerializer})
    def get(self, request, pk):
        session = get_object_or_404(catalogue.published_sessions(), pk=pk)
        rows, total = unit_results(session)

        def row(r):
            return {"unit": r.label, "lead_count": r.total, **{k: r[k].as_dict() for k in RESULT_FIGURES}}

        return Response({"session": session.name, "units": [row(r) for r in rows], "total": row(total)})


class PublicAwardsView(APIView):
    """Published evaluation results (优秀建议、先进承办单位)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: PublicAwardSerializer(many=True)})
    def get(self, request):
        out = []
        for rnd in Round.objects.filter(state=Round.State.PUBLISHED).select_related("session"):
            winners = Nomination.objects.filter(round=rnd, awarded=True).select_related(
                "suggestion__lead_deputy", "unit"
            )
            out.append(
                {
                    "name": rnd.name,
                    "session": rnd.session.name,
                    "published_at": rnd.published_at,
                    "units": [{"unit": n.unit.name, "score": n.score} for n in winners if n.unit_id],
                    "suggestions": [
                        {
                            "number": n.suggestion.display_number,
                            "title": n.suggestion.public_title,
                            "lead_deputy": n.suggestion.lead_deputy.name,
                            "score": n.score,
                        }
                        for n in winners
                        if n.suggestion_id
                    ],
                }
            )
        return Response(out)


router = SimpleRouter()
router.register("public/suggestions", PublicSuggestionViewSet, basename="public-suggestion")
urlpatterns = [
    path("public/sessions/<int:pk>/results/", PublicResultsView.as_view(), name="public-results"),
    path("public/awards/", PublicAwardsView.as_view(), name="public-awards"),
    path("", include(router.urls)),
]
