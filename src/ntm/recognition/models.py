"""Recognition dossiers (hồ sơ xét công nhận), their files, findings, steps and the decision register."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    """Codes match the criteria sets' `kind` and data/checklists.yaml."""

    THON_NTM = "thon_ntm", "Thôn đạt chuẩn NTM"
    THON_KIEU_MAU = "thon_ntm_kieu_mau", "Thôn NTM kiểu mẫu"
    XA_NTM = "xa_ntm", "Xã đạt chuẩn NTM"
    XA_NANG_CAO = "xa_ntm_nang_cao", "Xã NTM nâng cao"
    XA_KIEU_MAU = "xa_ntm_kieu_mau", "Xã NTM kiểu mẫu"


class State(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký"
    ASSESSED = "assessed", "Đã tự đánh giá"
    CONSULTED = "consulted", "Đã lấy ý kiến"
    SUBMITTED = "submitted", "Đã trình thẩm định"
    APPRAISED = "appraised", "Đã thẩm định"
    RECOGNISED = "recognised", "Đã công nhận"
    REFUSED = "refused", "Không công nhận"
    ANNOUNCED = "announced", "Đã công bố"
    REVOKED = "revoked", "Đã thu hồi công nhận"


class Dossier(models.Model):
    """One unit's dossier for one kind of recognition in one target year."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    set_id = models.CharField(max_length=60, help_text="bộ tiêu chí dùng để đánh giá")
    target_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.REGISTERED)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Self-assessment: a frozen copy of the evaluation and its evidence at the time it was made.
    period_key = models.CharField(max_length=10, blank=True, help_text="kỳ số liệu của bản tự đánh giá")
    self_assessment = models.JSONField(null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    # Public consultation (lấy ý kiến).
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_total = models.PositiveIntegerField(null=True, blank=True)
    consultation_note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    appraisal_met = models.BooleanField(null=True, blank=True, help_text="kết luận thẩm định: đạt / chưa đạt")
    appraisal_note = models.TextField(blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    appraised_at = models.DateTimeField(null=True, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    announcement_note = models.TextField(blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="lý do của bước gần nhất (trả lại, không công nhận)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "target_year"], name="dossier_unique_year")]
        ordering = ["-target_year", "unit__name", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.target_year}"

    @property
    def share_in_favour(self) -> float | None:
        """Votes in favour over votes cast, as a fraction; None before the consultation."""
        if not self.votes_total or self.votes_for is None:
            return None
        return self.votes_for / self.votes_total

    def as_audit(self) -> dict[str, Any]:
        return {"state": self.state, "revision": self.revision, "kind": self.kind, "set": self.set_id,
                "year": self.target_year}


class Finding(models.Model):
    """The appraiser's finding on one criterion: met or not, with a comment."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="findings")
    criterion = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    met = models.BooleanField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "criterion"], name="finding_unique")]
        ordering = ["criterion"]


class DossierFile(models.Model):
    """An uploaded document of the checklist; served only after a scope check, never from a public URL."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    item = models.CharField(max_length=40, help_text="mã mục trong danh mục hồ sơ")
    file = models.FileField(upload_to="dossiers/%Y/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "id"]


class DossierEvent(models.Model):
    """One step taken on a dossier: who, when, from which state to which, and why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class Decision(models.Model):
    """The decision register (sổ quyết định công nhận): number, date, signer, for which unit, kind, set, year."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="recognitions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    set_id = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField(db_index=True)
    number = models.CharField(max_length=60, help_text="số quyết định, ví dụ «2908/QĐ-UBND»")
    signed_on = models.DateField()
    signer = models.CharField(max_length=150, help_text="người ký, chức vụ")
    revoked = models.BooleanField(default=False)
    revocation_number = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-year", "unit__name"]
