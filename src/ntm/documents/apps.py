from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ntm.documents"
    label = "documents"
    verbose_name = "Văn bản: báo cáo, kế hoạch, biểu"
