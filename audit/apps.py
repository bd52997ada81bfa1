from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "安全审计"

    def ready(self):
        from . import receivers  # noqa: F401 -- connects the auth and admin-log receivers
