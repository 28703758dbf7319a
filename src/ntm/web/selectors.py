"""Read models for the pages, built on the scoped selectors of the apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from ntm.common.errors import BadInput
from ntm.common.scope import Access, in_scope, visible_units
from ntm.criteria.catalog import all_sets, family_of
from ntm.criteria.engine import Evaluation
from ntm.criteria.model import CriteriaSet
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation, ReportedResult
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.selectors import UnitEvaluation, choose_set, evaluate_unit, evaluate_units
from ntm.monitoring.sets import sets_for


def unit_url(unit: Unit) -> str:
    """The page of a unit: the heat-map for a province, the scorecard otherwise."""
    if unit.level == Level.PROVINCE:
        return reverse("web:province", args=[unit.key])
    return reverse("web:scorecard", args=[unit.key])


def home_units(actor: Any) -> list[Unit]:
    """The units the actor's roles name (not every unit below them)."""
    return [m.unit for m in actor.memberships.select_related("unit").order_by("unit__name")]


@dataclass(frozen=True)
class Desk:
    """One unit on a home page: its page, its latest period and that period's headline."""

    unit: Unit
    url: str
    period: Period | None
    result: UnitEvaluation | None


def _desk(actor: Any, unit: Unit) -> Desk:
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        return Desk(unit, unit_url(unit), None, None)
    period = default_period(unit)
    try:
        result = evaluate_unit(actor=actor, unit=unit, period=period, with_previous=False)
    except BadInput:
        result = None
    return Desk(unit, unit_url(unit), period, result)


def home(actor: Any, query: str = "") -> dict[str, Any]:
    """What a home page shows: the actor's units with headlines, the review work list and returned periods;
    for an administrator, provinces of both schemes found by name."""
    from ntm.common.text import fold
    from ntm.monitoring.reporting.reminders import members_to_contact, reminders_for
    from ntm.monitoring.worklist import count_waiting, returned_to, reviews_waiting
    from ntm.planning.selectors import assigned_to

    context: dict[str, Any] = {"desks": [_desk(actor, u) for u in home_units(actor)], "query": query,
                               "waiting": reviews_waiting(actor, limit=5), "waiting_count": count_waiting(actor),
                               "returned": returned_to(actor), "provinces": None, "seats": assigned_to(actor),
                               "reminders": reminders_for(actor), "contacts": members_to_contact(actor)}
    if getattr(actor, "is_superuser", False):
        provinces = Unit.objects.filter(level=Level.PROVINCE).order_by("scheme", "name")
        if query.strip():
            provinces = provinces.filter(search_key__contains=fold(query))
        context["provinces"] = list(provinces)
    return context


