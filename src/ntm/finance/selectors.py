"""Finance reads: funding by source with its computed total, works, contributions, OCOP, campaigns.

The functions taking a `unit` expect one already fetched through ntm.common.scope
(get_unit_in_scope); the ones taking an `actor` and an id start from visible_units and raise
NotFound for absent and not-yours alike.

How funding is summed (no double counting). A Funding row is either the unit's own row for a
year and source (work is empty: "the year's funding of that source"), or a work's row (the
breakdown of one work's budget). Per source and per measure (planned, allocated, disbursed):
the unit's own figure when it is given; otherwise the sum of the works' figures for that source
and year. The works are never added on top of the unit's figure: they are part of it ("trong
đó"). When the works of a source add up to more than the unit's figure, a warning says so.
The total is the sum of the sources, None when no source has a figure. A stated total
(StatedTotal) is never used as the total: it is shown beside it, with a warning naming both
figures when they differ. Disbursed above allocated is a warning, not an error (money carried
over from earlier years is disbursed in the current one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q, Sum

from ntm.common.errors import NotFound
from ntm.common.formats import format_money
from ntm.common.scope import Access, visible_units
from ntm.geo.models import Level, Unit

from .models import (
    Campaign,
    Contribution,
    ContributionKind,
    Funding,
    FundingSource,
    Measure,
    OcopProduct,
    StatedTotal,
    Work,
    WorkDocument,
    WorkStatus,
)
from .services.fields import criterion as parse_criterion
from .services.fields import optional_year

MEASURES = ("planned", "allocated", "disbursed")


@dataclass(frozen=True)
class Notice:
    """A warning in both languages; str() gives both, pages show `vi`."""

    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.vi} ({self.en})"


@dataclass(frozen=True)
class SourceLine:
    """One source of a year: its figures, whether they come from the works, and what the works add up to."""

    source_kind: str
    label: str
    planned: int | None
    allocated: int | None
    disbursed: int | None
    from_works: bool
    works: dict[str, int | None]
    row: Funding | None  # the unit's own row (its revision for an edit form), None when only works exist


@dataclass(frozen=True)
class FundingSummary:
    unit: Unit
    year: int
    lines: list[SourceLine]
    by_source: dict[str, int]           # planned, per source with a planned figure
    total_vnd: int | None               # planned, summed from the sources
    allocated_vnd: int | None
    disbursed_vnd: int | None
    stated: dict[str, StatedTotal]      # by measure
    warnings: list[Notice] = field(default_factory=list)

    @property
    def stated_total_vnd(self) -> int | None:
        stated = self.stated.get(Measure.PLANNED)
        return stated.amount if stated else None


def _sum(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _funding_rows(unit: Unit, year: int) -> list[Funding]:
    own = Q(unit=unit, work__isnull=True) | Q(work__village=unit)  # a village: its rows and its works'
    condition = own if unit.level == Level.VILLAGE else Q(unit=unit)
    return list(Funding.objects.filter(condition, year=year).select_related("work"))


def _source_line(kind: FundingSource, own: Funding | None, works: list[Funding]) -> SourceLine:
    works_sum = {m: _sum(getattr(r, m) for r in works) for m in MEASURES}
    figures = {m: getattr(own, m) if own is not None and getattr(own, m) is not None else works_sum[m]
               for m in MEASURES}
    from_works = own is None or all(getattr(own, m) is None for m in MEASURES)
    return SourceLine(kind.value, kind.label, figures["planned"], figures["allocated"], figures["disbursed"],
                      from_works and bool(works), works_sum, own)


def _line_warnings(line: SourceLine) -> list[Notice]:
    notices = []
    own_planned = line.row.planned if line.row is not None else None
    if own_planned is not None and (line.works["planned"] or 0) > own_planned:
        notices.append(Notice(
            f"{line.label}: các công trình cộng lại {format_money(line.works['planned'] or 0)}, "
            f"lớn hơn số của cả năm {format_money(own_planned)}",
            f"{line.source_kind}: the works add up to {line.works['planned']} VND, more than the year's "
            f"{own_planned} VND"))
    if line.allocated is not None and line.disbursed is not None and line.disbursed > line.allocated:
        notices.append(Notice(
            f"{line.label}: đã giải ngân {format_money(line.disbursed)}, nhiều hơn số đã phân bổ "
            f"{format_money(line.allocated)} (kiểm tra vốn chuyển nguồn)",
            f"{line.source_kind}: disbursed {line.disbursed} VND exceeds allocated {line.allocated} VND"))
    return notices


def stated_warning(stated: StatedTotal | None, computed: int | None, *, what_vi: str = "",
                   what_en: str = "") -> Notice | None:
    """The warning when a stated total disagrees with the sum of its parts, naming both figures."""
    if stated is None or computed is None or stated.amount == computed:
        return None
    measure = "" if stated.measure == Measure.PLANNED else f" ({Measure(stated.measure).label.lower()})"
    return Notice(
        f"Tổng ghi trong văn bản{what_vi}{measure} {format_money(stated.amount)} khác tổng các nguồn "
        f"{format_money(computed)}",
        f"stated total{what_en} {stated.amount} VND ({stated.measure}) differs from the sum of the sources "
        f"{computed} VND")


def funding_summary(unit: Unit, year: int) -> FundingSummary:
    """Funding of `unit`'s year by source, computed total, stated total beside it, warnings (see module doc)."""
    rows = _funding_rows(unit, year)
    lines = []
    for kind in FundingSource:
        own = next((r for r in rows if r.work_id is None and r.source_kind == kind), None)
        works = [r for r in rows if r.work_id is not None and r.source_kind == kind]
        if own is not None or works:
            lines.append(_source_line(kind, own, works))
    totals = {m: _sum(getattr(line, m) for line in lines) for m in MEASURES}
    stated = {s.measure: s for s in StatedTotal.objects.filter(unit=unit, year=year, work__isnull=True)}
    warnings = [n for line in lines for n in _line_warnings(line)]
    warnings += [n for m in MEASURES if (n := stated_warning(stated.get(m), totals[m])) is not None]
    return FundingSummary(unit, year, lines, {ln.source_kind: ln.planned for ln in lines if ln.planned is not None},
                          totals["planned"], totals["allocated"], totals["disbursed"], stated, warnings)


