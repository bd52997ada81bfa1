from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo congress (`load_demo`, `demo_logins`): not reference data, never loaded in production."""

    name = "demo"
    verbose_name = "演示数据"
