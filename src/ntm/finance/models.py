"""Funding by source, works (công trình), village contributions, OCOP products and campaigns.

Amounts are whole đồng. Totals are never stored: they are summed from their parts; a total a
document states is kept apart (`StatedTotal`) and compared with the sum, never trusted over it.
Every editable row carries `revision`, raised by each save, so a concurrent edit is detected.
"""

from __future__ import annotations

from django.db import models

from ntm.common.models import Revised
from ntm.monitoring.models import Source


class FundingSource(models.TextChoices):
    """One taxonomy of sources. `central_province` is for documents that state the two together."""

    CENTRAL = "central", "Ngân sách Trung ương"
    PROVINCE = "province", "Ngân sách tỉnh"
    CENTRAL_PROVINCE = "central_province", "Ngân sách Trung ương và tỉnh (không tách)"
    DISTRICT = "district", "Ngân sách huyện (trước 7/2025)"
    COMMUNE = "commune", "Ngân sách xã"
    INTEGRATED = "integrated", "Lồng ghép các chương trình, dự án"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    CREDIT = "credit", "Vốn tín dụng"
    PEOPLE = "people", "Nhân dân đóng góp"
    OTHER = "other", "Nguồn khác"


class Measure(models.TextChoices):
    PLANNED = "planned", "Kế hoạch"
    ALLOCATED = "allocated", "Đã phân bổ"
    DISBURSED = "disbursed", "Đã giải ngân"


class WorkStatus(models.TextChoices):
    PLANNED = "planned", "Chuẩn bị đầu tư"
    IN_PROGRESS = "in_progress", "Đang thi công"
    DONE = "done", "Hoàn thành"
    SUSPENDED = "suspended", "Tạm dừng"


class Work(Revised):
    """A công trình: where, which criterion it serves, its budget by source (Funding rows), progress."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="works",
                             help_text="xã chủ đầu tư")
    village = models.ForeignKey("geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=500)
    criterion = models.PositiveSmallIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(help_text="năm kế hoạch vốn")
    status = models.CharField(max_length=12, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    progress_pct = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["unit_id", "-year", "name", "id"]

    def __str__(self) -> str:
        return self.name


class WorkDocument(models.Model):
    """A file kept with a work: decision, estimate, acceptance record, photo."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="works/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Funding(Revised):
    """The money of one source for one unit and year, or for one work: planned, allocated, disbursed."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="funding")
    year = models.PositiveSmallIntegerField()
    source_kind = models.CharField(max_length=20, choices=FundingSource.choices)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="funding")
    planned = models.BigIntegerField(null=True, blank=True)
    allocated = models.BigIntegerField(null=True, blank=True)
    disbursed = models.BigIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "source_kind"], condition=models.Q(work__isnull=True),
                                    name="funding_unit_year_source_unique"),
            models.UniqueConstraint(fields=["work", "year", "source_kind"], condition=models.Q(work__isnull=False),
                                    name="funding_work_year_source_unique"),
        ]
        ordering = ["unit_id", "-year", "work_id", "source_kind"]


class StatedTotal(Revised):
    """A total as a document or an official stated it, kept beside the sum of the parts."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="stated_totals")
    year = models.PositiveSmallIntegerField()
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="stated_totals")
    measure = models.CharField(max_length=10, choices=Measure.choices, default=Measure.PLANNED)
    amount = models.BigIntegerField()
    quote = models.TextField(blank=True, help_text="câu trong văn bản nêu tổng")
    document = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["unit_id", "-year", "work_id", "measure"]


class ContributionKind(models.TextChoices):
    MONEY = "money", "Tiền"
    LABOUR = "labour", "Ngày công"
    LAND = "land", "Hiến đất"
    MATERIAL = "material", "Vật liệu"
    OUTPUT = "output", "Khối lượng thực hiện"


class Contribution(Revised):
    """What a village gave in one campaign or year: a quantity with its unit (m², ngày công, tấn, m…)."""

    village = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField()
    campaign = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=ContributionKind.choices)
    item = models.CharField(max_length=200, help_text="ví dụ «xi măng», «đường bê tông», «hàng rào xanh»")
    quantity = models.DecimalField(max_digits=20, decimal_places=3)
    measure_unit = models.CharField(max_length=20, help_text="đồng, ngày công, m², m, m³, tấn, cây…")
    value_vnd = models.BigIntegerField(null=True, blank=True, help_text="quy ra tiền, nếu văn bản ghi")
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions")
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["village_id", "-year", "kind", "id"]


class OcopProduct(Revised):
    """An OCOP product of the commune: who makes it and its star rating."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="ocop_products")
    village = models.ForeignKey("geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    producer = models.CharField(max_length=200)
    stars = models.PositiveSmallIntegerField(null=True, blank=True, help_text="3, 4 hoặc 5 sao; trống khi chưa xếp")
    rated_year = models.PositiveSmallIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=200, blank=True, help_text="quyết định công nhận")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["unit_id", "name"]


class CampaignKind(models.TextChoices):
    CAMPAIGN = "campaign", "Phong trào, đợt ra quân"
    PROPAGANDA = "propaganda", "Tuyên truyền"
    TRAINING = "training", "Tập huấn"


class Campaign(Revised):
    """A campaign or propaganda session: when, by whom, for whom, how many people."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="campaigns")
    kind = models.CharField(max_length=10, choices=CampaignKind.choices)
    title = models.CharField(max_length=300)
    held_on = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField()
    body = models.CharField(max_length=200, blank=True, help_text="đơn vị tổ chức")
    audience = models.CharField(max_length=200, blank=True)
    sessions = models.PositiveIntegerField(null=True, blank=True, help_text="số buổi, số đợt")
    people = models.PositiveIntegerField(null=True, blank=True, help_text="số lượt người tham gia")
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["unit_id", "-year", "held_on", "id"]
