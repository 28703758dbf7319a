"""An uploaded legacy report: its extracted facts, then what the official confirmed and saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Chờ xác nhận"
    CONFIRMED = "confirmed", "Đã xác nhận"
    DISCARDED = "discarded", "Đã bỏ"
    REPLACED = "replaced", "Đã thay thế"


class ImportRecord(models.Model):
    """One file: the repaired text, the facts read from it, and — once confirmed — where they went.

    `content_hash` (SHA-256 of the file's bytes) lets a second upload of the same file be refused;
    `replaces` names the confirmed import this one takes over once it is confirmed itself.
    `confirmed_facts` keeps the confirmed funding, works, targets, villages and signer in the
    extraction contract's shape, for the programme-management models to take over.
    """

    file = models.FileField(upload_to="imports/%Y/")
    filename = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    facts = models.JSONField()
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    unit = models.ForeignKey("geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="imports")
    set_id = models.CharField(max_length=60, blank=True)
    period_key = models.CharField(max_length=10, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_facts = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
