"""Requests refused before any view sees them, and what a read request may read once."""

from django.http import HttpResponseBadRequest, JsonResponse

from congress import reference

NUL_MESSAGE = "请求中含有无效字符（NUL），请检查后重试"


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists())


class RejectNulBytesMiddleware:
    """A NUL byte in the query string or a plain form is a 400, wherever the value would go.

    PostgreSQL refuses NUL in any text, so such a value reaching a query (a search box, a note)
    was a server error there and silently stored on SQLite. Multipart bodies are left to the
    views' forms (Django's CharField refuses NUL), so upload handlers are not fixed too early.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if _has_nul(request.GET) or (form and _has_nul(request.POST)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ReadReferenceOnceMiddleware:
    """A read request (GET, HEAD) reads each reference row once (`congress.reference.cached`).

    A page asks for the Policy in several places (the inbox's kept counts, its tab conditions, its
    due dates): each was a query. Nothing a GET does changes these rows; a write request reads them
    fresh at every step, as before. A streamed body runs after the block, reading the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with reference.cached():
            return self.get_response(request)
