"""Short user guides, one per role, in Chinese. Anyone may read them (the public one is for everyone)."""

from django.http import Http404
from django.shortcuts import redirect, render

GUIDES = {
    "deputy": "人大代表",
    "office": "选任联工委",
    "unit": "承办单位（经办人、负责人）",
    "supervisor": "督办人员",
    "public": "社会公众",
}

ROLE_TO_GUIDE = {
    "deputy": "deputy",
    "office": "office",
    "unit_handler": "unit",
    "unit_leader": "unit",
    "supervisor": "supervisor",
}


def index(request):
    if request.user.is_authenticated and request.user.role in ROLE_TO_GUIDE:
        return redirect("guides:guide", ROLE_TO_GUIDE[request.user.role])
    return render(request, "guides/index.html", {"guides": GUIDES})


def guide(request, role):
    if role not in GUIDES:
        raise Http404("没有这份使用说明")
    # A guide links to its role's workbench only for readers of that role: anyone else would get a 403.
    own = request.user.is_authenticated and ROLE_TO_GUIDE.get(request.user.role) == role
    return render(
        request, f"guides/{role}.html", {"guides": GUIDES, "role": role, "audience": GUIDES[role], "own": own}
    )
