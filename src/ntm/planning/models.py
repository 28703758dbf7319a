"""The steering committee and its assignments, yearly plans (versioned), their targets and tasks.

A target's "reached?" is never stored: it comes from the evaluation engine at the date asked.
Every editable row carries `revision`, raised by each save, so a concurrent edit is detected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ntm.common.models import Revised
from ntm.monitoring.models import Source


class Body(models.TextChoices):
    STEERING = "steering", "Ban Chỉ đạo xã"
    MANAGEMENT = "management", "Ban Quản lý xã"
    VILLAGE_BOARD = "village_board", "Ban Phát triển thôn"
    PEOPLES_COMMITTEE = "peoples_committee", "UBND xã"
    MASS_ORGANISATION = "mass_organisation", "Mặt trận Tổ quốc, đoàn thể"
    OTHER = "other", "Khác"


class CommitteeMember(Revised):
    """A member of a commune's Ban chỉ đạo / Ban quản lý or of a village's Ban phát triển thôn.

    A member may be a user of ntm or just a name. `criteria` holds the criterion numbers assigned
    ("6", "15"); `villages` the villages assigned to follow.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="committee_members")
    body = models.CharField(max_length=20, choices=Body.choices)
    name = models.CharField(max_length=120)
    position = models.CharField(max_length=200, blank=True, help_text="chức vụ, ví dụ «Phó Chủ tịch UBND xã»")
    role_in_body = models.CharField(max_length=80, blank=True, help_text="Trưởng ban, Phó ban, Thành viên…")
    contact = models.CharField(max_length=200, blank=True, help_text="điện thoại, thư điện tử")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="committee_seats")
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)
    criteria = models.JSONField(default=list, blank=True, help_text="số các tiêu chí được phân công")
    villages = models.ManyToManyField("geo.Unit", blank=True, related_name="assigned_members")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    class Meta:
        ordering = ["unit_id", "body", "id"]

    def __str__(self) -> str:
        return self.name


class PlanState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    CLOSED = "closed", "Đã kết thúc"


class Plan(Revised):
    """One version of a unit's yearly kế hoạch. An issued version is frozen; a new draft supersedes it."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="superseded_by")
    set_id = models.CharField(max_length=60, blank=True, help_text="bộ tiêu chí mà kế hoạch hướng tới")
    title = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    number = models.CharField(max_length=40, blank=True, help_text="số văn bản, ví dụ «45/KH-UBND»")
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signer_name = models.CharField(max_length=120, blank=True)
    signer_title = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "version"], name="plan_version_unique")]
        ordering = ["unit_id", "-year", "-version"]

    def __str__(self) -> str:
        return self.title


class TargetKind(models.TextChoices):
    CRITERION = "criterion", "Đạt một tiêu chí"
    INDICATOR = "indicator", "Đạt giá trị một chỉ tiêu"
    VILLAGE = "village", "Một thôn đạt chuẩn"
    VILLAGE_COUNT = "village_count", "Số thôn đạt chuẩn"
    UNIT = "unit", "Đơn vị đạt chuẩn cả bộ tiêu chí"
    OTHER = "other", "Mục tiêu khác (chỉ theo dõi bằng ghi chú)"


class Target(Revised):
    """What the plan aims at, by a date: a criterion, an indicator value, a village, or a count of villages."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=15, choices=TargetKind.choices)
    set_id = models.CharField(max_length=60, blank=True, help_text="bộ tiêu chí; trống thì theo kế hoạch")
    criterion = models.PositiveSmallIntegerField(null=True, blank=True)
    indicator = models.CharField(max_length=20, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True,
                                help_text="giá trị chỉ tiêu cần đạt, hoặc số thôn")
    village = models.ForeignKey("geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField()
    text = models.TextField(blank=True, help_text="mục tiêu như văn bản ghi")
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    class Meta:
        ordering = ["plan_id", "deadline", "position", "id"]


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa bắt đầu"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Hủy bỏ"


class Task(Revised):
    """A task of a plan: what, for which criterion, who is responsible, from when to when, how far."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=500)
    criterion = models.PositiveSmallIntegerField(null=True, blank=True)
    village = models.ForeignKey("geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="tasks")
    responsible_body = models.CharField(max_length=200, blank=True, help_text="cơ quan, bộ phận chủ trì")
    start = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress_pct = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    import_record = models.ForeignKey("ingest.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    class Meta:
        ordering = ["plan_id", "deadline", "position", "id"]
