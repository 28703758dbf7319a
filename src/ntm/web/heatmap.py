"""The province heat-map as a read model: communes × criteria of one set and period, filtered and sorted.

One call to `statuses_of_units` per request, on every commune of the province in scope (so its
cache serves every filter); filters, sorting, counts and the summary are plain Python on its rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ntm.common.scope import visible_units
from ntm.criteria.catalog import all_sets, family_of, sets_in_force
from ntm.criteria.model import CriteriaSet, Status
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.selectors import statuses_of_units

PAGE_SIZE = 50
RURAL = "xã"  # Unit.division_type of a rural commune (not phường, not thị trấn)
FILTERS = ("ky", "bo", "nhom", "vung", "loai", "so_lieu", "tieu_chi", "trang_thai", "sap")
# The summary's bands are those a province reports under the 19-criteria set (QĐ 318): "from 15"
# and "under 10". For a set of another size they are scaled to the same share of its criteria.
HIGH_OF_19, LOW_OF_19 = 15, 10


@dataclass(frozen=True)
class HeatRow:
    """One commune's line of the heat-map."""

    unit: Unit
    district: str
    statuses: tuple[Status, ...]
    criteria_met: int
    indicators_met: int
    has_data: bool

    @property
    def evaluated(self) -> bool:
        """True when at least one criterion is known (met or not met)."""
        return any(s is not Status.UNKNOWN for s in self.statuses)


@dataclass(frozen=True)
class Option:
    """One entry of a filter list: the value sent, the label shown, and a longer title."""

    value: str
    label: str
    title: str = ""


@dataclass(frozen=True)
class Summary:
    """How many communes shown reach full marks, the high band, the low band; data coverage."""

    total_criteria: int
    high_from: int
    low_under: int
    full: int
    high: int
    low: int
    not_evaluated: int
    with_data: int
    without_data: int


@dataclass
class HeatMap:
    """Communes × criteria for one set and period, after the filters and in the chosen order."""

    cset: CriteriaSet
    period: Period
    rows: list[HeatRow]
    filters: dict[str, str]
    sets: list[tuple[bool, CriteriaSet]]
    regions: list[Option]
    groups: list[Option]
    counts: dict[int, int]
    summary: Summary
    has_districts: bool
    has_types: bool

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def set_in_force(self) -> bool:
        """False when the chosen set does not apply at the period's end (a deliberate look back)."""
        return self.cset.in_force(self.period.end)

    @property
    def chart(self) -> dict[str, list[Any]]:
        """Labels, names and met counts per criterion, for the bar chart."""
        return {"labels": [f"TC{c.number}" for c in self.cset.criteria],
                "names": [f"{c.number}. {c.name}" for c in self.cset.criteria],
                "values": [self.counts.get(c.number, 0) for c in self.cset.criteria]}

    @property
    def sorts(self) -> list[tuple[str, str]]:
        """The orders offered: by district only where there are districts."""
        return [(k, str(label)) for k, (label, _key, _rev) in SORTS.items()
                if self.has_districts or "huyen" not in k]

    def page(self, number: str | None) -> Page:
        """One page of rows (PAGE_SIZE a page; a bad number gives the first or last page)."""
        return Paginator(self.rows, PAGE_SIZE).get_page(number)


def province_communes(actor: Any, province: Unit) -> list[Unit]:
    """The province's communes (same scheme) that the actor may see, with their district.

    The few parents (the province, or its districts) are read once each, not once per commune as a join would.
    """
    communes = list(visible_units(actor).filter(level=Level.COMMUNE, scheme=province.scheme,
                                                province_code=province.code).order_by("name"))
    parents = Unit.objects.in_bulk({u.parent_id for u in communes if u.parent_id is not None})
    for unit in communes:
        if unit.parent_id is not None:
            unit.parent = parents[unit.parent_id]
    return communes


def latest_period_with_data(communes: list[Unit]) -> Period | None:
    """The period of the most recent observation recorded for any of these communes (one query)."""
    key = (Observation.objects.filter(unit__in=[u.pk for u in communes])
           .order_by("-period_end", "period_key").values_list("period_key", flat=True).first())
    return Period.parse(key) if key else None


