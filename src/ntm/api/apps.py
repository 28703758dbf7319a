from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ntm.api"
    label = "api"
    verbose_name = "API"
