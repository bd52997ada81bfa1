"""Supervision pages: thin views over supervision.actions / figures and the suggestion access lookup."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from congress.models import Policy, Term, Unit
from jianyi.params import get_ids, get_int
from suggestions import access
from suggestions.errors import Conflict
from suggestions.models import Assignment, Deadline, DeadlineState, Event
from suggestions.timeline import event_label
from suggestions.workflow import TRANSITIONS, available, context_for
from web.downloads import attachment
from web.redirects import next_url

from . import actions, figures, filing, lookbacks, notify
from .forms import (
    CampaignForm,
    ChecksForm,
    DeliverySettingsForm,
    InspectionForm,
    LookBackForm,
    RedoDoneForm,
    RedoItemForm,
    ReviewOpinionForm,
    TaskAnswerForm,
)
from .models import (
    Commitment,
    DeliverySettings,
    ExtensionRequest,
    FilingBody,
    Inspection,
    KeySupervision,
    LookBack,
    LookBackCampaign,
    Notification,
    RedoItem,
    ReviewOpinion,
    TaskAnswer,
    TaskAnswerFile,
    recipient_names,
)

STAFF = (Role.OFFICE, Role.SUPERVISOR)


def require(user, *roles) -> None:
    if user.role not in roles and not user.is_superuser:
        raise PermissionDenied("您无权查看此页面")


def _today_policy():
    return timezone.localdate(), Policy.current().due_soon_days


@login_required
def inbox(request):
    notes = Notification.objects.filter(recipient=request.user).select_related("suggestion")
    if request.GET.get("unread"):
        notes = notes.unread()
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/inbox.html",
        {"page": page, "unread": notify.unread_count(request.user), "only_unread": bool(request.GET.get("unread"))},
    )


@login_required
def delivery_settings(request):
    """联系方式与提醒: the user's own phone and email, and which reminders also go by SMS / email."""
    user = request.user
    current = DeliverySettings.for_user(user)
    initial = {
        "phone": user.phone,
        "email": user.email,
        "sms_kinds": current.kinds("sms"),
        "email_kinds": current.kinds("email"),
    }
    form = DeliverySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user.phone, user.email = data["phone"], data["email"]
            user.save(update_fields=["phone", "email"])
            DeliverySettings.choose(user, sms=data["sms_kinds"], email=data["email_kinds"])
        messages.success(request, "联系方式与提醒方式已保存")
        return redirect("supervision:delivery_settings")
    rows = list(zip(form["sms_kinds"], form["email_kinds"], strict=True))
    return render(request, "supervision/delivery_settings.html", {"form": form, "rows": rows})


@login_required
@require_POST
def mark_read(request):
    ids = get_ids(request.POST, "id") if "id" in request.POST else None
    notify.mark_read(request.user, ids)
    return redirect(next_url(request, "supervision:inbox"))


def _deadlines_for(user):
    qs = Deadline.objects.open().filter(suggestion__in=access.visible_to(user))
    if user.is_unit_staff:
        mine = Assignment.objects.filter(unit_id=user.unit_id, is_active=True)
        qs = qs.filter(suggestion__in=mine.values("suggestion_id"))
    return qs


@login_required
def deadlines(request):
    """Open deadlines with their state (on time / due soon / overdue), counted in the database."""
    if not (request.user.is_unit_staff or request.user.role in STAFF):
        raise PermissionDenied("您无权查看此页面")
    today, soon = _today_policy()
    qs = _deadlines_for(request.user).with_state(today, soon)
    counts = {row["state"]: row["n"] for row in qs.values("state").annotate(n=Count("pk")).order_by()}
    state = request.GET.get("state", "")
    if state in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.ON_TIME):
        qs = qs.filter(state=state)
    qs = qs.select_related("suggestion", "assignment__unit").order_by("due_date", "id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/deadlines.html",
        {
            "page": page,
            "state": state,
            "today": today,
            "counts": [
                (s, s.label, counts.get(s, 0))
                for s in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.ON_TIME)
            ],
        },
    )


