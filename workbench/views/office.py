"""The office workbench (选任联工委): review, batch assignment, reassignment requests, all suggestions.

Single-suggestion decisions go through the shared step view (`web:step`) in an htmx panel; the one
batch write is `actions.assign_many`, all or nothing.
"""

import time
from collections import defaultdict

from django.contrib import messages
from django.db.models import F
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from api.filters import SuggestionFilter
from assist.recommend import recommend_many
from assist.search_index import merge_candidates
from congress.models import Delegation, Field, ReplyCategory, Session, Unit
from jianyi.params import get_ids, get_int
from stats import cells
from suggestions import access, actions
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.forms import form_for
from suggestions.models import Period, Rating, ReassignmentRequest, Status, display_number
from suggestions.workflow import TRANSITIONS, context_for
from web.downloads import attachment, dated

from .. import queries
from ..forms import BatchAssignForm, SavedViewForm
from ..models import SavedView
from .common import office_only, paginate, query_without

REVIEW_STEPS = ["register", "return", "merge", "reject"]


def _office_page(request, template, context):
    return render(request, template, {"counts": queries.office_counts(request.user), **context})


def filter_choices() -> dict:
    """The options of the filter bar as (value, label) pairs: a handful of small reference tables,
    read as values (no model instances, no unit's duties text) for the `options` tag."""
    return {
        "sessions": list(Session.objects.values_list("pk", "name")),
        "fields": list(Field.objects.filter(is_active=True).values_list("pk", "name")),
        "delegations": list(Delegation.objects.values_list("pk", "name")),
        "units": list(Unit.objects.filter(is_active=True).values_list("pk", "short_name")),
        "categories": list(ReplyCategory.objects.filter(is_active=True).values_list("code", "name")),
        "statuses": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        "periods": Period.choices,
        "ratings": Rating.choices,
    }


@office_only
def review(request):
    qs = access.visible_to(request.user).filter(status=Status.SUBMITTED).for_list().order_by("submitted_at", "pk")
    f = SuggestionFilter(request.GET, queryset=qs)
    page = paginate(request, f.qs)
    return _office_page(
        request,
        "workbench/office_review.html",
        {
            "page": page,
            "q": request.GET.get("q", ""),
            "steps": [TRANSITIONS[n] for n in REVIEW_STEPS],
            "query": query_without(request, "page"),
            "tab": "review",
        },
    )


@office_only
def merge_panel(request, pk):
    """The merge step's form with the likely targets on top; it posts to the shared step view."""
    suggestion = access.get_for(request.user, pk)
    ctx = context_for(request.user, suggestion)
    tr = TRANSITIONS["merge"]
    try:
        actions.check(tr, ctx)
    except Conflict as exc:
        return render(request, "409.html", {"message": exc.message}, status=409)
    candidates = merge_candidates(suggestion)
    form = form_for("merge", ctx)
    if candidates:
        form.initial["into"] = candidates[0][0].pk
    return render(
        request,
        "workbench/partials/merge_panel.html",
        {"s": suggestion, "tr": tr, "form": form, "candidates": candidates, "next": reverse("workbench:review")},
    )


def _registered(request):
    qs = access.visible_to(request.user).filter(status=Status.REGISTERED).for_list()
    return SuggestionFilter(request.GET, queryset=qs.order_by("number", "pk"))


@office_only
def assign(request):
    f = _registered(request)
    if request.method == "POST":
        return _assign_post(request)
    # Fifty rows, as every list: each row carries its recommended units; a whole session is assigned
    # at once by “选中全部符合条件的”, not page by page.
    page = paginate(request, f.qs)
    rows = list(page.object_list)
    recommended = recommend_many(rows)
    return _office_page(
        request,
        "workbench/office_assign.html",
        {
            "page": page,
            "rows": [(s, recommended.get(s.pk, [])) for s in rows],
            "total": page.paginator.count,
            "form": BatchAssignForm(),
            "filters": request.GET,
            "query": query_without(request, "page"),
            "tab": "assign",
            **filter_choices(),
        },
    )


