"""The columnar batch path: criterion statuses and indicators met for many units at once, with NumPy.

`batch.statuses_many` reads every unit's observations as `Value` objects, one Decimal at a time;
at the national scale (a hundred thousand units, millions of judgements) reading them is the
floor. Here the observations arrive as arrays, units × indicators in the set's order, built once
from wherever they are stored (`columns_from_values` for mappings of `Value`s; the monitoring
selectors build theirs straight from database rows), and every indicator of every unit is judged
by array operations.

The decision is the engine's (`rules.status_of`, `engine.criterion_statuses`), and so is the
result, unit by unit, not approximately. Figures are compared as floats; where a float figure lies
within a hair of its threshold (`_NEAR`, relative; a float is correctly rounded, so any figure
farther away compares the same as its Decimal would) the unit's exact `Value` is read back through
`Columns.exact` and judged by `status_of` itself. tests/criteria/test_columns.py checks the path
against full evaluation on generated units, ties at the threshold included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .model import CriteriaSet, Profile, Status, Value, ValueType
from .rules import Rule, compile_plan, profile_key, status_of

# Status codes in the arrays: 0 unknown (or nothing recorded), 1 met, 2 not met.
CODES = {None: 0, Status.UNKNOWN: 0, Status.MET: 1, Status.NOT_MET: 2}
STATUSES = (Status.UNKNOWN, Status.MET, Status.NOT_MET)

_OP_CODES = {">=": 0, "<=": 1, ">": 2, "<": 3, "==": 4, "is_true": 5}
# Met or not by the comparator (row) and the sign of figure − threshold (column: −, 0, +).
_MET_BY_SIGN = np.array([[False, True, True],     # >=
                         [True, True, False],     # <=
                         [False, False, True],    # >
                         [True, False, False],    # <
                         [False, True, False],    # ==
                         [False, False, False]])  # is_true: decided apart, from the yes/no columns
_NEAR = 1e-9  # relative to the threshold (at least 1): closer than this, the exact value decides


@dataclass(frozen=True)
class Columns:
    """Observations of n units of one set, as arrays of units × indicators (the set's order).

    `figure` is what the engine compares: the value given, else numerator / denominator (× 100 for
    a percent) when the denominator is not 0, else NaN — as `Value.figure` decides it. A unit
    without a value for an indicator has NaN and assessment 0, the same as a value holding nothing.
    `exact(unit, code)` returns the unit's exact `Value` for an indicator; it is called only for
    figures within a hair of a threshold. Magnitudes beyond a float's (10³⁰⁸) are not supported.
    """

    figure: np.ndarray  # float64, NaN where there is no figure (a yes/no as 1.0 / 0.0)
    is_bool: np.ndarray  # bool: the figure is a yes/no
    assessed: np.ndarray  # int8 status code: an official's assessment of the indicator
    criteria_assessed: np.ndarray  # int8 status code, units × criteria: whole-criterion assessments
    exact: Callable[[int, str], Value | None]

    def __len__(self) -> int:
        return len(self.figure)


def empty_columns(cset: CriteriaSet, count: int, exact: Callable[[int, str], Value | None]) -> Columns:
    """Columns for `count` units holding nothing yet (builders fill them in place, with `put`)."""
    shape = (count, len(cset.indicators))
    return Columns(np.full(shape, np.nan), np.zeros(shape, bool), np.zeros(shape, np.int8),
                   np.zeros((count, len(cset.criteria)), np.int8), exact)


def columns_from_values(cset: CriteriaSet, values: Sequence[Mapping[str, Value]],
                        assessed: Sequence[Mapping[int, Status] | None] | None = None) -> Columns:
    """The columns of units given as mappings of indicator code → `Value` (as `batch.statuses_many` takes them)."""
    columns = empty_columns(cset, len(values), lambda unit, code: values[unit].get(code))
    position = {ind.code: (k, ind.value_type is ValueType.PERCENT) for k, ind in enumerate(cset.indicators)}
    numbers = {c.number: k for k, c in enumerate(cset.criteria)}
    for u, unit_values in enumerate(values):
        for code, v in unit_values.items():
            at = position.get(code)
            if at is not None and v is not None:
                put(columns, u, at[0], v.value, v.numerator, v.denominator, CODES[v.assessed], percent=at[1])
        for number, status in ((assessed[u] or {}) if assessed else {}).items():
            if number in numbers:
                columns.criteria_assessed[u, numbers[number]] = CODES[status]
    return columns


def put(columns: Columns, u: int, k: int, value: object, numerator: object, denominator: object,
        assessed: int, *, percent: bool) -> None:
    """One observation into the columns (unit u, indicator k; assessed as a `CODES` code), replacing what was there.

    Its figure is decided as `Value.figure` decides it: the value, else the ratio when the denominator is not 0.
    """
    if value is not None:
        columns.figure[u, k] = float(value)  # type: ignore[arg-type]
        columns.is_bool[u, k] = isinstance(value, bool)
    else:
        columns.is_bool[u, k] = False
        columns.figure[u, k] = (float(numerator) * (100.0 if percent else 1.0) / float(denominator)  # type: ignore[arg-type]
                                if numerator is not None and denominator else np.nan)
    columns.assessed[u, k] = assessed


def distinct_profiles(profiles: Sequence[Profile]) -> tuple[list[Profile], np.ndarray]:
    """The distinct profiles, and for each unit the position of its own among them."""
    seen: dict[tuple, int] = {}
    distinct: list[Profile] = []
    index = np.empty(len(profiles), np.intp)
    for u, profile in enumerate(profiles):
        key = profile_key(profile)
        at = seen.get(key)
        if at is None:
            at = seen[key] = len(distinct)
            distinct.append(profile)
        index[u] = at
    return distinct, index


def statuses_columnar(cset: CriteriaSet, profiles: Sequence[Profile], profile_of: np.ndarray,
                      columns: Columns) -> tuple[np.ndarray, np.ndarray]:
    """Each criterion's status code (units × criteria, in the set's order) and the indicators met per unit.

    `profiles` are the distinct profiles and `profile_of[u]` the position of unit u's among them
    (`distinct_profiles`); thresholds are resolved once per distinct profile. Status codes are
    `CODES`' (0 unknown, 1 met, 2 not met); `as_statuses` turns them into the engine's tuples.
    """
    rules = [[rule for _n, plan_rules in compile_plan(cset, p).criteria for rule in plan_rules] for p in profiles]
    thresholds, tolerance, thr_bool = _threshold_arrays(rules, len(cset.indicators))
    ops = [ind.comparator for ind in cset.indicators]
    if len(profiles) == 1:  # one profile (a village set): its thresholds broadcast over every unit
        thr, tol = thresholds[0], tolerance[0]
    else:
        thr, tol = thresholds[profile_of], tolerance[profile_of]

    with np.errstate(invalid="ignore", over="ignore"):
        diff = columns.figure - thr  # NaN where there is no figure or no threshold: undecided
        decided = ~np.isnan(diff)
        met = _compare(diff, ops)
        is_true = np.array([op == "is_true" for op in ops], bool)
        if is_true.any():
            flags = thr_bool[:, is_true]
            flags = flags[0] if len(profiles) == 1 else flags[profile_of]
            met[:, is_true] = columns.is_bool[:, is_true] & flags & (diff[:, is_true] == 0)
        near = np.abs(diff) <= tol  # tolerance NaN for a yes/no rule, infinite for an absurd threshold
    assessed = columns.assessed
    is_met = np.where(decided, met, assessed == 1)
    is_not_met = np.where(decided, ~met, assessed == 2)

    units, positions = np.nonzero(near)
    if len(units):
        codes, exact = [ind.code for ind in cset.indicators], columns.exact
        statuses = [status_of(rules[p][k], exact(u, codes[k]))
                    for u, k, p in zip(units.tolist(), positions.tolist(), profile_of[units].tolist(), strict=True)]
        is_met[units, positions] = [s is Status.MET for s in statuses]
        is_not_met[units, positions] = [s is Status.NOT_MET for s in statuses]

    width = len(cset.indicators)
    membership = np.zeros((width, len(cset.criteria)), np.float32)  # indicator k belongs to criterion c
    sizes = np.array([len(c.indicators) for c in cset.criteria])
    membership[np.arange(width), np.repeat(np.arange(len(cset.criteria)), sizes)] = 1
    met_by_criterion = is_met.astype(np.float32) @ membership  # exact: small whole numbers
    failed = (is_not_met.astype(np.float32) @ membership) > 0
    all_met = (met_by_criterion == sizes) & (sizes > 0)  # a criterion without indicators: only an assessment
    criteria = np.where(failed, 2, np.where(all_met, 1, columns.criteria_assessed)).astype(np.int8)
    return criteria, met_by_criterion.sum(axis=1).astype(np.intp)


def _compare(diff: np.ndarray, ops: list[str]) -> np.ndarray:
    """figure (comparator) threshold, column by column, from figure − threshold (NaN compares false)."""
    kinds = set(ops) - {"is_true"}
    ge, le = diff >= 0, diff <= 0
    if kinds <= {">=", "<="}:
        return np.where(np.array([op == ">=" for op in ops], bool), ge, le)
    met = np.zeros(diff.shape, bool)
    for op, result in ((">=", ge), ("<=", le), (">", ~le), ("<", ~ge), ("==", ge & le)):
        chosen = np.array([o == op for o in ops], bool)
        if chosen.any():
            met[:, chosen] = result[:, chosen]
    return met


def _threshold_arrays(rules: list[list[Rule]], width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct profile × indicator: the threshold as a float (NaN unknown), the tolerance, whether a yes/no.

    Within the tolerance of the threshold a float figure may compare otherwise than its exact
    value: the exact value decides there. A yes/no rule (`is_true`) compares no magnitudes
    (tolerance NaN: never rechecked); a threshold beyond a float's range is always rechecked.
    """
    thresholds = np.full((len(rules), width), np.nan)
    tolerance = np.full((len(rules), width), np.nan)
    is_bool = np.zeros((len(rules), width), bool)
    for p, profile_rules in enumerate(rules):
        for k, rule in enumerate(profile_rules):
            if rule.threshold is None:
                continue
            figure = float(rule.threshold)
            is_bool[p, k] = isinstance(rule.threshold, bool)
            if rule.indicator.comparator == "is_true":
                thresholds[p, k] = figure
            elif np.isfinite(figure):
                thresholds[p, k], tolerance[p, k] = figure, _NEAR * max(abs(figure), 1.0)
            else:
                thresholds[p, k], tolerance[p, k] = 0.0, np.inf
    return thresholds, tolerance, is_bool


def as_statuses(criteria: np.ndarray, indicators_met: np.ndarray) -> list[tuple[tuple[Status, ...], int]]:
    """The codes as `batch.statuses_many` returns them: per unit, the criteria's statuses and the indicators met."""
    return [(tuple(STATUSES[c] for c in row), met)
            for row, met in zip(criteria.tolist(), indicators_met.tolist(), strict=True)]


def statuses_of_columns(cset: CriteriaSet, profiles: Sequence[Profile], columns: Columns
                        ) -> list[tuple[tuple[Status, ...], int]]:
    """`statuses_columnar` for units given one profile each, returned as the engine's tuples."""
    distinct, profile_of = distinct_profiles(profiles)
    return as_statuses(*statuses_columnar(cset, distinct, profile_of, columns))
