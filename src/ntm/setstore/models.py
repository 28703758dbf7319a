"""Criteria sets kept by the province offices: versions of a set in the catalogue's YAML format, and the
copies of the pages their thresholds come from."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models

MAX_COPY_BYTES = 10 * 1024 * 1024


class SetState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã ban hành"
    SUPERSEDED = "superseded", "Đã thay thế"


class ThresholdStatus(models.TextChoices):
    """The catalogue's `status` of a threshold (the file keeps the codes; "seed" = from a report)."""

    CONFIRMED = "confirmed", "Đã xác nhận"
    SEED = "seed", "Theo báo cáo"
    RECALLED = "recalled", "Nhớ lại, chưa đối chiếu"
    UNKNOWN = "unknown", "Chưa rõ"


class SetVersion(models.Model):
    """One version of a set: a draft, the published one, or one it superseded. Never edited once published.

    `content` is the set exactly as a file in criteria/catalogs/ would hold it, checked by the same
    loader; the other fields repeat its header for lists and queries.
    """

    set_id = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField()
    extends = models.CharField(max_length=64, blank=True)
    level = models.CharField(max_length=10, choices=[("commune", "Xã"), ("village", "Thôn")])
    province_code = models.CharField(max_length=10, blank=True, help_text="trống = bộ quốc gia")
    title = models.CharField(max_length=300)
    decision = models.CharField(max_length=120, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=SetState.choices, default=SetState.DRAFT)
    content = models.TextField(help_text="bộ tiêu chí theo định dạng tệp YAML của danh mục")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", help_text="người sửa gần nhất")
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["set_id", "version"], name="setversion_unique"),
            models.UniqueConstraint(fields=["set_id"], condition=models.Q(state="published"),
                                    name="setversion_one_published"),
        ]
        ordering = ["set_id", "-version"]
        verbose_name = "phiên bản bộ tiêu chí"

    def __str__(self) -> str:
        return f"{self.set_id} v{self.version}"

    @property
    def document_name(self) -> str:
        """How messages name this version: "db:th-38-318@v2.yaml"."""
        return f"db:{self.set_id}@v{self.version}.yaml"

    def as_audit(self) -> dict[str, Any]:
        return {"set_id": self.set_id, "version": self.version, "state": self.state, "revision": self.revision,
                "content": self.content}


def _size_limit(upload: Any) -> None:
    if upload.size > MAX_COPY_BYTES:
        raise ValidationError("tệp quá 10 MB")


class ThresholdSource(models.Model):
    """Where a threshold of a set comes from: decision, article or annex row, and a copy of the page."""

    set_id = models.CharField(max_length=64, db_index=True)
    indicator = models.CharField(max_length=20)
    decision_number = models.CharField(max_length=60, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    article = models.CharField(max_length=200, blank=True, help_text="điều, khoản, phụ lục, dòng")
    status = models.CharField(max_length=12, choices=ThresholdStatus.choices, default=ThresholdStatus.UNKNOWN)
    copy = models.FileField(upload_to="setstore/%Y/", blank=True, validators=[
        FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]), _size_limit])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["set_id", "indicator"], name="thresholdsource_unique")]
        verbose_name = "nguồn ngưỡng"
