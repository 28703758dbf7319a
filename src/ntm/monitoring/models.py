"""Observations (one indicator, one unit, one period), their history, and reported totals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    ENTERED = "entered", "Nhập tay"
    IMPORTED = "imported", "Nhập từ tệp"
    COMPUTED = "computed", "Tính toán"
    SYNTHETIC = "synthetic", "Mô phỏng (dữ liệu mẫu)"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã gửi"
    APPROVED = "approved", "Đã duyệt"


class Assessed(models.TextChoices):
    NONE = "", "—"
    MET = "met", "Đạt"
    NOT_MET = "not_met", "Chưa đạt"


class Observation(models.Model):
    """The value of one indicator — or an official's assessment of a whole criterion — for a unit and period.

    `set_family` is the national set a code belongs to (a provincial variant shares its
    parent's codes), so one value serves the national set and the province's variant alike.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="observations")
    set_family = models.CharField(max_length=60)
    criterion = models.PositiveSmallIntegerField(help_text="số tiêu chí (của chỉ tiêu, hoặc được đánh giá cả)")
    indicator = models.CharField(max_length=20, blank=True, help_text="mã chỉ tiêu; trống khi đánh giá cả tiêu chí")
    period_key = models.CharField(max_length=10)
    period_end = models.DateField(db_index=True)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    assessed = models.CharField(max_length=10, choices=Assessed.choices, blank=True)
    evidence_note = models.TextField(blank=True)
    evidence_file = models.FileField(upload_to="evidence/%Y/", blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    review_state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_family", "criterion", "indicator", "period_key"],
                                    name="observation_unique"),
        ]
        indexes = [models.Index(fields=["unit", "set_family", "criterion", "indicator", "period_end"],
                                name="observation_latest")]

    def as_audit(self) -> dict[str, object]:
        """The fields a history entry keeps, as JSON-safe values."""
        def text(v: object) -> str | None:
            return None if v is None else format(Decimal(str(v)).normalize(), "f")
        return {
            "criterion": self.criterion, "indicator": self.indicator or None, "period": self.period_key,
            "value": text(self.value), "value_bool": self.value_bool, "numerator": text(self.numerator),
            "denominator": text(self.denominator), "assessed": self.assessed or None,
            "evidence_note": self.evidence_note, "source": self.source, "review_state": self.review_state,
            "version": self.version,
        }


class LatestValue(models.Model):
    """The newest observation of each indicator (or criterion assessment) of a unit: the latest-value read.

    Newest means the latest period end, and of two rows ending the same day (a year and its Q4) the
    later written. Kept by database triggers on the observation table (migration 0004), in the
    transaction of every write, whatever path wrote it (services, bulk loads, raw SQL, deletes); so
    reading the current values costs what a page shows, not what the history holds.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    set_family = models.CharField(max_length=60)
    criterion = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=20, blank=True)
    period_end = models.DateField()
    observation = models.ForeignKey(Observation, on_delete=models.DO_NOTHING, db_constraint=False,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "set_family", "criterion", "indicator"],
                                               name="latest_value_unique")]


class UnitDataVersion(models.Model):
    """A counter per unit, raised in the same transaction by every write of its observations or reviews.

    Kept by the same triggers as LatestValue; cached results (CachedStatuses) name the versions
    they were computed from, so a write to one commune makes only that commune's entries stale.
    """

    unit = models.OneToOneField("geo.Unit", on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
                                related_name="+")
    version = models.PositiveBigIntegerField(default=0)


class CachedStatuses(models.Model):
    """A unit's criterion statuses for one set and period (the heat-map's cells), shared by every worker.

    `basis` digests what they were computed from (the data versions of the unit or its predecessors,
    its profile, the set's content); an entry whose basis differs is recomputed and overwritten.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="+")
    set_key = models.CharField(max_length=100)
    period_key = models.CharField(max_length=10)
    basis = models.CharField(max_length=64)
    statuses = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "set_key", "period_key"],
                                               name="cached_statuses_unique")]


class ObservationChange(models.Model):
    """Every change to an observation: who, when, the old and the new values."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField()

    class Meta:
        ordering = ["-version"]


class ReportedResult(models.Model):
    """Totals a document stated ("đạt 15/19 tiêu chí, 51/57 chỉ tiêu"), kept beside the computed ones."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="reported_results")
    set_id = models.CharField(max_length=60)
    period_key = models.CharField(max_length=10)
    criteria_met = models.PositiveSmallIntegerField()
    criteria_total = models.PositiveSmallIntegerField()
    indicators_met = models.PositiveSmallIntegerField(null=True, blank=True)
    indicators_total = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    quote = models.TextField(blank=True, help_text="câu trong văn bản nêu kết quả")
    document = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "set_id", "period_key", "document"],
                                               name="reported_result_unique")]