def default_period(unit: Unit) -> Period:
    """The latest period with data for the unit (its villages, or its predecessors), else the unit's last quarter."""
    units = [unit.pk, *unit.children.values_list("pk", flat=True),
             *unit.predecessions.values_list("predecessor_id", flat=True)]
    latest = (Observation.objects.filter(unit__in=units).order_by("-period_end", "-period_key")
              .values_list("period_key", flat=True).first())
    if latest:
        return Period.parse(latest)
    day = min(dt.date.today(), unit.valid_to) if unit.valid_to else dt.date.today()
    return Period(day.year, PeriodKind.QUARTER, (day.month - 1) // 3 + 1)


def period_choices(period: Period, unit: Unit | None = None) -> list[Period]:
    """Quarters, 6/9 months and years around `period`, within the unit's life (a merged unit keeps its
    predecessors' past)."""
    choices = []
    for year in range(period.year - 2, period.year + 2):
        choices += [Period(year, PeriodKind.QUARTER, q) for q in range(1, 5)]
        choices += [Period(year, PeriodKind.HALF), Period(year, PeriodKind.NINE), Period(year, PeriodKind.YEAR)]
    if unit is not None:
        has_past = _has_past(unit) if unit.valid_from is not None else False
        choices = [p for p in choices if _in_life(unit, p, has_past)]
    if period not in choices:
        choices.append(period)
    return sorted(choices, key=lambda p: (p.end, p.start))


def _has_past(unit: Unit) -> bool:
    """Whether the unit was formed from predecessors (whose past it shows); one query, asked once a page."""
    return unit.predecessions.exists()


def _in_life(unit: Unit, period: Period, has_past: bool) -> bool:
    if unit.valid_to is not None and period.start > unit.valid_to:
        return False
    if unit.valid_from is not None and period.end < unit.valid_from:
        return has_past
    return True


def set_choices(unit: Unit, period: Period) -> list[CriteriaSet]:
    """Sets that could evaluate this unit then: those in force first, then its other sets of its level."""
    return sets_for(unit, period)


def is_dissolved(unit: Unit, period: Period | None = None) -> bool:
    """Whether the unit had ceased to exist (by `period`'s start, or today)."""
    day = period.start if period else dt.date.today()
    return unit.valid_to is not None and day > unit.valid_to


def related_units(unit: Unit) -> dict[str, list[Unit]]:
    """Predecessors and successors across the 2025 merger, and the parent."""
    return {
        "successors": [s.successor for s in unit.successions.select_related("successor")],
        "predecessors": [p.predecessor for p in unit.predecessions.select_related("predecessor")],
        "parents": [p for p in [unit.parent, unit.parent.parent if unit.parent else None] if p],
    }


def can(actor: Any, unit: Unit, access: Access) -> bool:
    return in_scope(actor, unit, access)


def commune_headline(village: Unit, period: Period) -> Any:
    """The village's commune evaluated for the period (shown to the village board, which cannot open the
    commune's page), or None when no set applies."""
    if village.level != Level.VILLAGE or village.parent is None:
        return None
    try:
        return evaluate_unit(actor=None, unit=village.parent, period=period, with_previous=False)
    except BadInput:
        return None


def village_statuses(actor: Any, unit: Unit, period: Period) -> list[tuple[Unit, Evaluation | None]]:
    """The commune's villages with their evaluation under the village set, when one applies."""
    villages = list(visible_units(actor).filter(parent=unit, level=Level.VILLAGE).order_by("name"))
    if not villages:
        return []
    try:
        cset = choose_set(villages[0], period)
    except BadInput:  # no village set in force: list the villages without a status
        return [(v, None) for v in villages]
    return [(v, ev) for v, ev in evaluate_units(actor=actor, units=villages, period=period, cset=cset)]


def side_by_side(actor: Any, unit: Unit, period: Period) -> list[Any]:
    """The unit under every commune set with the same kind (xa_ntm) that covers it, oldest first."""
    sets = [s for s in all_sets().values() if s.level == "commune" and s.kind == "xa_ntm"
            and s.province in (None, unit.province_code)]
    chosen = {s.extends or s.id: s for s in sorted(sets, key=lambda s: s.province is None)}
    ordered = sorted(chosen.values(), key=lambda s: s.valid_from)
    return [evaluate_unit(actor=actor, unit=unit, period=period, set_id=s.id, with_previous=False) for s in ordered]


def provenance(cset: CriteriaSet) -> dict[str, Any]:
    """Each indicator of the set by code: its threshold's status (confirmed / seed / recalled / unknown) and source."""
    return {ind.code: ind for ind in cset.indicators}


def evidence_by_code(unit: Unit, result: UnitEvaluation) -> dict[str, Observation]:
    """The observation behind each shown value that carries an evidence note or file, by indicator code ("#N")."""
    periods = result.data.periods
    if not periods or result.predecessors:
        return {}
    rows = (Observation.objects.filter(unit=unit, set_family=family_of(result.cset),
                                       period_key__in=set(periods.values()))
            .exclude(evidence_note="", evidence_file=""))
    found = {}
    for obs in rows:
        code = obs.indicator or f"#{obs.criterion}"
        if periods.get(code) == obs.period_key:
            found[code] = obs
    return found


def has_synthetic(unit: Unit, period: Period, predecessors: list[Unit] | None = None) -> bool:
    """Whether anything shown for the unit (or its predecessors) up to the period is synthetic demo data.

    `predecessors`: the unit's predecessors when the page has them already (related_units), to spare a query.
    """
    from ntm.monitoring.synthetic import synthetic_unit_ids

    before = ([u.pk for u in predecessors] if predecessors is not None
              else unit.predecessions.values_list("predecessor_id", flat=True))
    units = [unit.pk, *before]
    return bool(synthetic_unit_ids(units, period.end))


def own_observations(actor: Any, unit: Unit, period: Period) -> list[Observation]:
    """What the unit itself recorded up to the period, newest first (shown when no set evaluates it)."""
    return list(visible_units(actor).get(pk=unit.pk).observations.filter(period_end__lte=period.end)
                .order_by("-period_end", "criterion", "indicator")[:50])


@dataclass(frozen=True)
class HistoryRow:
    """One period of a unit's trajectory: its own result (computed, stated) and each predecessor's."""

    period: Period
    own: UnitEvaluation | None
    parts: list[tuple[Unit, Evaluation | None, list[ReportedResult]]]


def history(actor: Any, unit: Unit, *, limit: int = 12) -> list[HistoryRow]:
    """The latest `limit` periods with data or stated totals for the unit or its predecessors, newest first."""
    links = unit.predecessions.select_related("predecessor").order_by("predecessor__name")
    parts = [link.predecessor for link in links]
    units = [unit, *parts]
    keys = set(Observation.objects.filter(unit__in=units).values_list("period_key", flat=True).distinct())
    keys |= set(ReportedResult.objects.filter(unit__in=units).values_list("period_key", flat=True).distinct())
    periods = sorted((Period.parse(k) for k in keys), key=lambda p: (p.end, -(p.end - p.start).days),
                     reverse=True)[:limit]
    rows = []
    for period in periods:
        try:
            own = evaluate_unit(actor=actor, unit=unit, period=period, with_previous=False)
        except BadInput:
            own = None
        by_part = {u.pk: ev for u, _partly, ev in own.predecessors} if own else {}
        stated = {u.pk: [r for r in own.predecessors_reported if r.unit_id == u.pk] for u in parts} if own else {}
        rows.append(HistoryRow(period, own, [(u, by_part.get(u.pk), stated.get(u.pk, [])) for u in parts]))
    return rows
