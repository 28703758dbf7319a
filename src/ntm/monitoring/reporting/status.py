"""Who owed which report for a period, who sent it, when, and how late: completeness and timeliness.

Decisions (documented in the README of the reporting pages too):
- A unit is expected to report for a period when the schedule holds an active rule for its level
  and the period's kind, and the unit exists on the period's last day (a village lives as long as
  its commune; a commune dissolved on 30/06/2025 owes nothing for 2025-Q3).
- A report is its unit's values for the period submitted through the review step (monitoring.review):
  received while that review is submitted or approved. A report of a longer period ending on the
  same day stands for the shorter one (the quarterly report for its last month, the 6-month report
  for Q2, the yearly for Q4), as the combined reports of the seeds do ("quý 1, nhiệm vụ quý 2").
  A report sent back is not received until it is sent again.
- It was received when it was first submitted (the earliest submit event of that review): sending
  back asks for corrections; the report had still arrived. Days count in Vietnam's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from ntm.common.formats import format_percent
from ntm.common.scope import visible_units
from ntm.geo.models import Level, Unit

from ..data import FROZEN_STATES
from ..models import PeriodReview, ReportLevel, ReviewEvent
from ..periods import Period, PeriodKind
from .responsible import responsible_for
from .schedule import Rule, division_types, province_of, rule_for


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # not received, past its due date
    NOT_YET_DUE = "not_yet_due"  # not received, still time


TIMELINESS_CSS = {Timeliness.ON_TIME: "met", Timeliness.LATE: "unknown", Timeliness.OVERDUE: "not_met",
                  Timeliness.NOT_YET_DUE: ""}
TIMELINESS_VI = {Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Trễ hạn", Timeliness.OVERDUE: "Chưa báo cáo",
                 Timeliness.NOT_YET_DUE: "Chưa đến hạn"}


def judge(due: dt.date, received_on: dt.date | None, today: dt.date) -> tuple[Timeliness, int | None]:
    """(timeliness, days late): late by days after the due date, overdue by days until today. Pure."""
    if received_on is not None:
        late = (received_on - due).days
        return (Timeliness.LATE, late) if late > 0 else (Timeliness.ON_TIME, None)
    if today > due:
        return Timeliness.OVERDUE, (today - due).days
    return Timeliness.NOT_YET_DUE, None


def rate(part: int, whole: int) -> Decimal | None:
    """part/whole in percent, one decimal; None when nothing is expected."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ReportStatus:
    """One expected report: its unit, due date, when it arrived and how late."""

    unit: Unit
    period: Period
    due_date: dt.date
    received_at: dt.datetime | None
    timeliness: Timeliness
    days_late: int | None
    responsible: list[Any] = field(default_factory=list)  # filled for missing reports (see responsible.py)

    @property
    def received(self) -> bool:
        return self.received_at is not None

    @property
    def received_on(self) -> dt.date | None:
        return timezone.localdate(self.received_at) if self.received_at else None

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS_VI[self.timeliness]

    @property
    def css(self) -> str:
        return TIMELINESS_CSS[self.timeliness]


@dataclass(frozen=True)
class Tally:
    """Counts over a set of expected reports."""

    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_yet_due: int = 0

    @classmethod
    def of(cls, rows: Iterable[ReportStatus]) -> Tally:
        counts = defaultdict(int)
        for row in rows:
            counts[row.timeliness] += 1
        on_time, late = counts[Timeliness.ON_TIME], counts[Timeliness.LATE]
        return cls(sum(counts.values()), on_time + late, on_time, late, counts[Timeliness.OVERDUE],
                   counts[Timeliness.NOT_YET_DUE])

    @property
    def missing(self) -> int:
        return self.overdue + self.not_yet_due

    @property
    def completeness(self) -> Decimal | None:
        """received / expected, in percent."""
        return rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        """on time / expected, in percent."""
        return rate(self.on_time, self.expected)

    @property
    def completeness_vi(self) -> str:
        """"66,7%", or "—" when nothing was expected."""
        return "—" if self.completeness is None else format_percent(self.completeness)

    @property
    def on_time_rate_vi(self) -> str:
        return "—" if self.on_time_rate is None else format_percent(self.on_time_rate)


def exists_on(day: dt.date) -> Q:
    """Units alive on `day`."""
    return ((Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=day)))


