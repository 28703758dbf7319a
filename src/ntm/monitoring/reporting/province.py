"""A province's communes for one period: each commune's own report and its villages' reports, counted."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ntm.common.scope import visible_units
from ntm.geo.models import Level, Unit

from ..models import ReportLevel
from ..periods import Period
from .schedule import Rule, province_of, rule_for
from .status import ReportStatus, Tally, Timeliness, judge, owing_units, received_at, statuses


@dataclass(frozen=True)
class CommuneRow:
    """One commune: its own report to the province (None when none is owed) and its villages' tally."""

    commune: Unit
    own: ReportStatus | None
    villages: Tally


def _sort_own(row: CommuneRow) -> tuple[int, int]:
    if row.own is None:
        return (3, 0)
    order = {Timeliness.OVERDUE: 0, Timeliness.LATE: 1, Timeliness.NOT_YET_DUE: 2, Timeliness.ON_TIME: 2}
    return (order[row.own.timeliness], -(row.own.days_late or 0))


def _sort_villages(row: CommuneRow) -> tuple[int, Any]:
    value = row.villages.completeness
    return (value is None, value if value is not None else 0)


SORTS = {
    "ten": ("Tên xã", lambda r: r.commune.name),
    "xa": ("Báo cáo của xã: chưa nộp, trễ trước", _sort_own),
    "thon": ("Tỷ lệ thôn đã báo cáo: thấp trước", _sort_villages),
    "tre": ("Số thôn chưa báo cáo: nhiều trước", lambda r: -r.villages.overdue),
}


@dataclass(frozen=True)
class ProvinceReports:
    province: Unit
    period: Period
    commune_rule: Rule | None
    village_rule: Rule | None
    rows: list[CommuneRow]
    today: dt.date

    @property
    def commune_due(self) -> dt.date | None:
        return self.commune_rule.due_date(self.period) if self.commune_rule else None

    @property
    def own_tally(self) -> Tally:
        return Tally.of(r.own for r in self.rows if r.own is not None)

    @property
    def village_tally(self) -> Tally:
        totals: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for name in ("expected", "received", "on_time", "late", "overdue", "not_yet_due"):
                totals[name] += getattr(row.villages, name)
        return Tally(**totals)


def province_codes(province: Unit) -> set[str]:
    """A 2025 province holds the units of the provinces merged into it."""
    return {province.code} | set(province.predecessions.values_list("predecessor__code", flat=True))


def _village_tallies(communes: QuerySet[Unit], rule: Rule | None, period: Period,
                     today: dt.date, actor: Any) -> dict[int, Tally]:
    """commune id → the tally of its villages' reports (two queries for the whole province)."""
    if rule is None:
        return {}
    villages = owing_units(visible_units(actor).filter(parent__in=communes), Level.VILLAGE, period)
    arrived = received_at(villages, period)
    due = rule.due_date(period)
    per_commune: dict[int, list[Timeliness]] = defaultdict(list)
    for village_id, commune_id in villages.values_list("pk", "parent_id"):
        at = arrived.get(village_id)
        per_commune[commune_id].append(judge(due, timezone.localdate(at) if at else None, today)[0])
    return {cid: _tally(marks) for cid, marks in per_commune.items()}


def _tally(marks: list[Timeliness]) -> Tally:
    count = {t: marks.count(t) for t in Timeliness}
    return Tally(len(marks), count[Timeliness.ON_TIME] + count[Timeliness.LATE], count[Timeliness.ON_TIME],
                 count[Timeliness.LATE], count[Timeliness.OVERDUE], count[Timeliness.NOT_YET_DUE])


def province_reports(*, actor: Any, province: Unit, period: Period, sort: str = "ten",
                     today: dt.date | None = None) -> ProvinceReports:
    """Completeness and timeliness per commune of the province (only communes the actor may see)."""
    communes = visible_units(actor).filter(province_code__in=province_codes(province))
    return _reports(actor, province, communes, period, sort, today)


def commune_summary(*, actor: Any, commune: Unit, period: Period, today: dt.date | None = None) -> ProvinceReports:
    """The same figures for one commune alone: its own report and its villages' tally."""
    return _reports(actor, commune, visible_units(actor).filter(pk=commune.pk), period, "ten", today)


def _reports(actor: Any, within: Unit, communes: QuerySet[Unit], period: Period, sort: str,
             today: dt.date | None) -> ProvinceReports:
    today = today or timezone.localdate()
    communes = owing_units(communes, Level.COMMUNE, period).order_by("name")
    code = province_of(within)
    commune_rule = rule_for(ReportLevel.COMMUNE, period, code)
    village_rule = rule_for(ReportLevel.VILLAGE, period, code)
    units = list(communes)
    own = {s.unit.pk: s for s in statuses(units, commune_rule, period, today)} if commune_rule else {}
    tallies = _village_tallies(communes, village_rule, period, today, actor)
    rows = [CommuneRow(u, own.get(u.pk), tallies.get(u.pk, Tally())) for u in units]
    _label, key = SORTS.get(sort, SORTS["ten"])
    rows.sort(key=key)
    return ProvinceReports(within, period, commune_rule, village_rule, rows, today)
