from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"


class AdminConfig(admin_apps.AdminConfig):
    """The admin with the administrators' separation of duties (accounts/admin_site.py)."""

    default = False
    default_site = "accounts.admin_site.JianyiAdminSite"
