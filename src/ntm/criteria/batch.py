"""The batch path: every criterion's status and the indicators met, for many units of one set.

Province heat-maps, the what-if comparison and the national benchmark judge tens of thousands of
units. Each unit goes through `engine.criterion_statuses` (the one inline copy of the rule); what
this module saves is the per-unit plan look-up: plans are found by a plain tuple of the profile's
fields instead of hashing and comparing the Profile dataclass for every unit, which for small
sets (a village set) cost more than the judging itself. Reading each Decimal out of its Value is
this path's floor; for tens of thousands of units whose observations can be read into arrays
directly (the national snapshot, a province's heat-map), `columns.statuses_columnar` judges them
with NumPy instead and returns the same statuses (bench/engine.py times both and compares them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .engine import criterion_statuses
from .model import CriteriaSet, Profile, Status, Value
from .rules import MET, Plan, compile_plan, profile_key

Statuses = tuple[tuple[Status, ...], int]


def statuses_many(cset: CriteriaSet, profiles: Sequence[Profile], values: Sequence[Mapping[str, Value]],
                  assessed: Sequence[Mapping[int, Status] | None] | None = None) -> list[Statuses]:
    """Per unit, each criterion's status (in the set's order) and the number of indicators met.

    `profiles[i]`, `values[i]` and `assessed[i]` (whole-criterion statuses recorded by an
    official, or None) describe unit i; the result for unit i equals
    `criterion_statuses(compile_plan(cset, profiles[i]), values[i], assessed[i])`.
    """
    plans: dict[tuple, Plan] = {}
    results = []
    for profile, unit_values, given in zip(profiles, values, assessed or [None] * len(values), strict=True):
        key = profile_key(profile)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = compile_plan(cset, profile)
        results.append(criterion_statuses(plan, unit_values, given))
    return results


def counts_many(cset: CriteriaSet, profiles: Sequence[Profile], values: Sequence[Mapping[str, Value]],
                assessed: Sequence[Mapping[int, Status] | None] | None = None) -> list[tuple[int, int]]:
    """Per unit, (criteria met, indicators met), by the same path as `statuses_many`."""
    return [(sum(1 for s in statuses if s is MET), met)
            for statuses, met in statuses_many(cset, profiles, values, assessed)]
