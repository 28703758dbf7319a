"""The province heat-map as a read model: communes × criteria of one set and period, filtered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ntm.common.scope import visible_units
from ntm.criteria.model import CriteriaSet, Status
from ntm.geo.models import Level, Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import choose_set, statuses_of_units


class HeatRow(NamedTuple):
    """One commune's line of the heat-map."""

    unit: Unit
    statuses: tuple[Status, ...]
    criteria_met: int
    indicators_met: int


@dataclass
class HeatMap:
    """Communes × criteria for one set and period, after the filters."""

    cset: CriteriaSet
    rows: list[HeatRow]
    filters: dict[str, str]
    counts: dict[int, int] = field(default_factory=dict)
    total: int = 0

    @property
    def chart(self) -> dict[str, list[Any]]:
        """Labels and met counts per criterion, for the bar chart."""
        return {"labels": [f"TC{c.number}" for c in self.cset.criteria],
                "values": [self.counts.get(c.number, 0) for c in self.cset.criteria]}


def _province_communes(actor: Any, province: Unit) -> list[Unit]:
    return list(visible_units(actor).filter(level=Level.COMMUNE, scheme=province.scheme,
                                            province_code=province.code).order_by("name"))


def heat_map(actor: Any, province: Unit, period: Period, params: Mapping[str, str]) -> HeatMap:
    """The province's communes evaluated on one set, filtered by group, region and a criterion's status."""
    communes = _province_communes(actor, province)
    filters = {k: params.get(k, "") for k in ("bo", "nhom", "vung", "tieu_chi", "trang_thai")}
    if filters["nhom"]:
        communes = [c for c in communes if c.group == filters["nhom"]]
    if filters["vung"]:
        communes = [c for c in communes if c.region == filters["vung"]]
    cset = choose_set(communes[0], period, filters["bo"] or None) if communes else choose_set(
        Unit(level=Level.COMMUNE, province_code=province.code), period, filters["bo"] or None)
    rows = [HeatRow(u, statuses, sum(1 for s in statuses if s is Status.MET), met)
            for u, statuses, met in statuses_of_units(actor=actor, units=communes, period=period, cset=cset)]
    numbers = [c.number for c in cset.criteria]
    if filters["tieu_chi"].isdigit() and int(filters["tieu_chi"]) in numbers and \
            filters["trang_thai"] in {s.value for s in Status}:
        index, wanted = numbers.index(int(filters["tieu_chi"])), Status(filters["trang_thai"])
        rows = [row for row in rows if row.statuses[index] is wanted]
    counts = {n: sum(1 for row in rows if row.statuses[i] is Status.MET) for i, n in enumerate(numbers)}
    return HeatMap(cset, rows, filters, counts, len(rows))


def export_heat_map(heat: HeatMap, fmt: str, *, filename: str) -> Any:
    """The heat-map as CSV or XLSX (one row per commune, one column per criterion)."""
    from .exports import heat_map_csv, heat_map_xlsx

    return heat_map_csv(heat, filename) if fmt == "csv" else heat_map_xlsx(heat, filename)