class PeriodReview(models.Model):
    """The review state of one unit's values for one set and period: draft → submitted → approved.

    Submitting freezes the data the evaluation used (`snapshot`); while the period is submitted or
    approved the evaluation reads the snapshot, so no later write of any period can change it.
    `approved_snapshot` keeps the last approved data, to show what changed at the next submission.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="period_reviews")
    set_family = models.CharField(max_length=60)
    set_id = models.CharField(max_length=60, blank=True, help_text="bộ tiêu chí khi gửi duyệt")
    period_key = models.CharField(max_length=10)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    note = models.TextField(blank=True, help_text="lý do của lần chuyển trạng thái gần nhất")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    approved_snapshot = models.JSONField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_family", "period_key"], name="period_review_unique"),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="period_review_queue")]


class ReviewEvent(models.Model):
    """One transition of a period's review: who, when, from which state to which, and why."""

    review = models.ForeignKey(PeriodReview, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=12)
    from_state = models.CharField(max_length=10, choices=ReviewState.choices)
    to_state = models.CharField(max_length=10, choices=ReviewState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]


class ReportFrequency(models.TextChoices):
    """How often a report is owed; the values are the period kinds of monitoring.periods."""

    MONTH = "month", "Hằng tháng"
    QUARTER = "quarter", "Hằng quý"
    HALF = "6m", "6 tháng"
    NINE = "9m", "9 tháng"
    YEAR = "year", "Hằng năm"


class ReportLevel(models.TextChoices):
    """Who owes the report: a village to its commune, a commune to the province."""

    VILLAGE = "village", "Thôn gửi xã"
    COMMUNE = "commune", "Xã gửi tỉnh"


class ReportSchedule(models.Model):
    """A change to the default reporting regime (data/schedule.yaml) for one level and frequency.

    `province_code` blank: the rule for every province (set by an administrator); otherwise one
    province's own rule, set by its coordination office. The default file holds the rest.
    """

    level = models.CharField(max_length=10, choices=ReportLevel.choices)
    frequency = models.CharField(max_length=10, choices=ReportFrequency.choices)
    province_code = models.CharField(max_length=10, blank=True, help_text="trống: mọi tỉnh")
    due_days = models.SmallIntegerField(help_text="số ngày sau ngày cuối kỳ (âm: trước ngày cuối kỳ)")
    active = models.BooleanField(default=True)
    note = models.TextField(blank=True, help_text="căn cứ hoặc lý do thay đổi")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "frequency", "province_code"],
                                               name="report_schedule_unique")]


class ReminderChannel(models.TextChoices):
    IN_APP = "in_app", "Trong ứng dụng"
    EMAIL = "email", "Thư điện tử"
    CONTACT = "contact", "Xã liên hệ trực tiếp"  # a member without an account: listed for the commune


class ReminderKind(models.TextChoices):
    SOON = "soon", "Sắp đến hạn"
    OVERDUE = "overdue", "Quá hạn"


class Reminder(models.Model):
    """One reminder of one report (unit, period) to one recipient on one day, by one channel.

    The unique constraints make `ntm remind` idempotent: never twice for the same report,
    recipient, day and channel. The recipient is a user, or a committee member without an account.
    """

    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="reminders")
    period_key = models.CharField(max_length=10)
    due_date = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="reminders")
    member = models.ForeignKey("planning.CommitteeMember", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="reminders")
    day = models.DateField()
    channel = models.CharField(max_length=10, choices=ReminderChannel.choices)
    address = models.CharField(max_length=254, blank=True, help_text="địa chỉ thư đã gửi")
    message = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_key", "recipient", "day", "channel"],
                                    condition=models.Q(recipient__isnull=False), name="reminder_user_once_a_day"),
            models.UniqueConstraint(fields=["unit", "period_key", "member", "day", "channel"],
                                    condition=models.Q(member__isnull=False), name="reminder_member_once_a_day"),
            models.CheckConstraint(condition=models.Q(recipient__isnull=False) | models.Q(member__isnull=False),
                                   name="reminder_has_recipient"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="reminder_unread")]
        ordering = ["-day", "-id"]
