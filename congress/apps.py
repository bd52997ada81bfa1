from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = "人大与承办单位"
