"""Pages shared by every role: the home redirect, a suggestion's page, and one view for every step.

`step` is how a browser applies any transition of the lifecycle: GET renders the step's form,
POST calls `actions.perform` and answers 409/403/400 the same way the API does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from audit import log as audit_log
from audit.models import Kind as AuditKind
from congress import personal
from congress.models import Policy
from suggestions import access, actions, review
from suggestions.errors import Conflict, InvalidInput
from suggestions.forms import form_for
from suggestions.models import Deadline, Reply
from suggestions.timeline import event_label
from suggestions.workflow import TRANSITIONS, available, context_for

from .redirects import next_url

HOME_BY_ROLE = {
    Role.DEPUTY: "/deputy/",
    Role.OFFICE: "/office/",
    Role.UNIT_HANDLER: "/unit/",
    Role.UNIT_LEADER: "/unit/",
    Role.SUPERVISOR: "/supervisor/",
    Role.SYSTEM_ADMIN: "/admin/",
    Role.SECURITY_ADMIN: "/admin/",
    Role.AUDIT_ADMIN: "/audit/",
}


def home(request):
    if not request.user.is_authenticated:
        return redirect("/public/")
    if request.user.is_superuser and not request.user.role:
        return redirect("admin:index")
    return redirect(HOME_BY_ROLE.get(request.user.role, "/public/"))


def suggestion_context(request, suggestion) -> dict:
    """Everything a suggestion's page shows, fetched with a fixed number of queries."""
    user = request.user
    ctx = context_for(user, suggestion)
    deadlines = (
        Deadline.objects.filter(suggestion=suggestion)
        .select_related("assignment__unit")
        .with_state(timezone.localdate(), Policy.current().due_soon_days)
    )
    # Events, replies and records as this user may read them (drafts and review notes stay with the drafting unit).
    handling = access.handling_for(user, suggestion)
    replies = list(handling.replies.prefetch_related("evaluations__deputy", "signoffs__actor"))
    for r in replies:  # its review chain with who signed each level; the comments of a send-back stay inside
        r.review_rows = review.rows(r)
        r.sent_back = review.returns(r) if access.reads_review_notes(user, r) else []
    deputy_links = list(suggestion.deputy_links.select_related("deputy__delegation"))
    return {
        "s": suggestion,
        "deputy_links": deputy_links,
        "assignments": suggestion.assignments.select_related("unit"),
        "deadlines": deadlines,
        "records": handling.records,
        "attachments": access.attachments_for(user).filter(suggestion=suggestion),
        "replies": replies,
        # The letter is of a signed or sent reply: a draft alone gives no letter (the link would 404).
        "letter_ready": any(r.stage in (Reply.Stage.SENT, Reply.Stage.SIGNED) for r in replies),
        "events": [(e, event_label(e.name, e.payload)) for e in handling.events],
        "steps": available(ctx),
        # Masked contact details for the office, which contacts deputies; full only on request.
        "personal": [(link, personal.masked(link.deputy)) for link in deputy_links] if user.role == Role.OFFICE else [],
    }


@login_required
def suggestion_detail(request, pk):
    suggestion = access.get_for(request.user, pk)
    return render(request, "web/suggestion_detail.html", suggestion_context(request, suggestion))


@require_POST
@login_required
def deputy_personal(request, pk, deputy_id):
    """Show one deputy's full phone, ID number and address to the office: an explicit, audited action."""
    suggestion = access.get_for(request.user, pk)
    if request.user.role != Role.OFFICE:
        raise PermissionDenied("只有选任联工委工作人员可以查看代表的完整联系方式")
    link = suggestion.deputy_links.select_related("deputy").filter(deputy_id=deputy_id).first()
    if link is None:
        raise Http404("该代表不是这件建议的代表")
    deputy = link.deputy
    audit_log.record(
        AuditKind.VIEW_PERSONAL,
        "view_personal",
        request=request,
        target=f"congress.deputy:{deputy.pk}",
        detail={"suggestion": suggestion.pk, "fields": list(personal.MASKS)},
    )
    page = {"s": suggestion, "deputy": deputy}
    if request.htmx:
        return render(request, "web/partials/deputy_personal.html", page)
    return render(request, "web/deputy_personal.html", page)


def _next_url(request, suggestion) -> str:
    return next_url(request, "web:suggestion", suggestion.pk)


def _refused(request, page: dict, message: str, status: int):
    """A refused step: in a panel, a fragment swapped in where the user clicked; otherwise a page.

    htmx drops 4xx answers by default; static/js/refusals.js swaps them in, so every panel shows why.
    """
    template = "web/partials/refused.html" if request.htmx else "409.html"
    return render(request, template, {**page, "message": message}, status=status)


@login_required
def step(request, pk, name):
    suggestion = access.get_for(request.user, pk)
    if name not in actions.STEPS:
        raise Http404("没有这个操作")
    tr = TRANSITIONS[name]
    ctx = context_for(request.user, suggestion)
    template = "web/partials/step_form.html" if request.htmx else "web/step.html"
    page = {"s": suggestion, "tr": tr, "next": _next_url(request, suggestion)}
    try:
        actions.check(tr, ctx)
        if request.method != "POST":
            initial = {k: v for k, v in request.GET.items() if k != "next"}
            return render(request, template, {**page, "form": form_for(name, ctx, initial=initial)})
        actions.perform(suggestion, name, actor=request.user, data=request.POST, files=request.FILES)
    except Conflict as exc:
        return _refused(request, page, exc.message, 409)
    except PermissionDenied as exc:
        if not request.htmx:
            raise
        return _refused(request, page, str(exc) or f"您无权对此建议{tr.label}", 403)
    except InvalidInput:
        form = form_for(name, ctx, request.POST, request.FILES)
        form.is_valid()
        return render(request, template, {**page, "form": form}, status=400)
    messages.success(request, f"已{tr.label}")
    if request.htmx:
        response = render(request, "web/partials/empty.html")
        response["HX-Redirect"] = page["next"]
        return response
    return redirect(page["next"])