def _assign_post(request):
    """Assign the chosen suggestions in one transaction; nothing changes if one of them fails."""
    query = request.POST.get("query", "")
    back = reverse("workbench:assign") + (f"?{query}" if query else "")
    form = BatchAssignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(back)
    registered = access.visible_to(request.user).filter(status=Status.REGISTERED)
    if request.POST.get("all_matching") == "1":
        chosen = SuggestionFilter(QueryDict(query), queryset=registered).qs
    else:
        chosen = registered.filter(pk__in=get_ids(request.POST, "ids"))
    suggestions = list(chosen.select_related("session").order_by("number", "pk"))
    if not suggestions:
        messages.error(request, "请先勾选要交办的建议")
        return redirect(back)
    data = form.cleaned_data
    co_units = list(data["co_units"])
    # (lead unit, co-units of the row or None for the common ones) -> suggestions
    groups: dict[tuple[int, tuple[int, ...] | None], list] = defaultdict(list)
    if data["mode"] == "common":
        groups[(data["lead_unit"].pk, None)] = suggestions
    else:
        recommended = recommend_many(suggestions, n=3)
        missing = []
        for s in suggestions:
            unit_id = get_int(request.POST, f"lead_{s.pk}")
            if unit_id is None and recommended.get(s.pk):
                unit_id = recommended[s.pk][0].pk
            # The recommended co-units the office ticked on this row (智能交办, 协办 in one click).
            row_co = tuple(sorted(set(get_ids(request.POST, f"co_{s.pk}")) - {unit_id})) or None
            if unit_id is None:
                missing.append(s.display_number)
            else:
                groups[(unit_id, row_co)].append(s)
        if missing:
            messages.error(request, f"以下建议没有选定主办单位：{'、'.join(missing[:20])}")
            return redirect(back)
    wanted = {lead for lead, _ in groups} | {u for _, row_co in groups for u in row_co or ()}
    units = Unit.objects.filter(is_active=True).in_bulk(list(wanted))
    started = time.monotonic()
    try:
        plan = []
        for (unit_id, row_co), items in groups.items():
            lead = units.get(unit_id)
            if lead is None:
                raise InvalidInput({"lead_unit": ["所选主办单位不存在或已停用"]})
            if row_co is not None:
                co = [units[u] for u in row_co if u in units]
            else:
                co = [u for u in co_units if u.pk != lead.pk]
            plan.append((items, lead, co))
        # One batch, one write: each unit hears of it once (a digest), not once per group.
        done = len(actions.assign_groups(plan, actor=request.user, is_complex=data["is_complex"]))
    except Conflict as exc:
        messages.error(request, f"交办未完成，所有建议均未改变：{exc.message}")
        return redirect(back)
    except InvalidInput as exc:
        reasons = "；".join(m for msgs in exc.errors.values() for m in msgs)
        messages.error(request, f"交办未完成，所有建议均未改变：{reasons}")
        return redirect(back)
    except PermissionDenied as exc:
        messages.error(request, f"交办未完成，所有建议均未改变：{exc}")
        return redirect(back)
    elapsed = time.monotonic() - started
    leads = len({lead for lead, _ in groups})
    messages.success(request, f"已交办 {done} 件建议，涉及主办单位 {leads} 个（用时 {elapsed:.1f} 秒）")
    return redirect(back)


@office_only
def reassignments(request):
    show = request.GET.get("show", "pending")
    qs = ReassignmentRequest.objects.select_related(
        "assignment__unit", "assignment__suggestion", "suggested_unit", "new_unit", "requested_by", "decided_by"
    ).filter(assignment__suggestion__in=access.visible_to(request.user))
    if show == "decided":
        qs = qs.exclude(decision=ReassignmentRequest.Decision.PENDING).order_by("-decided_at")
    else:
        show = "pending"
        qs = qs.filter(decision=ReassignmentRequest.Decision.PENDING).order_by("requested_at")
    return _office_page(
        request,
        "workbench/office_reassign.html",
        {"page": paginate(request, qs), "show": show, "query": query_without(request, "page"), "tab": "reassign"},
    )


def _excel_export_url(query: str) -> str | None:
    """The statistics app's Excel export of the same view, when it is installed."""
    path = "/stats/export/suggestions.xlsx"
    try:
        resolve(path)
    except Resolver404:
        return None
    return f"{path}?{query}" if query else path


def _listed(request):
    qs = queries.listed(access.visible_to(request.user).for_list())
    return SuggestionFilter(request.GET, queryset=qs)


@office_only
def suggestions(request):
    f = _listed(request)
    page = paginate(request, f.qs)
    query = query_without(request, "page")
    return _office_page(
        request,
        "workbench/office_list.html",
        {
            "page": page,
            "filters": request.GET,
            "q": request.GET.get("q", ""),  # read per row: a plain name, not a missing QueryDict key each time
            "errors": f.errors,
            "query": query,
            "saved_views": SavedView.objects.filter(user=request.user),
            "excel_url": _excel_export_url(query),
            "tab": "all",
            **filter_choices(),
        },
    )


def _csv_name(request) -> str:
    """十四届四次会议代表建议清单-20260315.csv when the list is one session's, else 代表建议清单-...."""
    session = request.GET.get("session", "")
    name = (
        Session.objects.filter(pk=session).values_list("name", flat=True).first()
        if session.isdecimal() and len(session) <= 18
        else None
    )
    return dated(f"{name or ''}代表建议清单", "csv")


CSV_HEADER = ["编号", "标题", "领衔代表", "代表团", "领域", "状态", "主办单位", "答复类别", "评价", "最近期限"]
_CSV_FIELDS = ["number", "period", "title", "lead_deputy__name", "lead_deputy__delegation__name", "field__name"]
_CSV_FIELDS += ["status", "lead_unit__short_name", "category__name", "rating", "next_due"]


def _csv_rows(qs):
    """The list's rows as plain tuples from a server-side cursor on PostgreSQL: no model instances."""
    statuses, ratings = dict(Status.choices), dict(Rating.choices)
    for row in qs.values_list(*_CSV_FIELDS).iterator(chunk_size=2000):
        number, period, title, deputy, delegation, field, status, lead, category, rating, due = row
        yield [
            display_number(number, period),
            title,
            deputy,
            delegation,
            field or "",
            statuses.get(status, status),
            lead or "",
            category or "",
            ratings.get(rating, rating),
            due.isoformat() if due else "",
        ]