@login_required
def key_board(request):
    require(request.user, *STAFF)
    today, soon = _today_policy()
    years = list(KeySupervision.objects.order_by("-year").values_list("year", flat=True).distinct())
    year = get_int(request.GET, "year", maximum=9999) or (years[0] if years else today.year)
    last = Event.objects.filter(suggestion=OuterRef("suggestion_id")).order_by("-at", "-id")
    lead = Assignment.objects.filter(suggestion=OuterRef("suggestion_id"), is_active=True, role="lead")
    open_deadlines = Deadline.objects.open().select_related("assignment__unit").with_state(today, soon)
    rows = (
        KeySupervision.objects.filter(year=year)
        .select_related("suggestion__category")
        .annotate(
            last_event=Subquery(last.values("name")[:1]),
            last_at=Subquery(last.values("at")[:1]),
            lead_unit=Subquery(lead.values("unit__short_name")[:1]),
        )
        .prefetch_related(Prefetch("suggestion__deadlines", open_deadlines, to_attr="open_deadlines"))
        .order_by("suggestion__number")
    )
    board = []
    for k in rows:
        nearest = k.suggestion.open_deadlines[0] if k.suggestion.open_deadlines else None
        board.append(
            {
                "k": k,
                "s": k.suggestion,
                "deadlines": k.suggestion.open_deadlines,
                "nearest": nearest,
                "days_left": (nearest.due_date - today).days if nearest else None,
                "last_label": event_label(k.last_event) if k.last_event else "",
            }
        )
    return render(request, "supervision/key_board.html", {"board": board, "year": year, "years": years or [year]})


@login_required
def four_checks(request):
    require(request.user, *STAFF)
    return render(request, "supervision/four.html", {"rows": figures.unit_rates(), "checks": figures.CHECKS})


@login_required
def ledger(request):
    """The B-class ledger (台账): a unit sees its own; the office and supervisors see all units'."""
    user = request.user
    if not (user.is_unit_staff or user.role in STAFF):
        raise PermissionDenied("您无权查看此页面")
    qs = (
        Commitment.objects.current()
        .select_related("suggestion__category", "unit", "term")
        .with_latest_progress()
        .order_by("due_date", "id")
    )
    if user.is_unit_staff:
        qs = qs.filter(unit_id=user.unit_id)
    elif unit_id := get_int(request.GET, "unit"):
        qs = qs.filter(unit_id=unit_id)
    if request.GET.get("status") in Commitment.Status.values:
        qs = qs.filter(status=request.GET["status"])
    if term_id := get_int(request.GET, "term"):
        qs = qs.filter(term_id=term_id)
    lookbacks = LookBack.objects.select_related("unit", "recorded_by").prefetch_related("versions__recorded_by")
    if user.is_unit_staff:
        lookbacks = lookbacks.filter(unit_id=user.unit_id)
    return render(
        request,
        "supervision/ledger.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "lookbacks": lookbacks[:50],
            "units": Unit.objects.filter(is_active=True) if not user.is_unit_staff else [],
            "terms": Term.objects.all(),
            "today": timezone.localdate(),
            "filters": request.GET,
        },
    )


@login_required
def lookback(request):
    require(request.user, Role.OFFICE)
    if request.method == "POST":
        form = LookBackForm(request.POST)
        form.validate_unique = lambda: None  # a second round for the same unit and year updates it
        if form.is_valid():
            data = dict(form.cleaned_data)
            actions.record_lookback(actor=request.user, **data)
            messages.success(request, f"已记录{data['unit']}{data['year']}年度B类建议回头看情况")
            return redirect("supervision:ledger")
    else:
        initial = {"year": timezone.localdate().year}
        if unit_id := get_int(request.GET, "unit"):
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit:
                initial.update(unit=unit, **actions.lookback_facts(unit, initial["year"]))
        form = LookBackForm(initial=initial)
    return render(request, "supervision/form.html", {"form": form, "title": "B类建议回头看"})


TASK_MODELS = {"inspection": Inspection, "review-opinion": ReviewOpinion}


def tasks_for(user, model):
    """The inspections or review opinions `user` reads: the office and supervisors all, a unit those sent to it."""
    qs = model.objects.prefetch_related("units")
    if user.is_unit_staff:
        return qs.for_unit(user.unit_id)
    if user.role not in STAFF and not user.is_superuser:
        raise PermissionDenied("您无权查看此页面")
    return qs


