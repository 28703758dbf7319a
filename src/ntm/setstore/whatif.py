"""What a draft would change: every commune (or village, for a village set) of the province evaluated on the
latest data under the draft and under the set it replaces (its published version, else its parent), criterion by
criterion.

The engine's batch path (compile_plan + criterion_statuses on unit_data), as the province heat-map uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ntm.common.errors import BadInput, NotFound
from ntm.common.scope import Access, get_unit_in_scope, require_scope, visible_units
from ntm.criteria.catalog import all_sets, family_of
from ntm.criteria.engine import criterion_statuses
from ntm.criteria.model import CriteriaSet, Status
from ntm.criteria.rules import compile_plan
from ntm.geo.models import Level, Unit
from ntm.monitoring.data import unit_data
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.selectors import profile_of

from .models import SetVersion
from .selectors import resolved


@dataclass(frozen=True)
class CriterionChange:
    """One criterion: communes meeting it before and after, and which gain or lose it."""

    number: int
    name: str
    met_before: int
    met_after: int
    gained: tuple[Unit, ...]
    lost: tuple[Unit, ...]


@dataclass(frozen=True)
class UnitChange:
    """A commune whose count of criteria met changes."""

    unit: Unit
    met_before: int
    met_after: int


@dataclass(frozen=True)
class WhatIf:
    draft: CriteriaSet
    baseline: CriteriaSet | None
    province: Unit
    period: Period
    communes: int
    criteria: tuple[CriterionChange, ...]
    units: tuple[UnitChange, ...]
    full_before: int
    full_after: int

    @property
    def level(self) -> str:
        """"commune" or "village": what `communes` counts."""
        return self.draft.level

    @property
    def changed(self) -> int:
        """How many communes (villages, for a village set) gain or lose at least one criterion."""
        return len({u.pk for c in self.criteria for u in (*c.gained, *c.lost)})


def baseline_of(version: SetVersion) -> CriteriaSet | None:
    """The set a draft would replace: the set in force under its id (its published version, or the national file
    it replaces), else the set it extends, else none."""
    sets = all_sets()
    if version.set_id in sets:
        return sets[version.set_id]
    return sets.get(version.extends) if version.extends else None


def provinces_for(actor: Any, cset: CriteriaSet) -> list[Unit]:
    """The provinces the actor may test the set on: the set's province in every scheme overlapping its validity
    (every visible province for a national set), the most recent first."""
    rows = visible_units(actor).filter(level=Level.PROVINCE)
    if cset.province:
        rows = rows.filter(code=cset.province)
    end = cset.valid_to or dt.date.max
    fitting = [u for u in rows if (u.valid_from or dt.date.min) <= end
               and (u.valid_to is None or u.valid_to >= cset.valid_from)]
    return sorted(fitting, key=lambda u: (u.valid_from or dt.date.min, u.code), reverse=True)


def province_for(actor: Any, cset: CriteriaSet, key: str = "") -> Unit:
    """The province to test on: the one named, else the set's province in the scheme that overlaps its validity
    most recently (the 2025 province for a set still in force after 01/07/2025)."""
    if key:
        return get_unit_in_scope(actor, key)
    fitting = provinces_for(actor, cset)
    if not fitting:
        raise NotFound("không có tỉnh nào trong phạm vi của bạn để thử bộ tiêu chí này",
                       "no province in your scope to test this set on", field="province")
    return fitting[0]


def _latest_period(communes: list[Unit], family: str, cset: CriteriaSet) -> Period:
    rows = Observation.objects.filter(unit__in=[u.pk for u in communes], set_family=family,
                                      period_end__gte=cset.valid_from)
    if cset.valid_to:
        rows = rows.filter(period_end__lte=cset.valid_to)
    key = rows.order_by("-period_end", "period_key").values_list("period_key", flat=True).first()
    if key:
        return Period.parse(key)
    today = min(dt.date.today(), cset.valid_to or dt.date.max)
    return Period(today.year, PeriodKind.QUARTER, (today.month - 1) // 3 + 1)


def _statuses(cset: CriteriaSet, communes: list[Unit], period: Period,
              loaded: dict[str, Any]) -> list[dict[int, Status]]:
    family = family_of(cset)
    if family not in loaded:  # the draft and the set it replaces usually read the same observations
        loaded[family] = unit_data(communes, family, period)
    data = loaded[family]
    numbers = [c.number for c in cset.criteria]
    result = []
    for unit in communes:
        statuses, _met = criterion_statuses(compile_plan(cset, profile_of(unit, period.year)),
                                            data[unit.pk].values, data[unit.pk].assessed)
        result.append(dict(zip(numbers, statuses, strict=True)))
    return result


def compare_sets(*, actor: Any, draft: CriteriaSet, baseline: CriteriaSet | None, province: Unit,
                 period: Period | None = None) -> WhatIf:
    """Every commune of `province` (every village, for a village set) under `draft` and under `baseline` (all
    unknown when there is none)."""
    require_scope(actor, province, Access.VIEW)
    if draft.level == "village":
        villages = list(visible_units(actor).filter(level=Level.VILLAGE, province_code=province.code)
                        .order_by("name", "code"))
        period = period or _latest_period(villages, family_of(draft), draft)
        communes = [v for v in villages if _alive(v, period)]
    else:
        communes = list(visible_units(actor).filter(level=Level.COMMUNE, scheme=province.scheme,
                                                    province_code=province.code).order_by("name"))
        period = period or _latest_period(communes, family_of(draft), draft)
    loaded: dict[str, Any] = {}
    after = _statuses(draft, communes, period, loaded)
    before = _statuses(baseline, communes, period, loaded) if baseline else [{} for _ in communes]
    criteria = []
    for crit in draft.criteria:
        n = crit.number
        gained = tuple(u for u, b, a in zip(communes, before, after, strict=True)
                       if a[n] is Status.MET and b.get(n) is not Status.MET)
        lost = tuple(u for u, b, a in zip(communes, before, after, strict=True)
                     if a[n] is not Status.MET and b.get(n) is Status.MET)
        criteria.append(CriterionChange(n, crit.name, sum(1 for b in before if b.get(n) is Status.MET),
                                        sum(1 for a in after if a[n] is Status.MET), gained, lost))
    units = tuple(UnitChange(u, _met(b), _met(a)) for u, b, a in zip(communes, before, after, strict=True) if a != b
                  and _met(a) != _met(b))
    total_before = len(baseline.criteria) if baseline else 0
    return WhatIf(draft, baseline, province, period, len(communes), tuple(criteria), units,
                  sum(1 for b in before if b and _met(b) == total_before),
                  sum(1 for a in after if _met(a) == len(draft.criteria)))


def _alive(unit: Unit, period: Period) -> bool:
    """True when the unit exists at some time in the period (a village closed before it is left out)."""
    return (unit.valid_from is None or unit.valid_from <= period.end) and \
        (unit.valid_to is None or unit.valid_to >= period.start)


def _met(statuses: dict[int, Status]) -> int:
    return sum(1 for s in statuses.values() if s is Status.MET)


def what_if(*, actor: Any, version: SetVersion, province_key: str = "", period: Period | None = None) -> WhatIf:
    """The what-if of a stored version against the set it would replace."""
    draft = resolved(version)
    if draft is None:
        raise BadInput("bộ tiêu chí này không còn đọc được; sửa lại nội dung", "this set no longer resolves",
                       field="content")
    return compare_sets(actor=actor, draft=draft, baseline=baseline_of(version),
                        province=province_for(actor, draft, province_key), period=period)
