"""Read models for the pages, built on the scoped selectors of the apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from ntm.common.scope import Access, visible_units
from ntm.criteria.catalog import all_sets, sets_in_force
from ntm.criteria.engine import Evaluation
from ntm.criteria.model import CriteriaSet
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.selectors import choose_set, evaluate_unit, evaluate_units


def unit_url(unit: Unit) -> str:
    """The page of a unit: the heat-map for a province, the scorecard otherwise."""
    if unit.level == Level.PROVINCE:
        return reverse("web:province", args=[unit.key])
    return reverse("web:scorecard", args=[unit.key])


def home_units(actor: Any) -> list[Unit]:
    """The units the actor's roles name (not every unit below them)."""
    if getattr(actor, "is_superuser", False):
        return list(Unit.objects.filter(level=Level.PROVINCE).order_by("scheme", "name"))
    return [m.unit for m in actor.memberships.select_related("unit").order_by("unit__name")]


def default_period(unit: Unit) -> Period:
    """The latest period with data for the unit (or its villages), else the current quarter."""
    latest = (Observation.objects.filter(unit__in=[unit.pk, *unit.children.values_list("pk", flat=True)])
              .order_by("-period_end").values_list("period_key", flat=True).first())
    if latest:
        return Period.parse(latest)
    today = dt.date.today()
    return Period(today.year, PeriodKind.QUARTER, (today.month - 1) // 3 + 1)


def period_choices(period: Period) -> list[Period]:
    """Quarters and years around `period`, for the period picker."""
    choices = []
    for year in range(period.year - 2, period.year + 2):
        choices += [Period(year, PeriodKind.QUARTER, q) for q in range(1, 5)]
        choices += [Period(year, PeriodKind.HALF), Period(year, PeriodKind.NINE), Period(year, PeriodKind.YEAR)]
    if period not in choices:
        choices.append(period)
    return choices


def set_choices(unit: Unit, period: Period) -> list[CriteriaSet]:
    """Sets that could evaluate this unit: those of its level, the province's own first."""
    level = "village" if unit.level == Level.VILLAGE else "commune"
    in_force = sets_in_force(period.end, level=level, province=unit.province_code)
    others = [s for s in all_sets().values() if s.level == level and s not in in_force
              and s.province in (None, unit.province_code)]
    return in_force + sorted(others, key=lambda s: s.id)


def related_units(unit: Unit) -> dict[str, list[Unit]]:
    """Predecessors and successors across the 2025 merger, and the parent."""
    return {
        "successors": [s.successor for s in unit.successions.select_related("successor")],
        "predecessors": [p.predecessor for p in unit.predecessions.select_related("predecessor")],
        "parents": [p for p in [unit.parent, unit.parent.parent if unit.parent else None] if p],
    }


def can(actor: Any, unit: Unit, access: Access) -> bool:
    return visible_units(actor, access).filter(pk=unit.pk).exists()


def can_review(actor: Any, unit: Unit) -> bool:
    reviewer = unit.parent if unit.level == Level.VILLAGE and unit.parent else unit
    return can(actor, reviewer, Access.REVIEW)


def village_statuses(actor: Any, unit: Unit, period: Period) -> list[tuple[Unit, Evaluation | None]]:
    """The commune's villages with their evaluation under the village set, when one applies."""
    villages = list(visible_units(actor).filter(parent=unit, level=Level.VILLAGE).order_by("name"))
    if not villages:
        return []
    try:
        cset = choose_set(villages[0], period)
    except Exception:  # noqa: BLE001 - no village set in force: list the villages without a status
        return [(v, None) for v in villages]
    return [(v, ev) for v, ev in evaluate_units(actor=actor, units=villages, period=period, cset=cset)]


def side_by_side(actor: Any, unit: Unit, period: Period) -> list[Any]:
    """The unit under every commune set with the same kind (xa_ntm) that covers it, oldest first."""
    sets = [s for s in all_sets().values() if s.level == "commune" and s.kind == "xa_ntm"
            and s.province in (None, unit.province_code)]
    chosen = {s.extends or s.id: s for s in sorted(sets, key=lambda s: s.province is None)}
    ordered = sorted(chosen.values(), key=lambda s: s.valid_from)
    return [evaluate_unit(actor=actor, unit=unit, period=period, set_id=s.id, with_previous=False) for s in ordered]
