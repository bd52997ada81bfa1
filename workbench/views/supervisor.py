"""The supervisor's view (督办): suggestions in handling, overdue first, and their progress."""

from django.shortcuts import render
from django.utils import timezone

from api.filters import SuggestionFilter
from congress.models import Field, Unit
from web.paging import CAP, capped_count

from .. import queries
from .common import paginate, query_without, supervisor_only


@supervisor_only
def overview(request):
    qs = queries.supervised(request.user)
    overdue = capped_count(qs.filter(next_due_on__lt=timezone.localdate()))
    f = SuggestionFilter(request.GET, queryset=qs)
    # Counted without the page's columns (their joins would keep the count from the index alone).
    matching = capped_count(f.qs)
    page = paginate(request, queries.supervised_rows(f.qs), upto=matching)
    # Unfiltered, the matching rows are all of them: one capped count fewer on the usual view.
    filtered = any(v for k, v in request.GET.items() if k != "page")
    total = capped_count(qs) if filtered else matching
    return render(
        request,
        "workbench/supervisor.html",
        {
            "page": page,
            "total": total if total <= CAP else f"{CAP}+",
            "overdue": overdue if overdue <= CAP else f"{CAP}+",
            "filters": request.GET,
            "query": query_without(request, "page"),
            "units": list(Unit.objects.filter(is_active=True).values_list("pk", "short_name")),
            "fields": list(Field.objects.filter(is_active=True).values_list("pk", "name")),
        },
    )
