from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ntm.planning"
    label = "planning"
    verbose_name = "Kế hoạch, mục tiêu, nhiệm vụ"
