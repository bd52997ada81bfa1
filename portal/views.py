"""The deputy portal (代表履职): my suggestions, writing one with autosave, and its parcel-style tracking page.

Every change goes through `suggestions.actions`: the autosave calls `create_draft` once and the
`edit` step afterwards; inviting, confirming, submitting and rating post to the shared step view.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from assist import search_index
from evaluations import appraisal
from suggestions import access, actions
from suggestions.errors import Conflict, InvalidInput
from suggestions.forms import SuggestionForm, form_for
from suggestions.models import HandlingRecord, Reply, Status
from suggestions.workflow import available, context_for
from web.paging import CappedPaginator
from web.views import suggestion_context

from . import queries
from .stages import stages_for

PAGE_SIZE = 20


def deputy_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.DEPUTY or not hasattr(request.user, "deputy"):
            raise PermissionDenied("代表履职页面仅供人大代表使用")
        return view(request, *args, **kwargs)

    return wrapper


@deputy_required
def my_suggestions(request):
    qs = queries.my_suggestions(request.user)
    status = request.GET.get("status", "")
    groups = {
        "drafts": [Status.DRAFT, Status.RETURNED],
        "active": [Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.HANDLING, Status.REHANDLING],
        "replied": [Status.REPLIED],
        "closed": [Status.CLOSED, Status.MERGED, Status.NOT_SUGGESTION, Status.WITHDRAWN],
    }
    if status in groups:
        qs = qs.filter(status__in=groups[status])
    q = request.GET.get("q", "").strip()[:100]
    qs = search_index.search(qs, q)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(s, queries.next_hint(s)) for s in page]
    return render(
        request,
        "portal/my_suggestions.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "q": q,
            "invitations": queries.pending_invitations(request.user),
            "to_rate": queries.awaiting_rating(request.user)[:10],
            "pending": appraisal.pending_for(request.user),
        },
    )


def _autosave_attrs(form):
    """Typing in any field saves the draft two seconds after the last key (and on every choice)."""
    url = reverse("portal:autosave")
    for name, field in form.fields.items():
        trigger = "keyup changed delay:2s, change" if name in ("title", "body") else "change"
        field.widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": trigger,
                "hx-target": "#autosave-status",
                "hx-swap": "outerHTML",
                "hx-sync": "closest form:queue last",
            }
        )
    return form


@deputy_required
def new(request):
    session = queries.current_session(request.user.deputy)
    if session is None:
        return render(request, "portal/no_session.html", status=409)
    if request.method == "POST" and request.POST.get("draft"):
        # Autosave created the draft already: this save is an edit of it.
        return edit(request, request.POST["draft"])
    if request.method == "POST":
        try:
            s = actions.create_draft(
                actor=request.user, session=session, period=queries.period_today(session), **_fields(request.POST)
            )
        except InvalidInput as exc:
            form = _autosave_attrs(SuggestionForm(request.POST))
            form.is_valid()
            for message in exc.errors.get("session", []):  # not a field of the form: say it above it
                form.add_error(None, message)
            return render(request, "portal/edit.html", {"form": form, "session": session}, status=400)
        return redirect("portal:edit", s.pk)
    return render(request, "portal/edit.html", {"form": _autosave_attrs(SuggestionForm()), "session": session})


def _fields(data) -> dict:
    return {k: data[k] for k in ("title", "body", "field", "formed_by", "disclosure") if k in data}


@deputy_required
def edit(request, pk):
    s = access.get_for(request.user, pk)
    if s.status not in queries.EDITABLE:
        return redirect("portal:track", s.pk)
    ctx = context_for(request.user, s)
    if request.method == "POST":
        try:
            actions.perform(s, "edit", actor=request.user, data=request.POST)
        except InvalidInput:
            form = _autosave_attrs(form_for("edit", ctx, request.POST))
            form.is_valid()
            return render(request, "portal/edit.html", _edit_context(request, s, ctx, form), status=400)
        return redirect("portal:edit", s.pk)
    form = _autosave_attrs(form_for("edit", ctx)) if ctx.deputy_link and ctx.deputy_link.role == "lead" else None
    return render(request, "portal/edit.html", _edit_context(request, s, ctx, form))


def _edit_context(request, s, ctx, form):
    steps = {tr.name: blocked for tr, blocked in available(ctx)}
    return {
        "s": s,
        "form": form,
        "session": s.session,
        "links": s.deputy_links.select_related("deputy__delegation").order_by("pk"),
        "attachments": s.attachments.all(),
        "steps": steps,
        "submit_blocked": steps.get("submit"),
        "can_attach": "attach" in steps and not steps["attach"],
        "returned": s.events.filter(name="return").order_by("-at", "-id").select_related("actor").first()
        if s.status == Status.RETURNED
        else None,
    }


@deputy_required
@require_POST
def autosave(request):
    """Save the draft being typed: the first save creates it, later ones apply the `edit` step."""
    draft_id = request.POST.get("draft", "")
    created = False
    try:
        if draft_id:
            s = access.get_for(request.user, draft_id)
            actions.perform(s, "edit", actor=request.user, data=_fields(request.POST))
        else:
            session = queries.current_session(request.user.deputy)
            if session is None:
                raise Conflict("当前没有可提交建议的会次")
            if not request.POST.get("title", "").strip():
                return render(request, "portal/partials/autosave.html", {"pending": True})
            s = actions.create_draft(
                actor=request.user, session=session, period=queries.period_today(session), **_fields(request.POST)
            )
            created = True
    except InvalidInput as exc:
        errors = "；".join(m for msgs in exc.errors.values() for m in msgs)
        return render(request, "portal/partials/autosave.html", {"error": errors}, status=400)
    except Conflict as exc:
        return render(request, "portal/partials/autosave.html", {"error": exc.message}, status=409)
    context = {"saved_at": timezone.localtime(), "s": s, "created": created}
    if created:
        # The invite, attachment and submit boxes arrive with the first save, so no reload is needed.
        context.update(_edit_context(request, s, context_for(request.user, s), None))
    response = render(request, "portal/partials/autosave.html", context)
    if created:
        response["HX-Replace-Url"] = reverse("portal:edit", args=[s.pk])
    return response


@deputy_required
def deputies(request, pk):
    """Co-signer search (by name or delegation) for the lead deputy's invite box."""
    s = access.get_for(request.user, pk)
    found = queries.search_deputies(s, request.GET.get("q", ""))
    return render(request, "portal/partials/deputy_results.html", {"s": s, "found": found})


