"""The admin site with the separation of duties of the three administrators (三权分立).

- 系统管理员 `system_admin`: accounts (not their roles or permissions), handling units and the
  congress's reference data and configuration.
- 安全管理员 `security_admin`: users' roles, groups and permissions; never passwords or names.
- 安全审计员 `audit_admin`: nothing here; reads and exports the audit log at /audit/.

`ADMIN_POLICY` is the whole rule: a model not listed is closed to that administrator, whatever
Django permissions the account holds, so a model another app registers later starts closed.
None of them sees deputies' phone, ID number or address, nor any API token, and none can edit an
administrator's or superuser's account (else one could take over another's login).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from .models import ADMIN_ROLES, Role

ALL = frozenset({"view", "add", "change", "delete"})
ADMIN_POLICY: dict[str, dict[str, frozenset[str]]] = {
    Role.SYSTEM_ADMIN: {
        "accounts.user": frozenset({"view", "add", "change"}),
        "congress.term": ALL,
        "congress.session": ALL,
        "congress.delegation": ALL,
        "congress.deputy": frozenset({"view", "add", "change"}),
        "congress.unit": ALL,
        "congress.field": ALL,
        "congress.replycategory": ALL,
        "congress.policy": frozenset({"view", "change"}),
        "congress.deadlinerule": ALL,
        "workbench.replytemplate": ALL,
    },
    Role.SECURITY_ADMIN: {
        "accounts.user": frozenset({"view", "change"}),
        "auth.group": ALL,
        "auth.permission": frozenset({"view"}),
        # API tokens: listed (prefix only) and revoked, never read; lockouts: seen and lifted.
        "accounts.apitoken": frozenset({"view", "delete"}),
        "axes.accessattempt": frozenset({"view", "delete"}),
        "axes.accessfailurelog": frozenset({"view"}),
        "axes.accesslog": frozenset({"view"}),
    },
    Role.AUDIT_ADMIN: {},
}
# Fields no administrator reads, wherever they appear in the admin.
PERSONAL_FIELDS = {"congress.deputy": ("phone", "id_number", "address")}
# On a user, what each administrator may change; everything else is shown read-only.
USER_FIELDS = {
    Role.SYSTEM_ADMIN: {"username", "first_name", "last_name", "email", "phone", "unit", "is_active"},
    Role.SECURITY_ADMIN: {"role", "groups", "user_permissions", "is_staff"},
}
ACCESS_FIELDS = {"role", "groups", "user_permissions", "is_staff", "is_superuser"}


def administrator(request) -> str | None:
    role = getattr(request.user, "role", "")
    return role if role in ADMIN_ROLES else None


class SeparationOfDuties:
    """Mixed into every ModelAdmin registered on the site."""

    def _may(self, request, what: str) -> bool:
        return what in ADMIN_POLICY[administrator(request)].get(self.opts.label_lower, ())

    def has_module_permission(self, request):
        if administrator(request):
            return any(self._may(request, w) for w in ALL)
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if administrator(request):
            return self._may(request, "view")
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        if administrator(request):
            return self._may(request, "add")
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if administrator(request):
            return self._may(request, "change")
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if administrator(request):
            return self._may(request, "delete")
        return super().has_delete_permission(request, obj)

    def get_exclude(self, request, obj=None):
        personal = PERSONAL_FIELDS.get(self.opts.label_lower, ())
        return tuple(super().get_exclude(request, obj) or ()) + tuple(personal)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if administrator(request) and self.opts.label_lower == "accounts.user":
            # Nobody manages an administrator's account from here: that would let one take another's.
            return qs.exclude(role__in=ADMIN_ROLES).exclude(is_superuser=True)
        return qs

    def get_readonly_fields(self, request, obj=None):
        role = administrator(request)
        readonly = tuple(super().get_readonly_fields(request, obj))
        if role and self.opts.label_lower == "accounts.user" and obj is not None:
            editable = USER_FIELDS.get(role, set())
            names = [f.name for f in self.opts.get_fields() if getattr(f, "editable", False) and not f.auto_created]
            readonly += tuple(n for n in names if n not in editable and n != "password")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if administrator(request) == Role.SECURITY_ADMIN and self.opts.label_lower == "accounts.user":
            # The password hash summary links to the password form: not a security administrator's task.
            return [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]}) for name, opts in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if administrator(request) == Role.SECURITY_ADMIN and "password" in form.base_fields:
            # UserChangeForm declares `password` itself, so leaving it out of the fieldsets is not enough.
            form = type(form.__name__, (form,), {})
            form.base_fields = {k: v for k, v in form.base_fields.items() if k != "password"}
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if administrator(request) and db_field.name == "role":
            field.choices = [(v, label) for v, label in field.choices if v not in ADMIN_ROLES]
        return field

    def user_change_password(self, request, id, form_url=""):
        if administrator(request) != Role.SYSTEM_ADMIN and administrator(request) is not None:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class JianyiAdminSite(admin.AdminSite):
    site_header = site_title = "建议办理平台管理"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SeparationOfDuties):
            admin_class = type(
                admin_class.__name__, (SeparationOfDuties, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)
