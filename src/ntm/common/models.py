"""Cross-app records: the audit trail and who may act on which administrative unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One write, whoever made it: who, when, what, before and after. Written only by audit()."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, help_text="tên người dùng, hoặc «hệ thống» cho lệnh ntm")
    action = models.CharField(max_length=80, db_index=True, help_text="<app>.<entity>.<event>")
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    unit_code = models.CharField(max_length=40, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "nhật ký thay đổi"


class Role(models.TextChoices):
    VILLAGE_BOARD = "village_board", "Ban phát triển thôn"
    COMMUNE_OFFICIAL = "commune_official", "Cán bộ xã"
    PROVINCE_OFFICE = "province_office", "Văn phòng điều phối tỉnh"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"


class Membership(models.Model):
    """A user's role at one unit; the unit and everything below it is in the user's scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]