def funding_years(unit: Unit) -> list[int]:
    """The years with funding rows or stated totals, newest first."""
    years = set(Funding.objects.filter(unit=unit).values_list("year", flat=True))
    years |= set(StatedTotal.objects.filter(unit=unit).values_list("year", flat=True))
    return sorted(years, reverse=True)


# --- works -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkFilters:
    criterion: int | None = None
    status: str | None = None
    village: Unit | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, unit: Unit, params: Mapping[str, Any]) -> WorkFilters:
        """From a page's or the API's query: tieu_chi/criterion, trang_thai/status, thon/village, nam/year."""
        def get(vi: str, en: str) -> Any:
            return params.get(vi) or params.get(en) or None
        status = get("trang_thai", "status")
        village_key = get("thon", "village")
        village = unit.children.filter(pk=int(village_key)).first() if str(village_key or "").isdigit() else None
        return cls(criterion=parse_criterion(get("tieu_chi", "criterion"), "criterion"),
                   status=status if status in WorkStatus.values else None, village=village,
                   year=optional_year(get("nam", "year"), "year"))


@dataclass(frozen=True)
class WorkRow:
    work: Work
    planned: int | None
    allocated: int | None
    disbursed: int | None


def _work_query(unit: Unit) -> models.QuerySet[Work]:
    base = Work.objects.filter(village=unit) if unit.level == Level.VILLAGE else Work.objects.filter(unit=unit)
    return base.select_related("village", "unit").annotate(
        planned_sum=Sum("funding__planned"), allocated_sum=Sum("funding__allocated"),
        disbursed_sum=Sum("funding__disbursed"))


def works_of(unit: Unit, filters: WorkFilters | None = None) -> list[WorkRow]:
    """The works of a commune (or of one village), filtered, each with its budget and disbursement summed."""
    filters = filters or WorkFilters()
    query = _work_query(unit)
    for name in ("criterion", "status", "village", "year"):
        value = getattr(filters, name)
        if value is not None:
            query = query.filter(**{name: value})
    return [WorkRow(w, w.planned_sum, w.allocated_sum, w.disbursed_sum) for w in query]


@dataclass(frozen=True)
class WorkDetail:
    work: Work
    lines: list[Funding]
    planned: int | None
    allocated: int | None
    disbursed: int | None
    stated: StatedTotal | None
    documents: list[WorkDocument]
    contributions: list[Contribution]
    warnings: list[Notice]


def get_in_scope[M: models.Model](actor: Any, model: type[M], pk: Any, unit_path: str = "unit",
                                  access: str = Access.VIEW) -> M:
    """One finance row whose unit the actor may see, or NotFound (absent and not-yours look alike)."""
    found = model.objects.filter(pk=pk, **{f"{unit_path}__in": visible_units(actor, Access(access))}).first()  # type: ignore[attr-defined]
    if found is None:
        raise NotFound("không tìm thấy mục này", "record not found", field="id")
    return found  # type: ignore[no-any-return]


