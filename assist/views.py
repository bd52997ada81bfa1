"""The assistance panels: thin views over precheck, search_index and recommend.

- `/assist/draft/`: the deputy's (or office's) draft panel: 预审 warnings, the suggested field and
  similar suggestions from the published catalogue of this and past terms (htmx, debounced by
  static/assist/assist.js);
- `/assist/recommend/<pk>/`: the ranked lead and co-units of one registered suggestion, each with
  its reasons and a one-click 采用 for the 交办 form;
- `/assist/duplicates/`: the office's near-duplicate groups of a session (并案 candidates).
"""

from django.shortcuts import render

from accounts.models import Role
from congress.models import Session
from jianyi.params import get_int
from suggestions import access
from workbench.views.common import office_only, role_required

from . import precheck, recommend, search_index

MAX_TEXT = 5000


@role_required(Role.DEPUTY, Role.OFFICE)
def draft_panel(request):
    title = request.GET.get("title", "")[:200]
    body = request.GET.get("body", "")[:MAX_TEXT]
    exclude = [pk] if (pk := get_int(request.GET, "draft")) else []
    result = precheck.check(title, body) if (title.strip() or body.strip()) else None
    pool = access.public() if request.user.role == Role.DEPUTY else access.visible_to(request.user)
    similar = search_index.similar(title, body, pool, exclude=exclude) if title.strip() else []
    return render(request, "assist/partials/draft_panel.html", {"result": result, "similar": similar})


@office_only
def recommend_panel(request, pk):
    s = access.get_for(request.user, pk)
    ranking = recommend.recommend_units(s, n=5)
    return render(request, "assist/partials/recommend_panel.html", {"s": s, "ranking": ranking})


@office_only
def duplicates(request):
    sessions = Session.objects.order_by("-start_date")
    session = sessions.filter(pk=get_int(request.GET, "session")).first() or sessions.first()
    groups = search_index.duplicate_groups(session) if session else []
    feedback = recommend.feedback_counts(session) if session else None
    return render(
        request,
        "assist/duplicates.html",
        {"sessions": sessions, "session": session, "groups": groups, "feedback": feedback, "tab": "duplicates"},
    )
