from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ntm.web"
    label = "web"
    verbose_name = "Trang web"