def work_detail(actor: Any, pk: int) -> WorkDetail:
    """A work with its budget by source, totals, stated cost, files and contributions; NotFound outside scope."""
    work = get_in_scope(actor, Work, pk)
    lines = list(work.funding.order_by("year", "source_kind"))
    totals = {m: _sum(getattr(r, m) for r in lines) for m in MEASURES}
    stated = work.stated_totals.filter(measure=Measure.PLANNED).first()
    warnings = [n for n in (stated_warning(stated, totals["planned"], what_vi=" cho công trình",
                                           what_en=" of the work"),) if n]
    warnings += [n for r in lines for n in _line_warnings(_source_line(FundingSource(r.source_kind), r, []))]
    return WorkDetail(work, lines, totals["planned"], totals["allocated"], totals["disbursed"], stated,
                      list(work.documents.all()), list(work.contributions.select_related("village")), warnings)


# --- contributions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContributionLine:
    """One kind of thing given, in one unit: never summed with another unit (m² and tấn stay apart)."""

    kind: str
    kind_label: str
    item: str
    measure_unit: str
    quantity: Decimal
    value_vnd: int | None


@dataclass(frozen=True)
class VillageContributions:
    village: Unit
    rows: list[Contribution]
    lines: list[ContributionLine]


@dataclass(frozen=True)
class ContributionSummary:
    commune: Unit
    year: int
    villages: list[VillageContributions]
    lines: list[ContributionLine]  # the commune's sums

    @property
    def money_vnd(self) -> int | None:
        """Money given, in đồng (the «Tiền» lines only)."""
        return _sum(int(ln.quantity) for ln in self.lines if ln.kind == ContributionKind.MONEY)


_KIND_ORDER = {k: i for i, k in enumerate(ContributionKind.values)}


def sum_contributions(rows: Iterable[Contribution]) -> list[ContributionLine]:
    """Rows summed per kind, item and measure unit; different units are separate lines, never added."""
    groups: dict[tuple[str, str, str], list[Contribution]] = defaultdict(list)
    names: dict[tuple[str, str, str], str] = {}
    for row in rows:
        key = (row.kind, row.item.casefold(), row.measure_unit)
        groups[key].append(row)
        names.setdefault(key, row.item)
    lines = [ContributionLine(kind, ContributionKind(kind).label, names[(kind, item, unit)], unit,
                              sum((r.quantity for r in group), Decimal(0)), _sum(r.value_vnd for r in group))
             for (kind, item, unit), group in groups.items()]
    return sorted(lines, key=lambda ln: (_KIND_ORDER[ln.kind], ln.item.casefold(), ln.measure_unit))


def contributions_summary(commune: Unit, year: int) -> ContributionSummary:
    """What each village gave in `year`, summed per kind, item and unit, and the commune's sums the same way."""
    villages = [commune] if commune.level == Level.VILLAGE else list(
        commune.children.filter(level=Level.VILLAGE).order_by("name"))
    rows = list(Contribution.objects.filter(village__in=villages, year=year).select_related("work"))
    per_village = []
    for village in villages:
        own = [r for r in rows if r.village_id == village.pk]
        if own:
            per_village.append(VillageContributions(village, own, sum_contributions(own)))
    return ContributionSummary(commune, year, per_village, sum_contributions(rows))


def contribution_years(commune: Unit) -> list[int]:
    villages = commune.children.filter(level=Level.VILLAGE) if commune.level != Level.VILLAGE else [commune]
    return sorted(set(Contribution.objects.filter(village__in=villages).values_list("year", flat=True)),
                  reverse=True)


# --- OCOP and campaigns ---------------------------------------------------------------------------

def ocop_of(unit: Unit) -> list[OcopProduct]:
    """OCOP products of a commune (or those made in one village), best rated first."""
    query = OcopProduct.objects.filter(village=unit) if unit.level == Level.VILLAGE else OcopProduct.objects.filter(
        unit=unit)
    return sorted(query.select_related("village"), key=lambda p: (-(p.stars or 0), p.name))


def campaigns_of(unit: Unit, year: int | None = None) -> list[Campaign]:
    """Campaigns and propaganda sessions of a commune and its villages (or of one village), by date."""
    condition = Q(unit=unit) | Q(unit__parent=unit) if unit.level == Level.COMMUNE else Q(unit=unit)
    query = Campaign.objects.filter(condition).select_related("unit")
    if year is not None:
        query = query.filter(year=year)
    return list(query.order_by("-year", "held_on", "id"))