def owing_units(units: QuerySet[Unit], level: str, period: Period) -> QuerySet[Unit]:
    """The units of `level` among `units` that owe a report for `period` (alive at its end, of a kind that reports)."""
    rows = units.filter(exists_on(period.end), level=level)
    kinds = division_types(level)
    return rows.filter(division_type__in=kinds) if kinds else rows


def received_at(units: QuerySet[Unit] | Iterable[int], period: Period) -> dict[int, dt.datetime]:
    """unit id → when its report for `period` (or a longer one ending the same day) was first submitted."""
    reviews = PeriodReview.objects.filter(unit__in=units, state__in=FROZEN_STATES, period_end=period.end,
                                          period_start__lte=period.start)
    firsts = (ReviewEvent.objects.filter(review__in=reviews, transition="submit").order_by()
              .values("review__unit_id").annotate(first=Min("at")).values_list("review__unit_id", "first"))
    found = dict(firsts)
    for unit_id, at in reviews.values_list("unit_id", "submitted_at"):  # a review without events (imported)
        if unit_id not in found and at is not None:
            found[unit_id] = at
    return found


def statuses(units: Iterable[Unit], rule: Rule, period: Period, today: dt.date) -> list[ReportStatus]:
    """The status of each unit's report for `period` under `rule`."""
    units = list(units)
    arrived = received_at([u.pk for u in units], period)
    due = rule.due_date(period)
    rows = []
    for unit in units:
        at = arrived.get(unit.pk)
        timeliness, days = judge(due, timezone.localdate(at) if at else None, today)
        rows.append(ReportStatus(unit, period, due, at, timeliness, days))
    return rows


@dataclass(frozen=True)
class VillageReports:
    """A commune's villages for one period: who owed, who sent, how late, who has not reported."""

    commune: Unit
    period: Period
    rule: Rule | None  # None: villages owe no report of this kind
    rows: list[ReportStatus]
    today: dt.date

    @property
    def tally(self) -> Tally:
        return Tally.of(self.rows)

    @property
    def missing(self) -> list[ReportStatus]:
        return [r for r in self.rows if not r.received]

    @property
    def due_date(self) -> dt.date | None:
        return self.rule.due_date(self.period) if self.rule else None


def village_reports(*, actor: Any, commune: Unit, period: Period, today: dt.date | None = None) -> VillageReports:
    """The reports a commune's villages owed for `period`, each with its status; the missing ones name who
    is responsible. Only villages the actor may see."""
    today = today or timezone.localdate()
    rule = rule_for(ReportLevel.VILLAGE, period, province_of(commune))
    if rule is None:
        return VillageReports(commune, period, None, [], today)
    villages = owing_units(visible_units(actor).filter(parent=commune), Level.VILLAGE, period).order_by("name")
    rows = statuses(villages, rule, period, today)
    people = responsible_for([r.unit for r in rows if not r.received], period)
    rows = [ReportStatus(r.unit, r.period, r.due_date, r.received_at, r.timeliness, r.days_late,
                         people.get(r.unit.pk, [])) for r in rows]
    return VillageReports(commune, period, rule, rows, today)


def default_period(unit: Unit, today: dt.date | None = None) -> Period:
    """The last quarter ended before today, or the unit's last quarter if it has ceased to exist."""
    today = today or timezone.localdate()
    if unit.valid_to is not None and unit.valid_to < today:
        today = unit.valid_to + dt.timedelta(days=1)
    quarter = Period(today.year, PeriodKind.QUARTER, (today.month - 1) // 3 + 1)
    return quarter.previous()


def period_choices(period: Period, unit: Unit) -> list[Period]:
    """Months, quarters, 6 and 9 months and years of the chosen year and the year before, within the unit's life."""
    choices = []
    for year in (period.year - 1, period.year):
        choices += [Period(year, PeriodKind.MONTH, m) for m in range(1, 13)]
        choices += [Period(year, PeriodKind.QUARTER, q) for q in range(1, 5)]
        choices += [Period(year, PeriodKind.HALF), Period(year, PeriodKind.NINE), Period(year, PeriodKind.YEAR)]
    alive = [p for p in choices if (unit.valid_to is None or p.end <= unit.valid_to)
             and (unit.valid_from is None or p.end >= unit.valid_from)]
    if period not in alive:
        alive.append(period)
    return sorted(alive, key=lambda p: (p.end, p.start))
