from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "ntm.recognition"
    label = "recognition"
    verbose_name = "Hồ sơ công nhận đạt chuẩn"
