"""Helpers the three workbenches share: role checks, pagination and the query string."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from web.paging import CappedPaginator

PAGE_SIZE = 50


def role_required(*roles: str, unit_staff: bool = False):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.role in roles or (unit_staff and user.is_unit_staff):
                return view(request, *args, **kwargs)
            raise PermissionDenied("此页面仅供相关工作人员使用")

        return wrapper

    return decorator


office_only = role_required(Role.OFFICE)
unit_only = role_required(unit_staff=True)
supervisor_only = role_required(Role.SUPERVISOR, Role.OFFICE)


def paginate(request, qs, per_page: int | None = None, upto: int | None = None):
    return CappedPaginator(qs, per_page or PAGE_SIZE, upto=upto).get_page(request.GET.get("page"))


def query_without(request, *keys: str) -> str:
    """The current query string without `keys` (page links and exports keep the filters)."""
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()
