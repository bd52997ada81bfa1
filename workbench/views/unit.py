"""The unit workbench (承办单位): an inbox by task, and the handling page of one suggestion."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assist import search_index
from jianyi.params import get_int
from suggestions import access
from suggestions.forms import form_for
from suggestions.models import Assignment, HandlingRecord
from suggestions.workflow import context_for
from web.views import suggestion_context

from .. import queries
from ..models import ReplyTemplate
from .common import paginate, query_without, unit_only

Kind = HandlingRecord.Kind


def _tabs_for(user):
    return [t for t in queries.UNIT_TABS if not t.leaders_only or user.role == Role.UNIT_LEADER]


@unit_only
def inbox(request):
    user = request.user
    tabs = _tabs_for(user)
    counts = queries.unit_counts(user)
    key = request.GET.get("tab")
    if key not in {t.key for t in tabs}:
        # Open on the first tab with work in it.
        key = next((t.key for t in tabs if counts[t.key]), tabs[0].key)
    tab = queries.UNIT_TAB_KEYS[key]
    q = request.GET.get("q", "").strip()[:100]
    rows = queries.unit_rows(user, search_index.search(queries.unit_tab(user, key), q))
    page = paginate(request, rows, upto=None if q else queries.unit_tab_total(user, key))
    return render(
        request,
        "workbench/unit_inbox.html",
        {
            "tabs": [(t, counts[t.key]) for t in tabs],
            "tab": tab,
            "page": page,
            "query": query_without(request, "page"),
            "unit": user.unit,
            "q": q,
            "today": timezone.localdate(),  # the 我的 tab marks internal due dates past
        },
    )


def _templates_for(user):
    return ReplyTemplate.objects.filter(Q(unit=user.unit_id) | Q(unit__isnull=True))


@unit_only
def handle(request, pk):
    """The shared suggestion page plus what a unit works with while handling."""
    user = request.user
    suggestion = access.get_for(user, pk)
    context = suggestion_context(request, suggestion)
    ctx = context_for(user, suggestion)
    records = list(context["records"])
    reply = next((r for r in context["replies"] if r.round == suggestion.reply_round + 1), None)
    draft_form = None
    if any(tr.name == "draft_reply" and not blocked for tr, blocked in context["steps"]):
        draft_form = form_for("draft_reply", ctx)
        if reply:
            draft_form.initial = {"body": reply.body, "category": reply.category_id}
    mine = [r for r in records if r.unit_id == user.unit_id]
    co_assignments = [a for a in context["assignments"] if a.role == Assignment.Role.CO and a.is_active]
    return render(
        request,
        "workbench/unit_handle.html",
        {
            **context,
            "next": request.path,
            "my_assignment": ctx.assignment,
            "contacts": [r for r in records if r.kind == Kind.CONTACT],
            "research": [r for r in records if r.kind in (Kind.RESEARCH, Kind.JOINT_REVIEW, Kind.OTHER)],
            "meetings": [r for r in records if r.kind == Kind.LEADERSHIP_MEETING],
            "research_count": sum(
                r.kind in (Kind.RESEARCH, Kind.JOINT_REVIEW, Kind.OTHER, Kind.LEADERSHIP_MEETING) for r in records
            ),
            "co_opinions": [r for r in records if r.kind == Kind.CO_OPINION],
            "co_assignments": co_assignments,
            "four": [
                ("调研", any(r.kind == Kind.RESEARCH for r in mine)),
                ("与代表沟通", any(r.kind == Kind.CONTACT for r in records)),
                ("领导办公会议研究", any(r.kind == Kind.LEADERSHIP_MEETING for r in mine)),
                ("答复", suggestion.reply_round > 0),
            ],
            "reply": reply,
            # The reply being worked on shows its review chain in the workspace, not a second time above it.
            "chain_in_workspace": reply.pk if reply else None,
            "draft_form": draft_form,
            "templates": _templates_for(user) if draft_form else [],
            "draft_action": reverse("web:step", args=[suggestion.pk, "draft_reply"]),
        },
    )


@unit_only
def reply_template(request, pk):
    """htmx: the reply textarea filled from a template (nothing is saved until the draft is)."""
    user = request.user
    suggestion = access.get_for(user, pk)
    template = get_object_or_404(_templates_for(user), pk=get_int(request.GET, "template", 0))
    if not user.unit_id:
        raise Http404
    deputies = "、".join(link.deputy.name for link in suggestion.deputy_links.select_related("deputy"))
    body = template.render(deputy=deputies, title=suggestion.title, unit=user.unit.name)
    ctx = context_for(user, suggestion)
    form = form_for("draft_reply", ctx)
    form.initial = {"body": body}
    return render(request, "workbench/partials/reply_body.html", {"field": form["body"]})
