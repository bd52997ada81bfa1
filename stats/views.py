"""Dashboard, drill-down lists, exports and documents. Thin: figures come from stats.figures."""

from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from congress.models import Delegation, Deputy, Field, Session, Term, Unit
from suggestions import access
from suggestions.models import Period, Rating, Status
from web.downloads import attachment

from . import documents, figures, jobs
from .models import ExportJob

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADLINE = ["closed", "satisfaction", "satisfied", "basic", "solved_a", "solved_ab", "on_time", "contact", "b_to_a"]
HEADLINE += ["filed", "filing_ack"]
COLUMNS = ["closed", "satisfaction", "solved_a", "solved_ab", "on_time", "contact", "filed", "unsatisfied", "overdue"]
TREND_KEYS = ["closed", "satisfaction", "solved_ab", "on_time"]
TREND_ROWS = 10  # the dashboard's table of sessions: the most recent ones (the trend page has all)
RANKABLE = [d for d in figures.RATES if d.key in COLUMNS + ["satisfied", "b_to_a"]]


def staff_only(view):
    """The office, supervisors and leaders (superusers) see the figures of every unit."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.role in (Role.OFFICE, Role.SUPERVISOR)):
            raise PermissionDenied("只有选任联工委和督办人员可以查看统计")
        return view(request, *args, **kwargs)

    return wrapped


def drill_url(key: str, part: str, filters: dict) -> str:
    """The list of suggestions behind a number (the same conditions the figure counted)."""
    return _drill(key, part, urlencode(filters))


@lru_cache(maxsize=1024)
def _figure_part(key: str, part: str) -> str:
    return urlencode({"figure": key, "part": part})


def _drill(key: str, part: str, encoded_filters: str) -> str:
    query = _figure_part(key, part)
    return f"/stats/suggestions/?{query}&{encoded_filters}" if encoded_filters else f"/stats/suggestions/?{query}"


def _cells(row: figures.Row, filters: dict, keys=COLUMNS) -> list[dict]:
    encoded = urlencode(filters)
    return [
        {"fig": row[k], "num_url": _drill(k, "numerator", encoded), "den_url": _drill(k, "denominator", encoded)}
        for k in keys
    ]


def _group_rows(group: str, filters: dict, rows: list[figures.Row]) -> list[dict]:
    """A table's rows: each figure of COLUMNS with its two drill-down links, as (figure, numerator
    url, denominator url) for the `figure_cells` tag (a dashboard has some 1,000 cells)."""
    out = []
    for r in rows:
        if r.key is None:
            continue
        f = {**filters, group: r.key}
        encoded = urlencode(f)  # once per row
        cells = [(r[k], _drill(k, "numerator", encoded), _drill(k, "denominator", encoded)) for k in COLUMNS]
        out.append({"row": r, "filters": f, "cells": cells, "all_url": _drill("stage:all", "", encoded)})
    return out


def _chart(rows: list[figures.Row], keys: list[str]) -> dict:
    return {
        "labels": [r.label for r in rows],
        "series": {
            k: {
                "label": figures.DEFINITIONS[k].label,
                "rate": [None if r[k].rate is None else round(r[k].rate * 100, 1) for r in rows],
                "low": [None if r[k].low is None else round(r[k].low * 100, 1) for r in rows],
                "high": [None if r[k].high is None else round(r[k].high * 100, 1) for r in rows],
            }
            for k in keys
        },
    }


def default_scope(params) -> dict:
    """The dashboard opens on the latest session held; `?session=` (全部) asks for every session."""
    filters = figures.filters_from(params)
    if "session" not in params and "term" not in params:
        today = timezone.localdate()
        latest = Session.objects.filter(start_date__lte=today).order_by("-start_date").first()
        latest = latest or Session.objects.order_by("start_date").first()
        if latest is not None:
            filters["session"] = latest.pk
    return filters


@staff_only
def dashboard(request):
    filters = default_scope(request.GET)
    rank = request.GET.get("rank") if request.GET.get("rank") in {d.key for d in RANKABLE} else "satisfaction"
    total, tables = figures.overview(["unit", "field", "delegation"], **filters)
    units = figures.league([r for r in tables["unit"] if r.key is not None], rank)
    fields, delegations = tables["field"], tables["delegation"]
    trend_filters = {k: v for k, v in filters.items() if k != "session"}
    trend = [r for r in reversed(figures.table("session", **trend_filters)) if r.key is not None]
    charts = {
        "units": _chart(units[:30], [rank]),
        "fields": _chart([r for r in fields if r.key is not None], ["closed", "satisfaction", "solved_ab"]),
        "trend": _chart(trend, TREND_KEYS),
        "stages": [
            {"name": label, "value": total.stages[value]}
            for value, label in figures.Status.choices
            if value in total.stages
        ],
    }
    context = {
        "filters": filters,
        "rank": rank,
        "rankable": RANKABLE,
        "columns": [figures.DEFINITIONS[k] for k in COLUMNS],
        "total": total,
        "headline": _cells(total, filters, HEADLINE),
        "reminders_url": drill_url("reminders", "numerator", filters),
        "stages": [
            (label, total.stages[value], drill_url(f"stage:{value}", "", filters))
            for value, label in figures.Status.choices
            if value in total.stages
        ],
        "units": _group_rows("unit", filters, units),
        "fields": _group_rows("field", filters, fields),
        "delegations": _group_rows("delegation", filters, delegations),
        # The table shows the recent sessions; the chart has the whole series, and every session's
        # row is one click away on the trend page (the same rows, the same figures).
        "sessions": _group_rows("session", trend_filters, trend[-TREND_ROWS:]),
        "sessions_total": len(trend),
        "trend_query": urlencode(trend_filters),
        "charts": charts,
        "choices": {
            "session": list(Session.objects.values_list("pk", "name")),
            "term": list(Term.objects.values_list("pk", "name")),
            "unit": list(Unit.objects.filter(is_active=True).values_list("pk", "short_name")),
            "field": list(Field.objects.filter(is_active=True).values_list("pk", "name")),
            "delegation": list(Delegation.objects.values_list("pk", "name")),
        },
        "query": urlencode(filters),
        "definitions": figures.RATES + figures.COUNTS,
    }
    return render(request, "stats/dashboard.html", context)


@staff_only
def trend(request):
    """历次会议: every session's row of figures (the dashboard's table shows the recent ones)."""
    filters = {k: v for k, v in figures.filters_from(request.GET).items() if k != "session"}
    trend = [r for r in reversed(figures.table("session", **filters)) if r.key is not None]
    context = {
        "filters": filters,
        "columns": [figures.DEFINITIONS[k] for k in COLUMNS],
        "sessions": _group_rows("session", filters, trend),
        "scope": describe_filters(list(filters.items())),
        "query": urlencode(filters),
    }
    return render(request, "stats/trend.html", context)


@staff_only
def suggestion_list(request):
    filters = figures.filters_from(request.GET)
    key = request.GET.get("figure", "stage:all")
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    visible = access.visible_to(request.user)
    if key == "stage:all":
        qs, title = figures.scope(visible, **filters), "全部建议"
    elif key.startswith("stage:") and key[6:] in figures.Status.values:
        qs, title = figures.members(key, qs=visible, **filters), figures.Status(key[6:]).label
    elif key in figures.DEFINITIONS:
        d = figures.DEFINITIONS[key]
        qs = figures.members(key, part, visible, **filters)
        title = f"{d.label}：{d.denominator_label if part == 'denominator' else d.numerator_label}"
    else:
        raise Http404("没有这个统计指标")
    qs = qs.for_list().order_by("session", "period", "number", "pk")
    count = qs.count()
    # The API and the office's list share api/filters.py names; `unit` there is any active unit.
    api_filters = {k: v for k, v in filters.items() if k in ("session", "field", "delegation", "unit")}
    context = {
        "title": title,
        "count": count,
        "rows": qs[:500],
        "filters": filters,
        "office_url": "/office/suggestions/?" + urlencode(api_filters),
        "api_url": "/api/v1/suggestions/?" + urlencode(api_filters),
        "export_query": urlencode(api_filters),
    }
    return render(request, "stats/suggestion_list.html", context)


# --- Exports --------------------------------------------------------------------------------------


def _params(request, kind: str) -> dict:
    if kind == ExportJob.Kind.FILTERED:
        data = request.POST if request.method == "POST" else request.GET
        return {k: data.getlist(k) for k in sorted(data) if k not in ("kind", "csrfmiddlewaretoken") and data.get(k)}
    return figures.filters_from(request.POST if request.method == "POST" else request.GET)


FILTER_LABELS = {
    "status": ("状态", lambda v: Status(v).label),
    "session": ("会次", lambda v: Session.objects.get(pk=v).name),
    "term": ("届次", lambda v: Term.objects.get(pk=v).name),
    "period": ("提出时间", lambda v: Period(v).label),
    "field": ("领域", lambda v: Field.objects.get(pk=v).name),
    "delegation": ("代表团", lambda v: Delegation.objects.get(pk=v).name),
    "unit": ("承办单位", lambda v: Unit.objects.get(pk=v).name),
    "lead_deputy": ("领衔代表", lambda v: Deputy.objects.get(pk=v).name),
    "category": ("答复类别", lambda v: f"{v}类"),
    "rating": ("评价", lambda v: Rating(v).label),
    "is_complex": ("复杂建议", lambda v: "是" if v in ("true", "True", "1") else "否"),
    "overdue": ("已逾期", lambda v: "是" if v in ("true", "True", "1") else "否"),
    "q": ("关键词", lambda v: f"“{v}”"),
}


def describe_filters(params: list[tuple[str, str]]) -> list[str]:
    """筛选条件 in words: ["承办单位：省教育厅", ...], never the API's parameter names and ids."""
    out = []
    for key, value in params:
        label, name_of = FILTER_LABELS.get(key, ("其他条件", str))
        try:
            out.append(f"{label}：{name_of(value)}")
        except (ValueError, TypeError, OverflowError, ObjectDoesNotExist):
            out.append(f"{label}：（无效）")
    return out