def _this_quarter() -> Period:
    today = dt.date.today()
    return Period(today.year, PeriodKind.QUARTER, (today.month - 1) // 3 + 1)


def commune_sets(province: Unit, period: Period) -> list[tuple[bool, CriteriaSet]]:
    """The commune sets a province office may choose, each with whether it is in force at the period's end.

    National commune sets and the province's own variants whose validity overlaps the province's
    scheme (the pre-2025 communes were gone before QĐ 51/2025 applied); those in force first.
    """
    def overlaps(cset: CriteriaSet) -> bool:
        return ((province.valid_to is None or cset.valid_from <= province.valid_to)
                and (province.valid_from is None or cset.valid_to is None or cset.valid_to >= province.valid_from))

    in_force = sets_in_force(period.end, level="commune", province=province.province_code)
    others = [s for s in all_sets().values() if s.level == "commune" and s.province in (None, province.province_code)
              and s not in in_force and overlaps(s)]
    return [(True, s) for s in in_force] + [(False, s) for s in sorted(others, key=lambda s: (s.valid_from, s.id))]


def default_set(province: Unit, period: Period) -> CriteriaSet:
    """The commune set in force at the period's end (the province's own variant first), else the latest listed."""
    for kind in ("xa_ntm", None):
        found = sets_in_force(period.end, level="commune", kind=kind, province=province.province_code)
        if found:
            return found[0]
    return max((s for _, s in commune_sets(province, period)), key=lambda s: s.valid_from)


def _chosen_set(province: Unit, period: Period, wanted: str) -> tuple[CriteriaSet, list[tuple[bool, CriteriaSet]]]:
    listed = commune_sets(province, period)
    by_id = {s.id: s for _, s in listed}
    return by_id.get(wanted) or default_set(province, period), listed


def _district(unit: Unit) -> str:
    """The unit above a pre-2025 commune (its district); empty under the two-level scheme."""
    parent = unit.parent
    return parent.name if parent is not None and parent.level == Level.DISTRICT else ""


def _region_names(cset: CriteriaSet) -> dict[str, str]:
    names: dict[str, str] = {}
    for other in all_sets().values():
        names.update({k: v for k, v in other.regions.items() if k not in names})
    return {**names, **cset.regions}


def _options(values: set[str], names: Mapping[str, str], short: bool = False) -> list[Option]:
    """Filter entries for the values present, labelled from the set's names (a group's up to its colon)."""
    options = []
    for value in sorted(v for v in values if v):
        name = names.get(value, value)
        options.append(Option(value, name.split(":")[0] if short else name, name))
    return options


def _communes_with_data(communes: list[Unit], cset: CriteriaSet, period: Period) -> set[int]:
    """Ids of the communes with at least one observation of the set's family within the period.

    Asked per commune as EXISTS, which stops at its first such row, rather than by collecting the distinct
    communes of every row of the period (most communes have data: a few index entries each instead of all).
    """
    in_period = Observation.objects.filter(unit=OuterRef("pk"), set_family=family_of(cset),
                                           period_end__gte=period.start, period_end__lte=period.end)
    return set(Unit.objects.filter(pk__in=[u.pk for u in communes]).filter(Exists(in_period))
               .order_by().values_list("pk", flat=True))


def _status_filter(rows: list[HeatRow], cset: CriteriaSet, filters: dict[str, str]) -> list[HeatRow]:
    numbers = [c.number for c in cset.criteria]
    criterion, status = filters["tieu_chi"], filters["trang_thai"]
    if not (criterion.isdigit() and int(criterion) in numbers and status in {s.value for s in Status}):
        return rows
    index, wanted = numbers.index(int(criterion)), Status(status)
    return [row for row in rows if row.statuses[index] is wanted]


def filter_rows(rows: list[HeatRow], cset: CriteriaSet, filters: dict[str, str]) -> list[HeatRow]:
    """The rows that pass the group, region, rural-only, data-in-period and criterion-status filters."""
    if filters["so_lieu"] in ("co", "chua"):
        rows = [r for r in rows if r.has_data == (filters["so_lieu"] == "co")]
    if filters["nhom"]:
        rows = [r for r in rows if r.unit.group == filters["nhom"]]
    if filters["vung"]:
        rows = [r for r in rows if r.unit.region == filters["vung"]]
    if filters["loai"] == "xa":
        rows = [r for r in rows if r.unit.division_type == RURAL]
    return _status_filter(rows, cset, filters)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {" ": -1, **{ch: i for i, ch in enumerate(_ALPHABET)}}  # a space first: "Ba Đình" < "Bãi Trành"


@functools.lru_cache(maxsize=65536)  # names repeat on every request of the page: worked out once per process
def vi_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Vietnamese dictionary order: a < ă < â < b … d < đ, tones only to break ties ("Ba" < "Bà")."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    return tuple(_RANK.get(ch, len(_RANK) + ord(ch)) for ch in toneless), tones


def _by_name(row: HeatRow) -> tuple[Any, ...]:
    return vi_sort_key(row.unit.short_name), vi_sort_key(row.district), row.unit.code


def _by_district(row: HeatRow) -> tuple[Any, ...]:
    return vi_sort_key(row.district), vi_sort_key(row.unit.short_name), row.unit.code


SORTS: dict[str, tuple[Any, Any, bool]] = {
    "ten": (_("Tên (A → Z)"), _by_name, False),
    "-ten": (_("Tên (Z → A)"), _by_name, True),
    "huyen": (_("Huyện (A → Z)"), _by_district, False),
    "-huyen": (_("Huyện (Z → A)"), _by_district, True),
    "-dat": (_("Đạt nhiều tiêu chí nhất trước"), lambda r: (-r.criteria_met, -r.indicators_met, _by_name(r)), False),
    "dat": (_("Đạt ít tiêu chí nhất trước"), lambda r: (r.criteria_met, r.indicators_met, _by_name(r)), False),
}


def sort_rows(rows: list[HeatRow], order: str) -> list[HeatRow]:
    """The rows in the order asked for (by name when the order is unknown)."""
    _label, key, reverse = SORTS.get(order, SORTS["ten"])
    return sorted(rows, key=key, reverse=reverse)


def bands(total_criteria: int) -> tuple[int, int]:
    """The "from" and "under" marks of the summary: 15 and 10 of 19, the same shares of another size."""
    return (math.ceil(total_criteria * HIGH_OF_19 / 19), math.ceil(total_criteria * LOW_OF_19 / 19))


def summarize(rows: list[HeatRow], total_criteria: int) -> Summary:
    """Counts of the rows at full marks, in the high band, under the low band (of those evaluated)."""
    high_from, low_under = bands(total_criteria)
    evaluated = [r for r in rows if r.evaluated]
    with_data = sum(1 for r in rows if r.has_data)
    return Summary(total_criteria, high_from, low_under,
                   full=sum(1 for r in evaluated if r.criteria_met == total_criteria),
                   high=sum(1 for r in evaluated if r.criteria_met >= high_from),
                   low=sum(1 for r in evaluated if r.criteria_met < low_under),
                   not_evaluated=len(rows) - len(evaluated), with_data=with_data, without_data=len(rows) - with_data)


def read_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The filter parameters of the page's address, blank when absent."""
    return {k: str(params.get(k, "")).strip() for k in FILTERS}


def heat_map(actor: Any, province: Unit, params: Mapping[str, str]) -> HeatMap:
    """The province's communes on one set and period: filtered, sorted, counted and summarized.

    Without `ky`, the period is the latest with data for the province's communes; without `bo`
    (or with a set that does not fit the province), the set in force for that period.
    """
    filters = read_filters(params)
    communes = province_communes(actor, province)
    period = Period.parse(filters["ky"]) if filters["ky"] else (latest_period_with_data(communes) or _this_quarter())
    cset, listed = _chosen_set(province, period, filters["bo"])
    with_data = _communes_with_data(communes, cset, period)
    every = [HeatRow(u, _district(u), statuses, sum(1 for s in statuses if s is Status.MET), met, u.pk in with_data)
             for u, statuses, met in statuses_of_units(actor=actor, units=communes, period=period, cset=cset)]
    rows = sort_rows(filter_rows(every, cset, filters), filters["sap"])
    counts = {c.number: sum(1 for r in rows if r.statuses[i] is Status.MET) for i, c in enumerate(cset.criteria)}
    return HeatMap(
        cset=cset, period=period, rows=rows, filters={**filters, "ky": period.key, "bo": cset.id}, sets=listed,
        regions=_options({u.region for u in communes}, _region_names(cset)),
        groups=_options({u.group for u in communes}, cset.groups, short=True),
        counts=counts, summary=summarize(rows, len(cset.criteria)),
        has_districts=any(r.district for r in every), has_types=any(u.division_type for u in communes))


def export_heat_map(heat: HeatMap, fmt: str, *, filename: str) -> Any:
    """The heat-map as CSV or XLSX: every row after the filters and sorting, never one page."""
    from .exports import heat_map_csv, heat_map_xlsx

    return heat_map_csv(heat, filename) if fmt == "csv" else heat_map_xlsx(heat, filename)
