"""The public site (/public/): no login, only what has been published, no personal data."""

import json
from itertools import chain

from django.db.models import Count
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.ratelimit import limit
from congress.models import Field, Unit
from jianyi.params import get_int
from stats import cells, figures
from suggestions import access
from web.downloads import attachment
from web.paging import CappedPaginator

from . import catalogue
from .models import Publication

PER_PAGE = 30
RESULT_FIGURES = ["closed", "satisfaction", "solved_ab", "on_time"]


def _session(pk):
    return get_object_or_404(catalogue.published_sessions(), pk=pk)


def home(request):
    sessions = catalogue.published_sessions().annotate(n=Count("suggestions")).order_by("-start_date")
    counts = dict(access.public().values("session").annotate(n=Count("pk")).values_list("session", "n").order_by())
    replies = dict(
        access.public()
        .filter(publication__state=Publication.State.PUBLISHED)
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
        .order_by()
    )
    rows = [{"session": s, "count": counts.get(s.pk, 0), "replies": replies.get(s.pk, 0)} for s in sessions]
    return render(request, "disclosure/public/home.html", {"rows": rows})


@limit("search", "RATELIMIT_SEARCH", methods=("GET",))
def session_catalogue(request, pk):
    session = _session(pk)
    field, unit, q = (
        get_int(request.GET, "field"),
        get_int(request.GET, "unit"),
        request.GET.get("q", "").strip()[:50],
    )
    entries = catalogue.entries(session, field=field, unit=unit, q=q)
    page = CappedPaginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    units = Unit.objects.filter(
        assignments__suggestion__in=access.public().filter(session=session), assignments__is_active=True
    )
    params = request.GET.copy()
    params.pop("page", None)
    ctx = {
        "session": session,
        "page": page,
        "fields": Field.objects.filter(is_active=True),
        "units": units.distinct().order_by("kind", "id"),
        "field": field,
        "unit": unit,
        "q": q,
        "query": params.urlencode(),
        "filtered": bool(field or unit or q),
    }
    template = "disclosure/public/_rows.html" if request.htmx else "disclosure/public/catalogue.html"
    return render(request, template, ctx)


def suggestion(request, pk):
    qs = catalogue.entries()
    s = qs.filter(pk=pk).first()
    if s is None:
        raise Http404("没有找到该建议，或该建议尚未公开")
    return render(
        request,
        "disclosure/public/suggestion.html",
        {
            "s": s,
            "pub": catalogue.shown_publication(s),
            "withheld": getattr(s, "publication", None) is not None
            and s.publication.state == Publication.State.WITHHELD,
            **_split(s),
        },
    )


def _split(s):
    # Deputies whose own suggestions were merged into this one did not co-sign it: 并案代表, not 联名代表.
    return {
        "lead_deputies": [d for d in s.public_deputies if d.role == "lead"],
        "other_deputies": [d for d in s.public_deputies if d.role == "cosigner"],
        "merged_deputies": [d for d in s.public_deputies if d.role == "merged"],
        "lead_units": [a.unit for a in s.public_units if a.role == "lead"],
        "co_units": [a.unit for a in s.public_units if a.role == "co"],
    }


def unit_results(session):
    """Per-unit figures over the published catalogue, from stats.figures (lead unit answers)."""
    rows = figures.table("unit", access.public(), session=session)
    return [r for r in rows if r.key is not None], figures.summary(access.public(), session=session)


def results(request, pk):
    session = _session(pk)
    rows, total = unit_results(session)
    labels = [figures.DEFINITIONS[k].label for k in RESULT_FIGURES]
    return render(
        request,
        "disclosure/public/results.html",
        {"session": session, "rows": rows, "total": total, "keys": RESULT_FIGURES, "labels": labels},
    )


def _open_data(session):
    records = list(catalogue.records(catalogue.entries(session)))
    return records, _open_data_units(session)


def _open_data_units(session) -> list[dict]:
    rows, total = unit_results(session)
    return [
        {
            "承办单位": r.label,
            "主办件数": r.total,
            **{
                figures.DEFINITIONS[k].label: (round(r[k].rate, 4) if r[k].rate is not None else None)
                for k in RESULT_FIGURES
            },
        }
        for r in rows
    ]


def _csv_stream(rows):
    """CSV of records (dicts with the same keys), the keys as its header; only a BOM if none."""
    first = next(rows, None)
    if first is None:
        yield "\ufeff"
        return
    yield from cells.csv_blocks(list(first), (r.values() for r in chain([first], rows)))


def open_data_csv(request, pk, what):
    if what not in ("catalogue", "results"):
        raise Http404("没有这项数据")
    session = _session(pk)
    if what == "catalogue":
        # Streamed from a server-side cursor: a 10,000-suggestion session's rows never sit in memory.
        rows = catalogue.records(catalogue.entries(session))
    else:
        rows = iter(_open_data_units(session))
    response = StreamingHttpResponse(_csv_stream(rows), content_type="text/csv; charset=utf-8")
    name = "代表建议目录" if what == "catalogue" else "承办单位办理结果"
    return attachment(response, f"{session.name}{name}.csv")


def open_data_json(request, pk):
    session = _session(pk)
    records, units = _open_data(session)
    body = {"会次": session.name, "建议目录": records, "承办单位办理结果": units}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    return attachment(response, f"{session.name}代表建议公开数据.json")


def open_data(request):
    return render(request, "disclosure/public/open_data.html", {"sessions": catalogue.published_sessions()})