@deputy_required
def track(request, pk):
    s = access.get_for(request.user, pk)
    context = suggestion_context(request, s)
    ctx = context_for(request.user, s)
    my_link = ctx.deputy_link
    my_evals = {}
    if my_link:
        for r in context["replies"]:
            for e in r.evaluations.all():
                if e.deputy_id == my_link.deputy_id:
                    my_evals[r.round] = e
    assignments = sorted(context["assignments"], key=lambda a: (not a.is_active, a.role != "lead", a.pk))
    stages, current = stages_for(s, assignments, my_evals)
    reply_due = next(
        (d for d in context["deadlines"] if d.kind in queries.REPLY_KINDS and d.met_at is None and not d.cancelled),
        None,
    )
    if reply_due:
        stages[5].note = f"应于{reply_due.due_date:%Y-%m-%d}前"
    context.update(
        {
            "stages": stages,
            "assignments": assignments,
            "events": _collapse_edits(context["events"]),
            "current_stage": current,
            "contacts": [r for r in context["records"] if r.kind == HandlingRecord.Kind.CONTACT],
            "sent_replies": [r for r in context["replies"] if r.stage == Reply.Stage.SENT],
            "commitments": queries.commitments_of(s),
            "my_link": my_link,
            "attachments": s.attachments.all(),
            "editable": s.status in queries.EDITABLE,
        }
    )
    return render(request, "portal/track.html", context)


def _collapse_edits(events):
    """Autosave writes an `edit` event every few seconds; the deputy's timeline shows a run of them once."""
    collapsed = []
    for e, label in events:
        if collapsed and e.name == "edit" and collapsed[-1][0].name == "edit":
            collapsed[-1] = (e, label)
            continue
        collapsed.append((e, label))
    return collapsed
