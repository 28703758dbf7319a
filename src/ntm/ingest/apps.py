from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ntm.ingest"
    label = "ingest"
    verbose_name = "Nhập báo cáo cũ"
