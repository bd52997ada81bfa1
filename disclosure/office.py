"""The office's disclosure pages: publish catalogues, preview redactions, publish or withhold replies."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from congress.models import Session
from suggestions import access
from suggestions.errors import Conflict, InvalidInput
from suggestions.models import Status

from . import publishing, redaction, screening
from .models import Publication


def office_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not publishing.is_office(request.user):
            raise DjangoPermissionDenied("只有选任联工委工作人员可以访问")
        return view(request, *args, **kwargs)

    return wrapped


@office_only
def sessions(request):
    rows = Session.objects.select_related("term", "catalogue_release__published_by").annotate(
        registered=Count("suggestions", filter=Q(suggestions__number__isnull=False)),
        closed=Count("suggestions", filter=Q(suggestions__status=Status.CLOSED)),
        published=Count("suggestions", filter=Q(suggestions__publication__state=Publication.State.PUBLISHED)),
    )
    return render(request, "disclosure/office/sessions.html", {"sessions": rows})


@office_only
@require_POST
def publish_catalogue(request, pk):
    session = get_object_or_404(Session, pk=pk)
    try:
        publishing.publish_catalogue(session, actor=request.user, note=request.POST.get("note", "")[:200])
        messages.success(request, f"{session.name}建议目录已公开")
    except Conflict as e:
        messages.error(request, str(e))
    return redirect("disclosure:sessions")


@office_only
def queue(request, pk):
    session = get_object_or_404(Session, pk=pk)
    qs = (
        access.visible_to(request.user)
        .filter(session=session, status=Status.CLOSED)
        .select_related("lead_deputy", "publication", "category")
        .order_by("period", "number")
    )
    return render(
        request,
        "disclosure/office/queue.html",
        {
            "session": session,
            "rows": qs,
            "ready": publishing.ready_to_publish(session).count(),
            # Registered suggestions the catalogue holds back until their redaction preview is seen.
            "held": access.visible_to(request.user)
            .filter(session=session, number__isnull=False, redaction_hits__gt=0, redaction_seen_at__isnull=True)
            .order_by("period", "number"),
        },
    )


@office_only
@require_POST
def publish_ready(request, pk):
    session = get_object_or_404(Session, pk=pk)
    try:
        n = publishing.publish_ready(session, actor=request.user)
        messages.success(request, f"已公开 {n} 件答复")
    except Conflict as e:
        messages.error(request, str(e))
    return redirect("disclosure:queue", pk=pk)


@office_only
def preview(request, pk):
    s = access.get_for(request.user, pk)
    p = publishing.preview(s)
    ctx = {
        "s": s,
        "p": p,
        "title_marked": redaction.highlight(p["title"]),
        "body_marked": redaction.highlight(p["body"]),
        "reply_marked": redaction.highlight(p["reply_body"]),
        "pub": getattr(s, "publication", None),
        "rules": redaction.RULES,
    }
    return render(request, "disclosure/office/preview.html", ctx)


@office_only
@require_POST
def decide(request, pk):
    s = access.get_for(request.user, pk)
    try:
        if request.POST.get("decision") == "seen":
            screening.mark_seen(s, actor=request.user)
            messages.success(request, "已核看公开预览，该建议进入公开目录（标题中的个人信息已隐去）")
        elif request.POST.get("decision") == "withhold":
            publishing.withhold_reply(s, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "已决定不予公开")
        else:
            publishing.publish_reply(s, actor=request.user)
            messages.success(request, "答复已公开")
    except (Conflict, InvalidInput) as e:
        messages.error(request, _message(e))
    return redirect("disclosure:preview", pk=s.pk)


def _message(e) -> str:
    detail = getattr(e, "errors", None) or getattr(e, "detail", None)
    if isinstance(detail, dict):
        return "；".join(m for msgs in detail.values() for m in msgs)
    return str(e)
