"""A drafted document and the official's edits: draft → issued (numbered, dated, signed, then frozen)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    BAO_CAO = "bao-cao", "Báo cáo"
    KE_HOACH = "ke-hoach", "Kế hoạch"


class DocumentState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class Document(models.Model):
    """One báo cáo or kế hoạch of a unit for a period.

    `paragraphs` holds the drafted lines by section key, `figures` the figures each section was
    drafted from; `edits` the official's text by the same keys, `edit_figures` the figures the
    section showed when it was edited (to say what changed since). `issued_content` is the whole
    composed document at issue: an issued document exports exactly that, whatever the data become.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_key = models.CharField(max_length=10)
    set_id = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT)
    number = models.CharField(max_length=40, blank=True, help_text="số văn bản, ví dụ «45» hoặc «45/BC-UBND»")
    issued_on = models.DateField(null=True, blank=True)
    signer_name = models.CharField(max_length=120, blank=True)
    signer_title = models.CharField(max_length=120, blank=True, help_text="ví dụ «PHÓ CHỦ TỊCH»")
    facts = models.JSONField(default=dict, help_text="số liệu dùng để soạn")
    paragraphs = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)
    edits = models.JSONField(default=dict, blank=True)
    edit_figures = models.JSONField(default=dict, blank=True)
    issued_content = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit_id", "-period_key", "kind", "-id"]
        indexes = [models.Index(fields=["unit", "kind", "period_key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_key} — {self.unit}"

    @property
    def is_issued(self) -> bool:
        return self.state == DocumentState.ISSUED

    def as_audit(self) -> dict[str, object]:
        return {"kind": self.kind, "period_key": self.period_key, "state": self.state, "number": self.number,
                "issued_on": self.issued_on.isoformat() if self.issued_on else None, "edits": self.edits,
                "revision": self.revision}