@staff_only
def exports(request):
    api_params = {k: v for k, v in request.GET.lists() if any(v)}
    context = {
        "filter_text": describe_filters([(k, v) for k, vs in api_params.items() for v in vs]),
        "kinds": ExportJob.Kind.choices,
        "filters": figures.filters_from(request.GET),
        "api_params": [(k, v) for k, vs in api_params.items() for v in vs],
        "recent": ExportJob.objects.filter(requested_by=request.user)[:10],
        "choices": {"session": Session.objects.all(), "unit": Unit.objects.filter(is_active=True)},
    }
    return render(request, "stats/exports.html", context)


@staff_only
@require_POST
def export_start(request):
    kind = request.POST.get("kind", "")
    if kind not in ExportJob.Kind.values:
        return HttpResponse("未知的导出类型", status=400)
    job = jobs.start(request.user, kind, _params(request, kind))
    return render(request, "stats/partials/export_job.html", {"job": job})


@staff_only
def export_status(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    return render(request, "stats/partials/export_job.html", {"job": job})


@staff_only
def export_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user, state=ExportJob.State.DONE)
    try:
        handle = open(job.path, "rb")  # noqa: SIM115 - FileResponse closes it after streaming
    except FileNotFoundError:
        raise Http404("导出文件已被清理，请重新导出") from None
    return attachment(FileResponse(handle), job.filename)


# --- Word documents -------------------------------------------------------------------------------


@login_required
def reply_letter(request, pk):
    s = access.get_for(request.user, pk)
    # A signed reply not yet sent is the drafting unit's (and the office's): the same rule as the page.
    reply = documents.latest_reply(s, access.handling_for(request.user, s).replies)
    if reply is None:
        raise Http404("该建议尚无已签发的答复")
    response = HttpResponse(documents.reply_letter(s, reply), content_type=DOCX)
    return attachment(response, f"{s.display_number}建议答复函.docx")


@staff_only
def annual_report(request):
    filters = documents.report_filters(figures.filters_from(request.GET))
    response = HttpResponse(documents.annual_report(filters), content_type=DOCX)
    return attachment(response, f"{documents.scope_name(filters)}代表建议办理情况报告.docx")
