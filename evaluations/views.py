"""Office pages for evaluations and the yearly appraisal, the deputies' questionnaires, and the public results."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from congress.models import Session, Unit
from disclosure.office import _message, office_only
from jianyi.params import get_ids, get_int
from portal.views import deputy_required
from suggestions.errors import Conflict, InvalidInput

from . import appraisal as appraisals
from . import scoring, services
from .forms import AppraisalForm, OfficeScoreForm
from .models import Appraisal, AppraisalAnswer, Nomination, OfficeScore, Round


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


# --- 办理情况评议 --------------------------------------------------------------------------------


@office_only
def appraisal_list(request):
    if request.method == "POST":
        year = get_int(request.POST, "year", minimum=2000, maximum=2100)
        if year is None:
            messages.error(request, "请填写正确的年度")
        else:
            try:
                a = services.open_appraisal(actor=request.user, year=year, name=request.POST.get("name", ""))
                messages.success(request, f"已发起{a.name}，代表可在履职页面填写评议问卷")
                return redirect("evaluations:appraisal", pk=a.pk)
            except Conflict as e:
                messages.error(request, _message(e))
    rows = Appraisal.objects.select_related("opened_by", "closed_by")
    return render(request, "evaluations/appraisals.html", {"appraisals": rows, "this_year": timezone.localdate().year})


@office_only
def appraisal_detail(request, pk):
    appraisal = get_object_or_404(Appraisal.objects.select_related("opened_by", "closed_by"), pk=pk)
    rows = appraisals.results(appraisal)
    return render(
        request,
        "evaluations/appraisal.html",
        {
            "appraisal": appraisal,
            "rows": rows,
            "invited": sum(r.invited for r in rows),
            "answered": sum(r.answered for r in rows),
            "comments": AppraisalAnswer.objects.filter(appraisal=appraisal)
            .exclude(comment="")
            .select_related("unit")
            .order_by("unit__short_name", "id")[:200],
        },
    )


@office_only
@require_POST
def appraisal_close(request, pk):
    appraisal = get_object_or_404(Appraisal, pk=pk)
    try:
        services.close_appraisal(appraisal, actor=request.user)
        messages.success(request, "评议已结束，结果计入当年先进承办单位评选得分")
    except Conflict as e:
        messages.error(request, _message(e))
    return redirect("evaluations:appraisal", pk=appraisal.pk)


@office_only
def appraisal_score(request, pk, unit):
    appraisal = get_object_or_404(Appraisal, pk=pk)
    unit = get_object_or_404(Unit, pk=unit)
    current = OfficeScore.objects.filter(appraisal=appraisal, unit=unit).first()
    initial = (
        {"attitude": current.attitude, "contact": current.contact, "result": current.result, "note": current.note}
        if current
        else None
    )
    form = OfficeScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_unit(appraisal, actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, f"已记录对{unit.short_name}的评议")
        except Conflict as e:
            messages.error(request, _message(e))
        return redirect("evaluations:appraisal", pk=appraisal.pk)
    return render(
        request,
        "evaluations/appraisal_form.html",
        {"form": form, "title": f"选任联工委评议：{unit.short_name}", "appraisal": appraisal, "office": True},
        status=400 if form.is_bound else 200,
    )


@deputy_required
def my_appraisals(request):
    """The deputy's questionnaires: those still to answer in open appraisals, and those answered."""
    answered = AppraisalAnswer.objects.filter(deputy=request.user.deputy).select_related("appraisal", "unit")
    return render(
        request,
        "evaluations/my_appraisals.html",
        {
            "pending": appraisals.pending_for(request.user),
            "answered": answered.order_by("-appraisal__year", "unit__short_name"),
        },
    )


@deputy_required
def answer(request, pk, unit):
    appraisal = get_object_or_404(Appraisal, pk=pk)
    unit = get_object_or_404(Unit, pk=unit)
    deputy = request.user.deputy
    if not appraisals.may_rate(deputy, unit, appraisal.year):
        raise Http404("没有找到该评议问卷")
    if AppraisalAnswer.objects.filter(appraisal=appraisal, unit=unit, deputy=deputy).exists():
        messages.info(request, f"您已评议过{unit.short_name}")
        return redirect("appraisal:mine")
    if appraisal.state != Appraisal.State.OPEN:
        messages.error(request, "该年度的办理情况评议已经结束")
        return redirect("appraisal:mine")
    form = AppraisalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_appraisal(appraisal, actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, f"感谢您对{unit.short_name}办理工作的评议")
        except Conflict as e:
            messages.error(request, _message(e))
        return redirect("appraisal:mine")
    handled = appraisals.handled_suggestions(deputy, unit, appraisal.year)
    return render(
        request,
        "evaluations/appraisal_form.html",
        {"form": form, "title": f"{appraisal.name}：{unit.name}", "appraisal": appraisal, "handled": handled},
        status=400 if form.is_bound else 200,
    )
