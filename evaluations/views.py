"""Office pages for evaluations, and the public page of published results."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from congress.models import Session
from disclosure.office import _message, office_only
from jianyi.params import get_ids, get_int
from suggestions.errors import Conflict, InvalidInput

from . import scoring, services
from .models import Nomination, Round


@office_only
def round_list(request):
    if request.method == "POST":
        session = get_object_or_404(Session, pk=get_int(request.POST, "session", 0))
        try:
            rnd = services.open_round(actor=request.user, session=session, name=request.POST.get("name", ""))
            return redirect("evaluations:detail", pk=rnd.pk)
        except InvalidInput as e:
            messages.error(request, _message(e))
    rounds = Round.objects.select_related("session")
    return render(request, "evaluations/list.html", {"rounds": rounds, "sessions": Session.objects.all()})


@office_only
def detail(request, pk):
    rnd = get_object_or_404(Round.objects.select_related("session", "decided_by"), pk=pk)
    noms = rnd.nominations.select_related("suggestion__lead_deputy", "unit", "nominated_by")
    ctx = {"round": rnd, "nominations": noms, "weights": scoring.UNIT_WEIGHTS}
    if rnd.state == Round.State.NOMINATING:
        taken_s = {n.suggestion_id for n in noms}
        taken_u = {n.unit_id for n in noms}
        ctx["unit_candidates"] = [c for c in scoring.unit_candidates(rnd.session) if c.key not in taken_u][:30]
        ctx["suggestion_candidates"] = [
            c for c in scoring.suggestion_candidates(rnd.session, limit=60) if c.key not in taken_s
        ][:30]
    return render(request, "evaluations/detail.html", ctx)


def _act(request, rnd, do, ok: str):
    try:
        do()
        messages.success(request, ok)
    except (Conflict, InvalidInput) as e:
        messages.error(request, _message(e))
    return redirect("evaluations:detail", pk=rnd.pk)


@office_only
@require_POST
def nominate(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    s_ids, u_ids = get_ids(request.POST, "suggestion"), get_ids(request.POST, "unit")
    if not s_ids and not u_ids:
        messages.error(request, "请勾选要推荐的建议或单位")
        return redirect("evaluations:detail", pk=rnd.pk)
    reason = request.POST.get("reason", "")
    return _act(
        request,
        rnd,
        lambda: services.nominate(rnd, actor=request.user, suggestions=s_ids, units=u_ids, reason=reason),
        f"已推荐 {len(s_ids) + len(u_ids)} 个对象",
    )


@office_only
@require_POST
def withdraw(request, pk, nomination):
    nom = get_object_or_404(Nomination, pk=nomination, round_id=pk)
    return _act(request, nom.round, lambda: services.withdraw_nomination(nom, actor=request.user), "已撤回推荐")


@office_only
@require_POST
def decide(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    ids = get_ids(request.POST, "awarded")
    note = request.POST.get("note", "")
    return _act(
        request, rnd, lambda: services.decide(rnd, actor=request.user, awarded_ids=ids, note=note), "评选结果已确定"
    )


@office_only
@require_POST
def publish(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    return _act(request, rnd, lambda: services.publish(rnd, actor=request.user), "评选结果已在公开网站公布")


def public_awards(request):
    """Published evaluation results: names, titles, units and scores only."""
    awarded = Nomination.objects.filter(awarded=True).select_related(
        "suggestion__lead_deputy__delegation", "suggestion__session", "unit"
    )
    rounds = (
        Round.objects.filter(state=Round.State.PUBLISHED)
        .select_related("session")
        .prefetch_related(Prefetch("nominations", awarded, to_attr="winners"))
        .order_by("-published_at")
    )
    return render(request, "evaluations/public.html", {"rounds": rounds})
