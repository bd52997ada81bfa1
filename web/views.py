"""Pages shared by every role: the home redirect, a suggestion's page, and one view for every step.

`step` is how a browser applies any transition of the lifecycle: GET renders the step's form,
POST calls `actions.perform` and answers 409/403/400 the same way the API does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Role
from congress.models import Policy
from suggestions import access, actions
from suggestions.errors import Conflict, InvalidInput
from suggestions.forms import form_for
from suggestions.models import Deadline, Reply
from suggestions.timeline import event_label
from suggestions.workflow import TRANSITIONS, available, context_for

HOME_BY_ROLE = {
    Role.DEPUTY: "/deputy/",
    Role.OFFICE: "/office/",
    Role.UNIT_HANDLER: "/unit/",
    Role.UNIT_LEADER: "/unit/",
    Role.SUPERVISOR: "/supervisor/",
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
    replies = suggestion.replies.select_related("unit", "category").prefetch_related("evaluations__deputy")
    if not (user.is_unit_staff or user.role in (Role.OFFICE, Role.SUPERVISOR)):
        replies = replies.filter(stage=Reply.Stage.SENT)
    events = suggestion.events.select_related("actor", "unit")
    return {
        "s": suggestion,
        "deputy_links": suggestion.deputy_links.select_related("deputy__delegation"),
        "assignments": suggestion.assignments.select_related("unit"),
        "deadlines": deadlines,
        "records": suggestion.records.select_related("unit"),
        "replies": replies,
        # The letter is of a signed or sent reply: a draft alone gives no letter (the link would 404).
        "letter_ready": any(r.stage in (Reply.Stage.SENT, Reply.Stage.SIGNED) for r in replies),
        "events": [(e, event_label(e.name, e.payload)) for e in events],
        "steps": available(ctx),
    }


@login_required
def suggestion_detail(request, pk):
    suggestion = access.get_for(request.user, pk)
    return render(request, "web/suggestion_detail.html", suggestion_context(request, suggestion))


def _next_url(request, suggestion) -> str:
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse("web:suggestion", args=[suggestion.pk])


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
            return render(request, template, {**page, "form": form_for(name, ctx)})
        actions.perform(suggestion, name, actor=request.user, data=request.POST, files=request.FILES)
    except Conflict as exc:
        return render(request, "409.html", {**page, "message": exc.message}, status=409)
    except PermissionDenied:
        raise
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
