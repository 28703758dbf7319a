"""Cross-app records: the audit trail and who may act on which administrative unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


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


class JobState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không hoàn thành"


class Job(models.Model):
    """A background job (e.g. the báo cáo of every commune of a province): its progress, failures and result file.

    Written only through ntm.common.jobs; the work itself runs as a Django task (`task_id`) on the queue.
    """

    kind = models.CharField(max_length=60, help_text="<app>.<what>, ví dụ documents.province_batch")
    params = models.JSONField(default=dict, blank=True)
    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0, help_text="số mục đã xử lý, kể cả mục lỗi")
    failures = models.JSONField(default=list, blank=True, help_text="[{unit, name, message}]")
    error = models.TextField(blank=True, help_text="vì sao cả việc dừng lại (trạng thái «không hoàn thành»)")
    result = models.FileField(upload_to="jobs/%Y/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now,
                                      help_text="lần ghi cuối (mỗi bước tiến độ): việc im lặng quá lâu là đã dừng")
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "việc chạy nền"

    @property
    def percent(self) -> int:
        """Whole percent of the items handled (0 until the total is known)."""
        return 100 * self.done // self.total if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class Revised(models.Model):
    """A row edited through the services: `revision` rises at each save (a stale one is refused); `version` is
    its API name; `as_audit()` the JSON-safe values an audit entry and a 409 answer carry."""

    revision = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def version(self) -> int:
        return self.revision

    def as_audit(self) -> dict[str, Any]:
        """Every concrete field (foreign keys as ids, decimals and dates as text, files as their name) and the
        many-to-many links as lists of ids."""
        values: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif isinstance(value, date):
                value = value.isoformat()
            elif hasattr(value, "name") and not isinstance(value, str):  # a FieldFile
                value = value.name or None
            values[field.attname] = value
        if self.pk:
            for field in self._meta.many_to_many:
                values[field.name] = sorted(getattr(self, field.name).values_list("pk", flat=True))
        return values
