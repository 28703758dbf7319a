"""Reads for pages, the API and the CLI: a unit's evaluation for a period, merger-aware."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max

from ntm.common.scope import Access, require_all_in_scope, require_scope, visible_units
from ntm.criteria.catalog import family_of, get_set
from ntm.criteria.engine import (
    Comparison,
    Evaluation,
    combine,
    combine_assessments,
    compare,
    criterion_statuses,
    evaluate,
)
from ntm.criteria.model import CriteriaSet, Profile, Status
from ntm.criteria.rules import compile_plan
from ntm.criteria.tally import Tally, tally
from ntm.geo.models import Unit

from .data import UnitData, merged_unit_data, predecessors_of, unit_data
from .models import Observation, PeriodReview, ReportedResult
from .periods import Period
from .sets import choose_set


@dataclass(frozen=True)
class UnitEvaluation:
    """A unit's evaluation for a period, with its predecessors' own when it was made by a merger."""

    unit: Unit
    period: Period
    cset: CriteriaSet
    evaluation: Evaluation
    data: UnitData
    predecessors: tuple[tuple[Unit, bool, Evaluation], ...] = ()
    reported: tuple[ReportedResult, ...] = ()
    previous: Comparison | None = None
    predecessors_reported: tuple[ReportedResult, ...] = ()

    @property
    def tally(self) -> Tally:
        """Met / not met / unknown and what decided them (the honest headline)."""
        return tally(self.evaluation, self.cset)

    @property
    def stated(self) -> tuple[ReportedResult, ...]:
        """What documents stated for this period: the unit's own, then its predecessors'."""
        return self.reported + self.predecessors_reported

    @property
    def lead_stated(self) -> ReportedResult | None:
        """The stated figure to lead with when the computed result is incomplete (the unit's own first)."""
        if self.tally.has_data and not self.tally.criteria_unknown:
            return None
        return next(iter(self.stated), None)


def profile_of(unit: Unit, year: int) -> Profile:
    """The unit's region, group, zone and flags for `year` (blank means not known)."""
    return Profile(year=year, region=unit.region or None, group=unit.group or None, zone=unit.zone or None,
                   flags=frozenset(unit.flags or ()))


def _predecessors(unit: Unit, period: Period) -> list[tuple[Unit, bool]]:
    """Units merged into `unit`, when `period` ends before `unit` existed."""
    if unit.valid_from is None or period.end >= unit.valid_from:
        return []
    links = unit.predecessions.select_related("predecessor").order_by("predecessor__code")
    return [(link.predecessor, link.partly) for link in links]


def evaluate_unit(*, actor: Any, unit: Unit, period: Period, set_id: str | None = None,
                  with_previous: bool = True) -> UnitEvaluation:
    """Evaluate `unit` for `period`: its own data, or its predecessors' combined before it existed."""
    require_scope(actor, unit, Access.VIEW)
    cset = choose_set(unit, period, set_id)
    family = family_of(cset)
    parts = _predecessors(unit, period)
    profile = profile_of(unit, period.year)
    if parts:
        data_by_unit = unit_data([u for u, _ in parts], family, period)
        own = UnitData(combine(cset, [data_by_unit[u.pk].values for u, _ in parts]),
                       combine_assessments([data_by_unit[u.pk].assessed for u, _ in parts]))
        predecessors = tuple(
            (u, partly, evaluate(cset, profile_of(u, period.year), data_by_unit[u.pk].values,
                                 data_by_unit[u.pk].assessed)) for u, partly in parts)
    else:
        own, predecessors = unit_data([unit], family, period)[unit.pk], ()
    evaluation = evaluate(cset, profile, own.values, own.assessed)
    previous = None
    if with_previous:
        before = evaluate_unit(actor=actor, unit=unit, period=period.previous(), set_id=cset.id, with_previous=False)
        previous = compare(before.evaluation, evaluation)
    reported = tuple(ReportedResult.objects.filter(unit=unit, period_key=period.key).order_by("set_id"))
    stated_before = tuple(ReportedResult.objects.filter(unit__in=[u for u, _ in parts], period_key=period.key)
                          .select_related("unit").order_by("unit__name", "set_id")) if parts else ()
    return UnitEvaluation(unit, period, cset, evaluation, own, predecessors, reported, previous, stated_before)


def evaluate_units(*, actor: Any, units: Sequence[Unit], period: Period,
                   cset: CriteriaSet) -> list[tuple[Unit, Evaluation]]:
    """Evaluate many units of one set in two queries (the province heat-map, exports)."""
    require_all_in_scope(actor, units)
    data = unit_data(units, family_of(cset), period)
    return [(u, evaluate(cset, profile_of(u, period.year), data[u.pk].values, data[u.pk].assessed)) for u in units]


def observation_history(*, actor: Any, unit: Unit, family: str, period: Period) -> dict[str, list[Any]]:
    """For each indicator code (or "#N" for a whole criterion), its changes, newest first."""
    from .models import ObservationChange

    require_scope(actor, unit, Access.VIEW)
    changes = (ObservationChange.objects.filter(observation__unit=unit, observation__set_family=family,
                                                observation__period_key=period.key)
               .select_related("observation").order_by("-at", "-version"))
    history: dict[str, list[Any]] = {}
    for change in changes:
        obs = change.observation
        history.setdefault(obs.indicator or f"#{obs.criterion}", []).append(change)
    return history


def current_observations(*, actor: Any, unit: Unit, family: str, period: Period) -> dict[str, Observation]:
    """The observations recorded for exactly this period, by indicator code (or "#N")."""
    require_scope(actor, unit, Access.VIEW)
    rows = Observation.objects.filter(unit=unit, set_family=family, period_key=period.key)
    return {o.indicator or f"#{o.criterion}": o for o in rows}


def statuses_of_units(*, actor: Any, units: Sequence[Unit], period: Period,
                      cset: CriteriaSet) -> list[tuple[Unit, tuple[Status, ...], int]]:
    """Each unit's criterion statuses and indicators met, by the engine's batch path (heat-maps).

    Cached under a key that includes the data's version (latest change and row count of the
    observations involved) and the units' profiles, so a saved value shows at the next view:
    never a stale map, only a repeated computation saved.
    """
    require_all_in_scope(actor, units)
    family = family_of(cset)
    parts = predecessors_of(units, period)  # merged communes before the merger: their predecessors' data
    key = _statuses_key([*units, *(p for ps in parts.values() for p in ps)], family, period, cset)
    cached = cache.get(key)
    if cached is None:
        data = merged_unit_data(units, cset, period, parts)
        cached = [criterion_statuses(compile_plan(cset, profile_of(u, period.year)), data[u.pk].values,
                                     data[u.pk].assessed) for u in units]
        cache.set(key, cached, 600)
    return [(u, statuses, met) for u, (statuses, met) in zip(units, cached, strict=True)]


def _statuses_key(units: Sequence[Unit], family: str, period: Period, cset: CriteriaSet) -> str:
    version = (Observation.objects.filter(unit__in=[u.pk for u in units], set_family=family,
                                          period_end__lte=period.end)
               .aggregate(latest=Max("updated_at"), rows=Count("id")))
    reviews = (PeriodReview.objects.filter(unit__in=[u.pk for u in units], set_family=family, period_key=period.key)
               .aggregate(latest=Max("updated_at"), rows=Count("id")))  # a snapshot taken or released
    profiles = [(u.pk, u.region, u.group, u.zone, tuple(u.flags or ())) for u in units]
    digest = hashlib.sha256(repr((profiles, version, reviews, cset.path, id(cset))).encode()).hexdigest()
    return f"ntm:statuses:{cset.id}:{period.key}:{digest}"


def observations_of(*, actor: Any, unit: Unit, set_id: str | None = None,
                    period: Period | None = None) -> list[Observation]:
    """A unit's stored observations, optionally of one set's family and one period."""
    require_scope(actor, unit, Access.VIEW)
    rows = Observation.objects.filter(unit=unit)
    if set_id:
        rows = rows.filter(set_family=family_of(get_set(set_id)))
    if period is not None:
        rows = rows.filter(period_key=period.key)
    return list(rows.order_by("period_end", "criterion", "indicator"))


def evidence_file_of(*, actor: Any, observation_id: int) -> Observation | None:
    """The observation whose evidence file the actor asks for, if its unit is theirs to see and it has a file."""
    return (Observation.objects.filter(pk=observation_id, unit__in=visible_units(actor))
            .exclude(evidence_file="").first())
