"""Administrative units of both schemes, villages, and who succeeded whom in the 2025 merger."""

from __future__ import annotations

from django.db import models


class Scheme(models.TextChoices):
    """A code means something only with its scheme: most 2025 codes reuse old numbers."""

    LEGACY = "legacy", "Ba cấp (đến 30/6/2025)"
    Y2025 = "2025", "Hai cấp (từ 1/7/2025)"
    LOCAL = "local", "Thôn, bản (do người dùng tạo)"


class Level(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    DISTRICT = "district", "Huyện"
    COMMUNE = "commune", "Xã"
    VILLAGE = "village", "Thôn"


class Unit(models.Model):
    """A province, district, commune or village, valid between two dates."""

    scheme = models.CharField(max_length=10, choices=Scheme.choices)
    code = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    name = models.CharField(max_length=120, help_text="tên đầy đủ, ví dụ «Xã Cẩm Ngọc»")
    short_name = models.CharField(max_length=120)
    division_type = models.CharField(max_length=30, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    province_code = models.CharField(max_length=10, blank=True, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    search_key = models.CharField(max_length=120, db_index=True, help_text="tên không dấu, chữ thường, để tìm")
    region = models.CharField(max_length=20, blank=True)
    group = models.CharField(max_length=10, blank=True)
    zone = models.CharField(max_length=20, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        # Codes repeat across levels (province 1, district 1, commune 1): unique only with both.
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level", "code"], name="unit_scheme_level_code_unique"),
        ]
        indexes = [models.Index(fields=["scheme", "level", "province_code"])]
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """The unit's identity in URLs and files: "legacy:15169" and "2025:15127" for communes,
        "local:legacy-15169-3" for villages, "2025:province:38" or "legacy:district:390" above them."""
        if self.level in (Level.COMMUNE, Level.VILLAGE):
            return f"{self.scheme}:{self.code}"
        return f"{self.scheme}:{self.level}:{self.code}"


class Succession(models.Model):
    """The official old → new mapping: `predecessor` became (part of) `successor` on `date`."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    date = models.DateField()
    partly = models.BooleanField(default=False, help_text="chỉ một phần địa bàn chuyển sang đơn vị mới")
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique")]
