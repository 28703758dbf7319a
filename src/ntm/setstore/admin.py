"""The database sets and their threshold sources in the admin: to look up, never to edit.

Every change to a set goes through setstore.services (the loader's checks, the revision check, separation of
duties, the audit), from the pages at /bo-tieu-chi/, the API or `ntm criteria import`. The admin shows the
versions and sources as stored; it adds, changes and deletes nothing, so a published version stays as published.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .models import SetVersion, ThresholdSource


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the set pages, the API or `ntm criteria import`

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a draft is edited on its page (checked and audited), a published version never

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history: superseded versions explain past scorecards


@admin.register(SetVersion)
class SetVersionAdmin(_ReadOnly):
    list_display = ("set_id", "version", "state", "level", "province_code", "title", "valid_from", "valid_to",
                    "published_at", "page")
    list_filter = ("state", "level", "province_code")
    search_fields = ("set_id", "title", "decision")
    ordering = ("set_id", "-version")
    readonly_fields = ("page",)

    @admin.display(description="trang bộ tiêu chí")
    def page(self, obj: SetVersion) -> str:
        url = reverse("web:set_detail", kwargs={"set_id": obj.set_id}) + f"?phien-ban={obj.version}"
        return format_html('<a href="{}">{}</a>', url, "mở")


@admin.register(ThresholdSource)
class ThresholdSourceAdmin(_ReadOnly):
    list_display = ("set_id", "indicator", "status", "decision_number", "decision_date", "article", "copy",
                    "uploaded_by", "uploaded_at")
    list_filter = ("status", "set_id")
    search_fields = ("set_id", "indicator", "decision_number", "article")
    ordering = ("set_id", "indicator")
