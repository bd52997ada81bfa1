"""The thread of one suggestion: read (marks it read) and post."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from suggestions import access
from suggestions.errors import InvalidInput

from . import domain
from .models import ReadMark


def _page(request, suggestion, *, error="", body="", status=200):
    mark = ReadMark.objects.filter(suggestion=suggestion, user=request.user).values_list("read_at", flat=True).first()
    messages = list(domain.messages_for(request.user, suggestion))
    for m in messages:
        m.is_new = m.author_id != request.user.pk and (mark is None or m.created_at > mark)
        m.is_mine = m.author_id == request.user.pk
    domain.mark_read(request.user, suggestion)
    template = "threads/partials/thread.html" if request.htmx else "threads/thread_page.html"
    context = {
        "s": suggestion,
        "thread": messages,
        "can_write": domain.can_write(request.user, suggestion),
        "error": error,
        "body": body,
    }
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    suggestion = access.get_for(request.user, pk)
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            domain.post(request.user, suggestion, body)
        except InvalidInput as exc:
            return _page(request, suggestion, error="；".join(exc.errors.get("body", [])), body=body, status=400)
        if not request.htmx:
            return redirect(request.path)
    return _page(request, suggestion)
