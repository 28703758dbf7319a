"""Reads for the exchange: the units a template covers, and the saved rows it is pre-filled with."""

from __future__ import annotations

from typing import Any

from ntm.common.errors import BadInput
from ntm.common.scope import Access, visible_units
from ntm.common.text import name_key
from ntm.criteria.catalog import family_of
from ntm.criteria.model import CriteriaSet
from ntm.finance.models import Contribution, ContributionKind, Funding, FundingSource, Work, WorkStatus
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.sets import choose_set

from .sheets import Kind


def vocabulary() -> dict[str, dict[str, str]]:
    """The label lists of the templates: label as shown → stored code."""
    def labels(choices: Any) -> dict[str, str]:
        return {str(label): str(code) for code, label in choices.choices}
    return {"funding_source": labels(FundingSource), "work_status": labels(WorkStatus),
            "contribution_kind": labels(ContributionKind)}


def kinds_for(unit: Unit) -> list[Kind]:
    """A commune exchanges all four; a village its values and its contributions."""
    if unit.level == Level.COMMUNE:
        return list(Kind)
    return [Kind.OBSERVATIONS, Kind.CONTRIBUTIONS]


def require_kind(unit: Unit, kind: Kind) -> None:
    if kind not in kinds_for(unit):
        raise BadInput(f"mẫu này không dùng cho {unit.name}", f"this template is not for {unit.name}", field="kind")


def exchange_units(actor: Any, unit: Unit) -> list[Unit]:
    """The unit, then its villages the actor may edit, by name."""
    villages = visible_units(actor, Access.EDIT).filter(parent=unit, level=Level.VILLAGE).order_by("name")
    return [unit, *villages] if unit.level == Level.COMMUNE else [unit]


def villages_by_name(actor: Any, unit: Unit) -> dict[str, Unit]:
    """The villages a row may name, by name key (and by unit key)."""
    villages = [u for u in exchange_units(actor, unit) if u.level == Level.VILLAGE]
    found = {name_key(v.name): v for v in villages}
    found.update({name_key(v.short_name): v for v in villages if v.short_name})
    found.update({v.key: v for v in villages})
    return found


def set_or_none(unit: Unit, period: Period) -> CriteriaSet | None:
    """The set in force for the unit then, or None (a village without a provincial set)."""
    try:
        return choose_set(unit, period)
    except BadInput:
        return None


def saved_observations(unit: Unit, cset: CriteriaSet, period: Period) -> dict[str, Observation]:
    """The unit's stored values of exactly this period, by indicator code."""
    rows = (Observation.objects.filter(unit=unit, set_family=family_of(cset), period_key=period.key)
            .exclude(indicator=""))
    return {o.indicator: o for o in rows}


def saved_funding(unit: Unit, year: int) -> list[Funding]:
    return list(Funding.objects.filter(unit=unit, year=year).select_related("work").order_by("work_id", "source_kind"))


def saved_works(unit: Unit, year: int) -> list[Work]:
    return list(Work.objects.filter(unit=unit, year=year).select_related("village").order_by("name", "id"))


def saved_contributions(actor: Any, unit: Unit, year: int) -> list[Contribution]:
    villages = [u for u in exchange_units(actor, unit) if u.level == Level.VILLAGE]
    return list(Contribution.objects.filter(village__in=villages, year=year).select_related("village")
                .order_by("village__name", "kind", "id"))


def works_by_name(unit: Unit) -> dict[str, list[Work]]:
    """The commune's works by name key (a name may repeat across years)."""
    found: dict[str, list[Work]] = {}
    for work in Work.objects.filter(unit=unit).order_by("-year", "id"):
        found.setdefault(name_key(work.name), []).append(work)
    return found