def _with_answers(tasks, user, today):
    """Each task with who answered (`answered`, `late`) and, for a unit, its own answer (`mine`)."""
    tasks = list(tasks)
    if not tasks:
        return tasks
    field = tasks[0].kind
    answers = TaskAnswer.objects.filter(**{f"{field}__in": tasks}).values_list(field, "unit_id", "late")
    by_task: dict = {}
    for task_id, unit_id, late in answers:
        by_task.setdefault(task_id, {})[unit_id] = late
    for t in tasks:
        got = by_task.get(t.pk, {})
        t.total = len(t.units.all())
        t.answered = len(got)
        t.late_count = sum(got.values())
        t.overdue = t.due_date < today and t.answered < t.total
        if user.is_unit_staff:
            t.mine = got.get(user.unit_id, "none")  # False on time, True late, "none" not yet
    return tasks


@login_required
def tasks(request):
    """Inspections and review opinions: the office sees all with who answered, a unit those sent to it."""
    user, today = request.user, timezone.localdate()
    return render(
        request,
        "supervision/tasks.html",
        {
            "inspections": _with_answers(tasks_for(user, Inspection)[:100], user, today),
            "opinions": _with_answers(tasks_for(user, ReviewOpinion)[:100], user, today),
            "today": today,
        },
    )


@login_required
def task_detail(request, kind, pk):
    """One inspection or review opinion: a unit answers it here; the office sees each unit's answer."""
    user, today = request.user, timezone.localdate()
    model = TASK_MODELS.get(kind)
    if model is None:
        raise Http404("没有找到该事项")
    task = get_object_or_404(tasks_for(user, model), pk=pk)
    answers = (
        TaskAnswer.objects.filter(**{task.kind: task}).select_related("unit", "answered_by").prefetch_related("files")
    )
    if user.is_unit_staff:
        answers = answers.filter(unit_id=user.unit_id)
    form = None
    if user.is_unit_staff and not answers:
        form = TaskAnswerForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                answer = actions.answer_task(
                    task, actor=user, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
                )
            except Conflict as e:
                messages.error(request, e.message)
            else:
                messages.success(request, "已反馈办理情况" + ("（已过反馈期限，记为逾期反馈）" if answer.late else ""))
            return redirect("supervision:task", kind=kind, pk=task.pk)
    elif request.method == "POST":
        raise PermissionDenied("本单位已反馈过办理情况" if user.is_unit_staff else "只有承办单位可以反馈办理情况")
    by_unit = {a.unit_id: a for a in answers}
    units = [u for u in task.units.all() if not user.is_unit_staff or u.pk == user.unit_id]
    rows = [(u, by_unit.get(u.pk)) for u in units]
    return render(
        request,
        "supervision/task_detail.html",
        {
            "task": task,
            "kind": kind,
            "what": actions.TASK_LABELS[task.kind],
            "rows": rows,
            "form": form,
            "today": today,
            "counts": {
                "on_time": sum(1 for _u, a in rows if a and not a.late),
                "late": sum(1 for _u, a in rows if a and a.late),
                "missing": sum(1 for _u, a in rows if not a),
            },
        },
        status=400 if form is not None and form.is_bound and not form.is_valid() else 200,
    )


def task_file(user, pk):
    """A file of an answer (web/downloads.py kind "task-file"): for whoever reads the answer on its task's page."""
    f = TaskAnswerFile.objects.select_related("answer__unit").filter(pk=pk).first()
    if f is None or not _reads_answer(user, f.answer):
        raise Http404("没有找到该文件，或您无权下载")
    return f.file.name, f.name or f"{f.answer.unit.short_name}办理反馈附件"


def _reads_answer(user, answer) -> bool:
    if user.is_unit_staff:
        return answer.unit_id == user.unit_id
    return user.role in STAFF or user.is_superuser


def _task_form(request, form_class, record, title):
    require(request.user, Role.OFFICE)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        record(actor=request.user, **data)
        messages.success(request, f"已送达{len(data['units'])}个承办单位")
        return redirect("supervision:tasks")
    return render(request, "supervision/form.html", {"form": form, "title": title})


