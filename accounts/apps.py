from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, security, tokens  # noqa: F401 -- registers the system check and the API scheme

        user_logged_in.connect(security.on_login, dispatch_uid="accounts.security.on_login")
