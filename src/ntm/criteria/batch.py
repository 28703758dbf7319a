"""The batch path: every criterion's status and the indicators met, for many units of one set at once.

Province heat-maps, the what-if comparison and the national benchmark judge tens of thousands of
units. One pass in Python reads each unit's values — the only work per value, since figures are
Decimals compared exactly as `rules.status_of` compares them — and adds it to a count per
criterion; NumPy then decides every criterion of every unit at once. Same rule as `evaluate`
(tests/criteria/test_batch.py checks both paths agree on random data). No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .model import CriteriaSet, Profile, Status, Value
from .rules import MET, NOT_MET, UNKNOWN, compile_plan

# A criterion's count starts at minus its number of indicators: each met indicator adds 1, each
# not-met one adds _FAILED. So 0 is "all met", above 0 "one not met", below 0 "some unknown".
_FAILED = 1 << 20
_STATUSES = np.array([UNKNOWN, MET, NOT_MET], dtype=object)
_UNKNOWN_CODE, _MET_CODE, _NOT_MET_CODE = 0, 1, 2

Statuses = tuple[tuple[Status, ...], int]


def statuses_many(cset: CriteriaSet, profiles: Sequence[Profile], values: Sequence[Mapping[str, Value]],
                  assessed: Sequence[Mapping[int, Status] | None] | None = None) -> list[Statuses]:
    """Per unit, each criterion's status (in the set's order) and the number of indicators met.

    `profiles[i]`, `values[i]` and `assessed[i]` (whole-criterion statuses recorded by an
    official, or None) describe unit i. The result for each unit equals
    `criterion_statuses(compile_plan(cset, profiles[i]), values[i], assessed[i])`.
    """
    codes, met = _judge(cset, profiles, values, assessed)
    return list(zip(map(tuple, _STATUSES[codes].tolist()), met, strict=True))


def counts_many(cset: CriteriaSet, profiles: Sequence[Profile], values: Sequence[Mapping[str, Value]],
                assessed: Sequence[Mapping[int, Status] | None] | None = None) -> list[tuple[int, int]]:
    """Per unit, (criteria met, indicators met), by the same path as `statuses_many`."""
    codes, met = _judge(cset, profiles, values, assessed)
    return list(zip((codes == _MET_CODE).sum(axis=1).tolist(), met, strict=True))


def _judge(cset: CriteriaSet, profiles: Sequence[Profile], values: Sequence[Mapping[str, Value]],
           assessed: Sequence[Mapping[int, Status] | None] | None) -> tuple[np.ndarray, list[int]]:
    """Criterion codes (units × criteria: 0 unknown, 1 met, 2 not met) and indicators met per unit."""
    sizes = [len(c.indicators) for c in cset.criteria]
    start = [-size if size else -1 for size in sizes]  # a criterion without indicators is never met by them
    tables: dict[tuple, dict] = {}
    counts: list[int] = []
    for profile, unit_values in zip(profiles, values, strict=True):
        key = profile_key(profile)
        by_code = tables.get(key)
        if by_code is None:
            by_code = tables[key] = compile_plan(cset, profile).by_code
        state = start[:]
        for code, value in unit_values.items():
            rule = by_code.get(code)
            if rule is None or value is None:
                continue
            k, op, threshold, value_type = rule
            if threshold is not None:
                figure = value.value
                if figure is None:
                    figure = value.figure(value_type)
                if figure is not None:
                    state[k] += 1 if op(figure, threshold) else _FAILED
                    continue
            status = value.assessed
            if status is MET:
                state[k] += 1
            elif status is NOT_MET:
                state[k] += _FAILED
        counts.extend(state)
    grid = np.array(counts, dtype=np.int64).reshape(len(values), len(sizes))
    met = ((grid - np.array(start)) % _FAILED).sum(axis=1)  # what each criterion gained below _FAILED
    codes = np.where(grid > 0, _NOT_MET_CODE, np.where(grid == 0, _MET_CODE, _UNKNOWN_CODE)).astype(np.int8)
    if assessed:
        _apply_criteria_assessed(cset, codes, assessed)
    return codes, met.tolist()


def profile_key(profile: Profile) -> tuple:
    """Every field of the profile as a plain tuple: hashed and compared in C, unlike the dataclass."""
    return (profile.year, profile.region, profile.group, profile.zone, profile.flags)


def _apply_criteria_assessed(cset: CriteriaSet, codes: np.ndarray,
                             assessed: Sequence[Mapping[int, Status] | None]) -> None:
    """An official's status decides a criterion only where its indicators leave it unknown."""
    position = {c.number: k for k, c in enumerate(cset.criteria)}
    for unit, given in enumerate(assessed):
        for number, status in (given or {}).items():
            k = position.get(number)
            if k is not None and codes[unit, k] == _UNKNOWN_CODE:
                codes[unit, k] = _MET_CODE if status is MET else _NOT_MET_CODE if status is NOT_MET else _UNKNOWN_CODE