@login_required
def new_inspection(request):
    return _task_form(request, InspectionForm, actions.record_inspection, "记录专题视察")


@login_required
def new_review_opinion(request):
    return _task_form(request, ReviewOpinionForm, actions.record_review_opinion, "送达审议意见")


SUPERVISION_STEPS = [name for name in TRANSITIONS if name in actions.STEPS]


@login_required
def suggestion_panel(request, pk):
    """One suggestion's supervision: reminders, extensions, key marks, the ledger, and the steps you may take."""
    s = access.get_for(request.user, pk)
    today, soon = _today_policy()
    ctx = context_for(request.user, s)
    steps = [(tr, blocked) for tr, blocked in available(ctx) if tr.name in SUPERVISION_STEPS]
    commitments = Commitment.objects.current().filter(suggestion=s).select_related("unit").prefetch_related("progress")
    return render(
        request,
        "supervision/suggestion.html",
        {
            "s": s,
            "steps": steps,
            "deadlines": Deadline.objects.filter(suggestion=s)
            .select_related("assignment__unit")
            .with_state(today, soon),
            "reminders": recipient_names(s.reminders.select_related("sender", "deadline")[:100]),
            "extensions": ExtensionRequest.objects.filter(suggestion=s).select_related("unit", "deadline"),
            "keys": s.key_marks.all(),
            "commitments": commitments,
            "today": today,
        },
    )


# --- Filing (备案) ----------------------------------------------------------------------------------


