"""The unit's organisation page (/unit/organisation/): its divisions and their people.

Every person of the unit reads it; its leaders (负责人) keep it. Writes go through `units.actions`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from suggestions.errors import Conflict, InvalidInput
from workbench.views.common import unit_only

from . import actions
from .forms import DivisionForm, PlaceForm
from .models import Division
from .parties import may_organise


def _page(request, *, division_form=None, status=200):
    user = request.user
    unit = user.unit
    divisions = list(
        Division.objects.filter(unit=unit)
        .select_related("head")
        .annotate(active=Count("handoffs", filter=Q(handoffs__is_active=True)))
    )
    people = list(
        User.objects.filter(unit=unit, is_active=True).select_related("division_membership__division").order_by("pk")
    )
    by_division = {d.pk: [] for d in divisions}
    unplaced = []
    for person in people:
        membership = getattr(person, "division_membership", None)
        (by_division[membership.division_id] if membership else unplaced).append(person)
    return render(
        request,
        "units/organisation.html",
        {
            "unit": unit,
            "rows": [(d, by_division[d.pk]) for d in divisions],
            "people": people,
            "unplaced": unplaced,
            "divisions": divisions,
            "may_organise": may_organise(user),
            "division_form": division_form or DivisionForm(unit=unit),
        },
        status=status,
    )


@unit_only
def organisation(request):
    return _page(request)


def _organiser(request):
    if not may_organise(request.user):
        raise PermissionDenied("只有本单位负责人可以调整内设处室")
    return request.user.unit


@require_POST
@unit_only
def add_division(request):
    unit = _organiser(request)
    form = DivisionForm(request.POST, unit=unit)
    if not form.is_valid():
        return _page(request, division_form=form, status=400)
    try:
        division = actions.save_division(unit, actor=request.user, **form.cleaned_data)
    except InvalidInput as exc:
        for field, errors in exc.errors.items():
            for e in errors:
                form.add_error(field, e)
        return _page(request, division_form=form, status=400)
    messages.success(request, f"已添加{division}")
    return redirect("units:organisation")


@require_POST
@unit_only
def edit_division(request, pk):
    unit = _organiser(request)
    division = get_object_or_404(Division, unit=unit, pk=pk)
    form = DivisionForm(request.POST, unit=unit)
    try:
        if not form.is_valid():
            raise InvalidInput({k: [str(m) for m in v] for k, v in form.errors.items()})
        actions.save_division(unit, actor=request.user, division=division, **form.cleaned_data)
    except InvalidInput as exc:
        messages.error(request, "；".join(m for msgs in exc.errors.values() for m in msgs))
        return redirect("units:organisation")
    messages.success(request, f"已保存{division}")
    return redirect("units:organisation")


@require_POST
@unit_only
def delete_division(request, pk):
    unit = _organiser(request)
    division = get_object_or_404(Division, unit=unit, pk=pk)
    try:
        actions.delete_division(division, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("units:organisation")
    messages.success(request, f"已删除{division}")
    return redirect("units:organisation")


@require_POST
@unit_only
def place_person(request):
    unit = _organiser(request)
    form = PlaceForm(request.POST, unit=unit)
    if not form.is_valid():
        messages.error(request, "请选择本单位的人员和处室")
        return redirect("units:organisation")
    person, division = form.cleaned_data["user"], form.cleaned_data["division"]
    actions.place(person, division, actor=request.user)
    messages.success(request, f"已将{person}调整至{division or '未分配'}")
    return redirect("units:organisation")