@office_only
def export_csv(request):
    """The filtered list as CSV, streamed row by row (memory stays flat at any size)."""
    rows = _csv_rows(_listed(request).qs)
    response = StreamingHttpResponse(cells.csv_blocks(CSV_HEADER, rows), content_type="text/csv; charset=utf-8")
    return attachment(response, _csv_name(request))


@office_only
@require_POST
def save_view(request):
    form = SavedViewForm(request.POST)
    if form.is_valid():
        SavedView.objects.update_or_create(
            user=request.user, name=form.cleaned_data["name"], defaults={"query": form.cleaned_data["query"]}
        )
        messages.success(request, f"已保存常用筛选“{form.cleaned_data['name']}”")
    else:
        messages.error(request, "请填写筛选名称（不超过50字）")
    query = request.POST.get("query", "")
    return redirect(reverse("workbench:suggestions") + (f"?{query}" if query else ""))


@office_only
@require_POST
def delete_view(request, pk):
    view = get_object_or_404(SavedView, pk=pk, user=request.user)
    view.delete()
    messages.success(request, f"已删除常用筛选“{view.name}”")
    return redirect("workbench:suggestions")


# --- Batch steps and the print view ----------------------------------------------------------------

BATCH_REVIEW_STEPS = {"register": "立案", "return": "退回修改"}
PRINT_LIMIT = 2000


def _chosen_ids(request) -> list[int]:
    return [int(i) for i in request.POST.getlist("ids") if i.isdecimal() and len(i) <= 18]


def _batch(request, suggestions, name: str, data: dict) -> bool:
    """Apply step `name` to every chosen suggestion, all or nothing; say what happened. True if done."""
    label = TRANSITIONS[name].label
    if not suggestions:
        messages.error(request, "请先勾选要处理的建议")
        return False
    try:
        events = actions.perform_many(suggestions, name, actor=request.user, data=data)
    except Conflict as exc:
        messages.error(request, f"批量{label}未完成，所有建议均未改变。{exc.message}")
    except InvalidInput as exc:
        reasons = "；".join(m for msgs in exc.errors.values() for m in msgs)
        messages.error(request, f"批量{label}未完成，所有建议均未改变。{reasons}")
    except PermissionDenied as exc:
        messages.error(request, f"批量{label}未完成，所有建议均未改变。{exc}")
    else:
        messages.success(request, f"已{label} {len(events)} 件建议")
        return True
    return False


@office_only
@require_POST
def review_batch(request):
    """批量立案 / 批量退回修改 on the review queue: the same step as one by one, all or nothing."""
    name = request.POST.get("step", "")
    query = request.POST.get("query", "")
    back = reverse("workbench:review") + (f"?{query}" if query else "")
    if name not in BATCH_REVIEW_STEPS:
        messages.error(request, "请选择批量立案或批量退回修改")
        return redirect(back)
    note = request.POST.get("note", "").strip()
    if name == "return" and not note:
        messages.error(request, "批量退回修改须填写退回理由，代表会在修改页面看到")
        return redirect(back)
    chosen = access.visible_to(request.user).filter(pk__in=_chosen_ids(request)).order_by("submitted_at", "pk")
    _batch(request, list(chosen.select_related("session")), name, {"note": note})
    return redirect(back)


@office_only
@require_POST
def list_batch(request):
    """Batch steps on the all-suggestions list (催办 the chosen ones), all or nothing."""
    query = request.POST.get("query", "")
    back = reverse("workbench:suggestions") + (f"?{query}" if query else "")
    message = request.POST.get("message", "").strip()
    if not message:
        messages.error(request, "批量催办须填写催办内容")
        return redirect(back)
    chosen = access.visible_to(request.user).filter(pk__in=_chosen_ids(request)).order_by("session", "number", "pk")
    _batch(request, list(chosen.select_related("session")), "remind", {"message": message})
    return redirect(back)


@office_only
def print_list(request):
    """打印: a clean paper list for a meeting, of the chosen suggestions (POST) or of the current filter (GET)."""
    f = _listed(request)
    rows = f.qs
    if request.method == "POST":
        rows = rows.filter(pk__in=_chosen_ids(request))
    # Paper order: by session, the meeting's numbers before the intersession series, unnumbered last.
    rows = rows.select_related("field").order_by(
        "-session__start_date", "-period", F("number").asc(nulls_last=True), "pk"
    )
    count = rows.count()
    session = request.GET.get("session", "")
    title = (
        Session.objects.filter(pk=session).values_list("name", flat=True).first()
        if session.isdecimal() and len(session) <= 18
        else None
    )
    return render(
        request,
        "workbench/office_print.html",
        {
            "rows": rows[:PRINT_LIMIT],
            "count": count,
            "cut": count > PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "title": f"{title or ''}代表建议清单",
            "printed_on": timezone.localdate(),
            "chosen": request.method == "POST",
        },
    )
