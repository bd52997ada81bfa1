"""The office's pages of the coordination meeting: list, agenda with a decision per item, apply, minutes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianyi.params import get_int
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from workbench.queries import office_counts
from workbench.views.common import office_only

from . import actions
from .forms import DecisionForm, MeetingForm
from .models import Item, Meeting


def _items(meeting: Meeting):
    return meeting.items.select_related(
        "suggestion__lead_deputy",
        "unit",
        "decided_by",
        "request__assignment__unit",
        "request__suggested_unit",
        "request__requested_by",
        "event",
    ).order_by("suggestion__number", "id")


def _page(request, template, context):
    return render(request, template, {"counts": office_counts(request.user), "tab": "meetings", **context})


@office_only
def meeting_list(request):
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting = actions.open_meeting(actor=request.user, **form.cleaned_data)
        messages.success(request, f"已创建{meeting}，请拉取待审批的改办申请。")
        return redirect("meetings:detail", pk=meeting.pk)
    meetings = Meeting.objects.select_related("session", "applied_by")
    return _page(request, "meetings/list.html", {"meetings": meetings, "form": form})


def _row(item: Item, form=None) -> dict:
    initial = {"decision": item.decision or None, "unit": item.unit_id, "reason": item.reason}
    if not item.decision and item.request.suggested_unit_id:
        initial["unit"] = item.request.suggested_unit_id  # the unit's own wish is the usual starting point
    return {"item": item, "form": form or DecisionForm(initial=initial, prefix=f"i{item.pk}")}


@office_only
def detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("session", "created_by", "applied_by"), pk=pk)
    items = list(_items(meeting))
    failed = get_int(request.GET, "failed", 0)
    return _page(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "rows": [_row(i) for i in items],
            "undecided": sum(1 for i in items if not i.decision),
            "failed": failed,
        },
    )


@office_only
@require_POST
def pull(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        n = actions.pull_requests(meeting, actor=request.user)
        messages.success(request, f"已列入{n}件待审批的改办申请。" if n else "本会次没有其他待审批的改办申请。")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("meetings:detail", pk=meeting.pk)


@office_only
@require_POST
def decide(request, pk, item):
    item = get_object_or_404(
        Item.objects.select_related("meeting", "suggestion", "request__assignment__unit", "unit"), pk=item, meeting=pk
    )
    form = DecisionForm(request.POST, prefix=f"i{item.pk}")
    status = 200
    if form.is_valid():
        try:
            actions.decide(item, actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            for field, msgs in exc.errors.items():
                for m in msgs:
                    form.add_error(field if field in form.fields else None, m)
            status = 400
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
    else:
        status = 400
    if not request.htmx:
        if status == 200:
            messages.success(request, f"已记录{item.suggestion.display_number}建议的决定。")
        else:
            messages.error(request, "；".join(m for msgs in form.errors.values() for m in msgs))
        return redirect("meetings:detail", pk=pk)
    saved = status == 200
    row = _row(item, None if saved else form)
    return render(
        request,
        "meetings/partials/item.html",
        {
            **row,
            "meeting": item.meeting,
            "saved": saved,
            "n": get_int(request.POST, "n", 0) or "",
            "oob": True,
            "undecided": item.meeting.items.filter(decision="").count(),
        },
        status=status if not saved else 200,
    )


@office_only
@require_POST
def remove(request, pk, item):
    item = get_object_or_404(Item.objects.select_related("meeting", "suggestion"), pk=item, meeting=pk)
    try:
        actions.remove_item(item, actor=request.user)
        messages.success(request, f"已将{item.suggestion.display_number}建议移出本次协调会。")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("meetings:detail", pk=pk)


@office_only
@require_POST
def apply(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        events = actions.apply(meeting, actor=request.user)
    except actions.ItemFailed as exc:
        messages.error(request, f"未执行任何决定。{exc.message}")
        return redirect(f"{reverse('meetings:detail', args=[pk])}?failed={exc.item.pk}#item-{exc.item.pk}")
    except (Conflict, PermissionDenied) as exc:
        messages.error(request, f"未执行任何决定。{getattr(exc, 'message', None) or exc}")
        return redirect("meetings:detail", pk=pk)
    if events:
        messages.success(request, f"已执行{len(events)}项决定，已通知相关承办单位。")
    else:
        messages.info(request, "本次协调会的决定此前已执行，未重复执行。")
    return redirect("meetings:detail", pk=pk)


@office_only
def minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("session", "applied_by"), pk=pk)
    return render(
        request,
        "meetings/minutes.html",
        {"meeting": meeting, "items": _items(meeting), "printed_on": timezone.localdate()},
    )
