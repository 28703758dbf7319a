"""The reporting regime: which level owes which periodic report, due how many days after the period.

The default is data (monitoring/data/schedule.yaml, each rule with the seed it comes from); a
ReportSchedule row changes one rule, for every province (blank code, an administrator) or for one
province (its coordination office). The most specific rule wins: province, then all, then the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput, NotAllowed, StaleEdit
from ntm.common.models import Membership, Role
from ntm.geo.models import Level, Unit

from ..models import ReportFrequency, ReportLevel, ReportSchedule
from ..periods import Period, PeriodKind

SCHEDULE_FILE = Path(__file__).resolve().parent.parent / "data" / "schedule.yaml"
ALL_PROVINCES = ""


class Origin:
    DEFAULT = "default"   # the file
    ALL = "all"           # an administrator's rule for every province
    PROVINCE = "province"  # the province office's own rule


ORIGIN_VI = {Origin.DEFAULT: "mặc định của ntm", Origin.ALL: "quy định chung (quản trị sửa)",
             Origin.PROVINCE: "tỉnh quy định"}


@dataclass(frozen=True)
class Rule:
    """One effective rule: `level` owes a report every `frequency`, due `due_days` after the period end."""

    level: str
    frequency: str
    due_days: int
    active: bool
    origin: str = Origin.DEFAULT
    note: str = ""
    revision: int = 0  # 0: nothing stored yet (the file's rule)
    updated_at: dt.datetime | None = None
    updated_by: str = ""

    @property
    def level_label(self) -> str:
        return ReportLevel(self.level).label

    @property
    def frequency_label(self) -> str:
        return ReportFrequency(self.frequency).label

    @property
    def origin_label(self) -> str:
        return ORIGIN_VI[self.origin]

    def due_date(self, period: Period) -> dt.date:
        return period.end + dt.timedelta(days=self.due_days)


@cache
def _file() -> dict[str, Any]:
    return yaml.safe_load(SCHEDULE_FILE.read_text(encoding="utf-8"))


def default_rules() -> dict[tuple[str, str], Rule]:
    """The file's rules by (level, frequency)."""
    rules = {}
    for level, spec in _file()["levels"].items():
        for raw in spec["rules"]:
            rule = Rule(level, str(raw["frequency"]), int(raw["due_days"]), bool(raw["active"]),
                        note=f"nguồn: {spec['source']}")
            rules[rule.level, rule.frequency] = rule
    return rules


def division_types(level: str) -> list[str] | None:
    """The kinds of unit of `level` that owe reports (None: every kind)."""
    return _file()["levels"][level].get("division_types")


def reminder_window() -> tuple[int, int]:
    """(soon_days, overdue_days): which reports `ntm remind` writes about."""
    spec = _file()["reminders"]
    return int(spec["soon_days"]), int(spec["overdue_days"])


def _stored(row: ReportSchedule) -> Rule:
    origin = Origin.PROVINCE if row.province_code else Origin.ALL
    who = row.updated_by.username if row.updated_by else ""
    return Rule(row.level, row.frequency, row.due_days, row.active, origin, row.note, row.revision,
                row.updated_at, who)


def schedule_for(province_code: str) -> list[Rule]:
    """Every rule in force for a province's units, the most specific first found."""
    rules = default_rules()
    rows = ReportSchedule.objects.filter(province_code__in=[ALL_PROVINCES, province_code]).select_related("updated_by")
    for row in sorted(rows, key=lambda r: bool(r.province_code)):  # the province's own rows last: they win
        rules[row.level, row.frequency] = _stored(row)
    order = {f.value: i for i, f in enumerate(ReportFrequency)}
    return sorted(rules.values(), key=lambda r: (r.level != ReportLevel.VILLAGE, order[r.frequency]))


def rule_for(level: str, period: Period, province_code: str) -> Rule | None:
    """The active rule making `level` owe a report for `period` in that province, or None."""
    for rule in schedule_for(province_code):
        if rule.level == level and rule.frequency == period.kind.value and rule.active:
            return rule
    return None


def province_of(unit: Unit) -> str:
    """The province code whose rules govern the unit."""
    return unit.code if unit.level == Level.PROVINCE else unit.province_code


# ---------------------------------------------------------------- editing (the province office)


