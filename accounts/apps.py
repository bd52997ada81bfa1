from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, security, tokens  # noqa: F401 -- registers the system check and the API scheme

        user_logged_in.connect(security.on_login, dispatch_uid="accounts.security.on_login")


class AdminConfig(admin_apps.AdminConfig):
    """The admin with the administrators' separation of duties (accounts/admin_site.py)."""

    default = False
    default_site = "accounts.admin_site.JianyiAdminSite"
