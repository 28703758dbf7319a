from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "ntm.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi tiêu chí"
