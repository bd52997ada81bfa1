import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assist import search_index
from jianyi.params import MAX_INT
from suggestions.models import Assignment, Deadline, Status, Suggestion


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number that fits the database's integer (a decimal or 2**64 is refused, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_INT, **kwargs)


class SuggestionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    delegation = IdFilter(field_name="lead_deputy__delegation")
    unit = IdFilter(method="filter_unit", label="承办单位")
    category = django_filters.CharFilter(field_name="category__code")
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期")

    class Meta:
        model = Suggestion
        fields = [
            "status",
            "session",
            "period",
            "field",
            "delegation",
            "unit",
            "category",
            "rating",
            "is_complex",
            "lead_deputy",
        ]

    def filter_unit(self, qs, name, value):
        return qs.filter(Exists(Assignment.objects.filter(suggestion=OuterRef("pk"), unit=value, is_active=True)))

    def filter_overdue(self, qs, name, value):
        # The rating window is the deputy's, not a handling deadline.
        late = Deadline.objects.overdue(timezone.localdate()).filter(suggestion=OuterRef("pk")).exclude(kind="rating")
        return qs.filter(Exists(late)) if value else qs.exclude(Exists(late))

    def filter_q(self, qs, name, value):
        # Chinese full-text search (jieba + the database's index), ranked; `qs` is already what the
        # user may see, so the search only narrows it.
        return search_index.search(qs, value)
