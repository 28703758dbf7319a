from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "ntm.finance"
    label = "finance"
    verbose_name = "Nguồn vốn, công trình, đóng góp"
