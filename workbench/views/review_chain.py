"""A unit's review chain for its replies (四级把关), kept by the unit's leader."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from accounts.models import Role
from suggestions import review

from ..forms import ReviewChainForm
from .common import role_required


@role_required(Role.UNIT_LEADER)
def review_chain(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied("您尚未归属承办单位")
    if request.method == "POST" and "reset" in request.POST:
        review.reset(unit, actor=request.user)
        messages.success(request, "已恢复默认审核流程。")
        return redirect("workbench:review_chain")
    if request.method == "POST":
        form = ReviewChainForm(request.POST, unit=unit)
        if form.is_valid():
            review.configure(unit, form.cleaned_data["levels"], actor=request.user)
            messages.success(request, "已保存本单位答复审核流程，此后提交审核的答复按新流程审核。")
            return redirect("workbench:review_chain")
    else:
        form = ReviewChainForm(unit=unit, initial=ReviewChainForm.initial_for(review.chain_for(unit)))
    current = review.chain_for(unit)
    return render(
        request,
        "workbench/unit_review_chain.html",
        {
            "unit": unit,
            "form": form,
            "current": [(lv["label"], review.holder_text(lv)) for lv in current],
            "configured": review.is_configured(unit),
        },
    )
