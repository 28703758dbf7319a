from django.apps import AppConfig


class SetstoreConfig(AppConfig):
    name = "ntm.setstore"
    label = "setstore"
    verbose_name = "Bộ tiêu chí lưu trong cơ sở dữ liệu"

    def ready(self) -> None:
        from ntm.criteria.catalog import register_extra_sets

        from .provider import published_documents

        register_extra_sets(published_documents)
