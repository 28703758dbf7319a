"""API tokens in the admin: who holds which, until when, last used; revoke from the list."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created", "expires", "last_used", "revoked")
    list_filter = ("revoked", "expires")
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "name", "key_hash", "created", "last_used", "revoked")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is shown once, by `ntm create-api-token`; the admin never sees it

    @admin.action(description="Thu hồi các mã đã chọn")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked__isnull=True).update(revoked=timezone.now())
        self.message_user(request, f"Đã thu hồi {count} mã.")
