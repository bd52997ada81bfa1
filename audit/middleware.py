"""Audit what happens at the HTTP boundary: denials, write requests and downloads.

- Every 401/403 answer (web pages, the admin, the API's exception handler all end here) is a
  `denied` record with the path and method.
- Every write request (POST/PUT/PATCH/DELETE) of a logged-in user is a `request` record with its
  status: the address and outcome of each write, next to the domain's own records of what it wrote.
- Every download a logged-in user receives (a response sent as an attachment) is an `export`
  record naming the file. Public open data needs no login and is not recorded.
"""

import re
from urllib.parse import unquote

from . import log
from .models import Kind, Outcome

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The login form's own POST is recorded by the login/failure receivers.
QUIET_PATHS = ("/accounts/login/",)


def _outcome(status: int) -> str:
    if status in (401, 403):
        return Outcome.DENIED
    return Outcome.SUCCESS if status < 400 else Outcome.FAILURE


def _filename(response) -> str:
    """The download's name as the user saw it: RFC 5987 `filename*=utf-8''...` decoded, else `filename=`."""
    disposition = response.get("Content-Disposition", "")
    if match := re.search(r"filename\*=(?:utf-8|UTF-8)''([^;]+)", disposition):
        return unquote(match.group(1))
    if match := re.search(r'filename="?([^";]+)"?', disposition):
        return match.group(1)
    return ""


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        status = response.status_code
        where = {"method": request.method, "path": request.path[:300], "status": status}
        if status in (401, 403):
            log.record(
                Kind.DENIED, "denied", request=request, target=request.path[:200], outcome=Outcome.DENIED, detail=where
            )
        elif authenticated and "attachment" in response.get("Content-Disposition", ""):
            where["file"] = _filename(response)[:200]
            if request.GET:
                where["query"] = request.GET.urlencode()[:500]
            log.record(Kind.EXPORT, "download", request=request, target=request.path[:200], detail=where)
        elif authenticated and request.method in WRITE_METHODS and not request.path.startswith(QUIET_PATHS):
            log.record(
                Kind.REQUEST,
                request.method.lower(),
                request=request,
                target=request.path[:200],
                outcome=_outcome(status),
                detail=where,
            )
        return response