@login_required
def filings(request):
    """备案: a filing body's people see the replies filed with them and acknowledge each; a unit sees its own."""
    user = request.user
    if not (user.is_unit_staff or user.role in STAFF):
        raise PermissionDenied("您无权查看此页面")
    qs = filing.filings_for(user)
    bodies = list(FilingBody.objects.of_user(user)) if not user.is_unit_staff else []
    state = request.GET.get("state", "" if user.is_unit_staff else "pending")
    counts = {
        "pending": qs.filter(acknowledged_at__isnull=True).count(),
        "acknowledged": qs.filter(acknowledged_at__isnull=False).count(),
    }
    if state == "pending":
        qs = qs.filter(acknowledged_at__isnull=True)
    elif state == "acknowledged":
        qs = qs.filter(acknowledged_at__isnull=False)
    page = Paginator(qs.order_by("-filed_at", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/filings.html",
        {"page": page, "state": state, "counts": counts, "bodies": bodies, "may_acknowledge": bool(bodies)},
    )


# --- The look-back campaign (回头看) -------------------------------------------------------------------


@login_required
def campaigns(request):
    user = request.user
    if not (user.is_unit_staff or user.role in STAFF):
        raise PermissionDenied("您无权查看此页面")
    form = None
    if user.role == Role.OFFICE:
        form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
        if request.method == "POST" and form.is_valid():
            try:
                campaign = lookbacks.open_campaign(actor=user, **form.cleaned_data)
            except Conflict as exc:
                form.add_error("year", exc.message)
            else:
                messages.success(request, f"已开展{campaign.title}，涉及{campaign.lookbacks.count()}个单位")
                return redirect("supervision:campaign", campaign.pk)
    today = timezone.localdate()
    rows = []
    for c in LookBackCampaign.objects.select_related("term"):
        mine = lookbacks.lookbacks_for(user).filter(campaign=c)
        if user.is_unit_staff and not mine.exists():
            continue
        rows.append(
            {
                "c": c,
                "units": mine.count(),
                "recorded": mine.filter(recorded_at__isnull=False).count(),
                "redo": lookbacks.redo_counts(c, today) if not user.is_unit_staff else None,
                "mine": mine.first() if user.is_unit_staff else None,
            }
        )
    return render(request, "supervision/campaigns.html", {"rows": rows, "form": form})


def _campaign_for(user, pk) -> LookBackCampaign:
    campaign = LookBackCampaign.objects.select_related("term").filter(pk=pk).first()
    if (
        campaign is None
        or not lookbacks.lookbacks_for(user).filter(campaign=campaign).exists()
        and not (user.role in STAFF or user.is_superuser)
    ):
        raise Http404("没有找到该回头看")
    return campaign


@login_required
def campaign(request, pk):
    """The province's report: every unit's four checks, findings and redo items."""
    user = request.user
    c = _campaign_for(user, pk)
    if user.is_unit_staff:
        mine = lookbacks.lookbacks_for(user).filter(campaign=c).first()
        return redirect("supervision:unit_lookback", mine.pk)
    today = timezone.localdate()
    rows = lookbacks.report_rows(c.lookbacks.all(), today)
    return render(
        request,
        "supervision/campaign.html",
        {"c": c, "rows": rows, "totals": lookbacks.campaign_totals(rows), "today": today, "checks": lookbacks.CHECKS},
    )


def _lookback_for(user, pk) -> LookBack:
    found = lookbacks.lookbacks_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该回头看")
    return found


@login_required
def unit_lookback(request, pk):
    """One unit's look-back: the records beside the office's answers, findings, redo items."""
    user = request.user
    lb = _lookback_for(user, pk)
    checks_form = redo_form = None
    if user.role == Role.OFFICE:
        checks_form = ChecksForm(instance=lb)
        redo_form = RedoItemForm(lookback=lb, initial={"responsible": f"{lb.unit.short_name}"})
        if request.method == "POST" and request.POST.get("form") == "checks":
            checks_form = ChecksForm(request.POST, instance=LookBack.objects.get(pk=lb.pk))
            if checks_form.is_valid():
                lookbacks.record_checks(actor=user, lookback=lb, **checks_form.cleaned_data)
                messages.success(request, f"已记录{lb.unit}“四看”核查情况")
                return redirect("supervision:unit_lookback", lb.pk)
        elif request.method == "POST" and request.POST.get("form") == "redo":
            redo_form = RedoItemForm(request.POST, lookback=lb)
            if redo_form.is_valid():
                lookbacks.add_redo_item(actor=user, lookback=lb, **redo_form.cleaned_data)
                messages.success(request, "已提出整改事项")
                return redirect("supervision:unit_lookback", lb.pk)
    elif request.method == "POST":
        raise PermissionDenied("只有选任联工委工作人员可以记录回头看")
    today = timezone.localdate()
    row = lookbacks.report_rows(LookBack.objects.filter(pk=lb.pk), today)[0]
    may_complete = user.role == Role.OFFICE or (user.is_unit_staff and user.unit_id == lb.unit_id)
    return render(
        request,
        "supervision/unit_lookback.html",
        {
            "lb": lb,
            "row": row,
            "today": today,
            "checks_form": checks_form,
            "redo_form": redo_form,
            "done_form": RedoDoneForm() if may_complete else None,
            "versions": lb.versions.select_related("recorded_by"),
        },
    )


@login_required
@require_POST
def complete_redo(request, pk):
    item = RedoItem.objects.filter(pk=pk, lookback__in=lookbacks.lookbacks_for(request.user)).first()
    if item is None:
        raise Http404("没有找到该整改事项")
    form = RedoDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写整改情况")
    else:
        try:
            lookbacks.complete_redo_item(actor=request.user, item=item, **form.cleaned_data)
            messages.success(request, "已报告整改完成")
        except Conflict as exc:
            messages.error(request, exc.message)
    return redirect("supervision:unit_lookback", item.lookback_id)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, c, selected, unit, kind):
    rows = lookbacks.report_rows(selected)
    name = lookbacks.report_name(c, unit)
    if kind == "xlsx":
        out = BytesIO()
        lookbacks.excel_report(out, c, rows, unit)
        return attachment(HttpResponse(out.getvalue(), content_type=XLSX), f"{name}.xlsx")
    return attachment(HttpResponse(lookbacks.word_report(c, rows, unit), content_type=DOCX), f"{name}.docx")


@login_required
def campaign_report(request, pk, kind):
    user = request.user
    require(user, *STAFF)
    c = _campaign_for(user, pk)
    return _report(request, c, c.lookbacks.all(), None, kind)


@login_required
def unit_report(request, pk, kind):
    lb = _lookback_for(request.user, pk)
    if lb.campaign is None:
        raise Http404("该回头看不属于专项活动")
    return _report(request, lb.campaign, LookBack.objects.filter(pk=lb.pk), lb.unit, kind)