def may_edit_schedule(actor: Any, province_code: str) -> bool:
    """The province office edits its province's rules; an administrator edits every rule."""
    if actor is None or getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    roles = Membership.objects.filter(user=actor)
    if roles.filter(role=Role.ADMINISTRATOR).exists():
        return True
    return bool(province_code) and roles.filter(role=Role.PROVINCE_OFFICE, unit__level=Level.PROVINCE,
                                                unit__code=province_code).exists()


def _check(level: str, frequency: str, due_days: int) -> None:
    if level not in ReportLevel.values:
        raise BadInput(f"cấp «{level}» không hợp lệ", f"invalid level '{level}'", field="level")
    if frequency not in ReportFrequency.values:
        raise BadInput(f"kỳ báo cáo «{frequency}» không hợp lệ", f"invalid frequency '{frequency}'", field="frequency")
    if not -60 <= due_days <= 120:
        raise BadInput("hạn nộp phải trong khoảng 60 ngày trước đến 120 ngày sau ngày cuối kỳ",
                       "the due day must lie between 60 days before and 120 days after the period end",
                       field="due_days")


@transaction.atomic
def set_schedule_rule(*, actor: Any, province_code: str, level: str, frequency: str, due_days: int, active: bool,
                      note: str = "", expected_revision: int | None = None) -> ReportSchedule:
    """Change one rule for a province (blank: every province); NotAllowed, BadInput, StaleEdit."""
    _check(level, frequency, due_days)
    if not may_edit_schedule(actor, province_code):
        raise NotAllowed("chỉ văn phòng điều phối tỉnh mới sửa được chế độ báo cáo của tỉnh",
                         "only the province office may change its province's reporting schedule", field="province")
    row = (ReportSchedule.objects.select_for_update()
           .filter(level=level, frequency=frequency, province_code=province_code).first())
    current = row.revision if row else 0
    if expected_revision is not None and expected_revision != current:
        raise StaleEdit("quy định này vừa được người khác sửa: hãy tải lại trang",
                        "this rule changed since you loaded it: reload", field="revision", current=row)
    before = {"due_days": row.due_days, "active": row.active, "note": row.note} if row else None
    row = row or ReportSchedule(level=level, frequency=frequency, province_code=province_code, revision=0)
    row.due_days, row.active, row.note = due_days, active, note.strip()
    row.updated_by = actor if getattr(actor, "pk", None) else None
    row.revision += 1
    row.save()
    audit(actor, "monitoring.report_schedule.changed", row, unit_code=province_code,
          before=before, after={"level": level, "frequency": frequency, "province": province_code,
                                "due_days": due_days, "active": active, "note": row.note})
    return row


def schedule_province(actor: Any, requested: str | None = None) -> str:
    """The province whose rules to show: the one asked for (a schedule is no unit's data: anyone signed in may
    read it), else the actor's own (its office's, or its units' province), else blank (the rule for all)."""
    if requested:
        if not requested.isdigit() or len(requested) > 10:
            raise BadInput(f"mã tỉnh «{requested}» không hợp lệ", f"invalid province code '{requested}'",
                           field="tinh")
        return requested
    if not getattr(actor, "is_authenticated", False):
        return ALL_PROVINCES
    for m in Membership.objects.filter(user=actor).select_related("unit").order_by("id"):
        if m.role != Role.ADMINISTRATOR:
            return province_of(m.unit)
    return ALL_PROVINCES


def first_period(kind: PeriodKind, year: int) -> Period:
    """The year's first period of `kind` (month 1, quarter 1, the 6 and 9 months, the year)."""
    return Period(year, kind, 1 if kind in (PeriodKind.MONTH, PeriodKind.QUARTER) else 0)


def periods_due_between(kind: PeriodKind, due_days: int, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of `kind` whose due date (end + due_days) lies in [first, last]. Pure."""
    shift = dt.timedelta(days=due_days)
    found, period = [], _period_ending_on_or_after(kind, first - shift)
    while period.end + shift <= last:
        found.append(period)
        period = _next(period)
    return found


def _period_ending_on_or_after(kind: PeriodKind, day: dt.date) -> Period:
    count = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(kind)
    candidates = [Period(day.year, kind, i) for i in range(1, count + 1)] if count else [Period(day.year, kind)]
    for period in candidates:
        if period.end >= day:
            return period
    return _next(candidates[-1])


def _next(period: Period) -> Period:
    last = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(period.kind)
    if last is None:
        return Period(period.year + 1, period.kind)
    if period.index == last:
        return Period(period.year + 1, period.kind, 1)
    return Period(period.year, period.kind, period.index + 1)
