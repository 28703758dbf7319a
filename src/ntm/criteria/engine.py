"""The evaluation engine: (set, profile, observations) → statuses, gaps and totals. Pure Python.

No Django here (tests/criteria/test_purity.py checks it): the web system, the CLI, the
documents and the benchmark all call these same functions on plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from .model import CriteriaSet, Profile, Status, Value, ValueType
from .rules import MET, NOT_MET, UNKNOWN, Plan, Rule, compile_plan, gap


class IndicatorResult(NamedTuple):
    """One indicator's outcome. `basis` says what decided it: measured, assessed or missing."""

    code: str
    name: str
    status: Status
    value: Decimal | bool | None
    threshold: Decimal | bool | None
    gap: Decimal | None
    gap_unit: str
    basis: str
    unit: str
    comparator: str


class CriterionResult(NamedTuple):
    """One criterion: met only when every indicator is met (or an official assessed it so)."""

    number: int
    name: str
    status: Status
    basis: str
    indicators: tuple[IndicatorResult, ...]


class Evaluation(NamedTuple):
    """A whole evaluation, with the totals a report writes ("16/19 tiêu chí, 51/57 chỉ tiêu")."""

    set_id: str
    profile: Profile
    criteria: tuple[CriterionResult, ...]
    criteria_met: int
    indicators_met: int
    indicators_total: int

    @property
    def criteria_total(self) -> int:
        return len(self.criteria)

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return tuple(ind for c in self.criteria for ind in c.indicators)

    @property
    def unknown(self) -> list[str]:
        """Codes of the indicators whose status is unknown."""
        return [i.code for i in self.indicators if i.status is UNKNOWN]

    def criterion(self, number: int) -> CriterionResult:
        """The criterion with this number (criteria are numbered from 1, in order, in every set)."""
        if 0 < number <= len(self.criteria) and self.criteria[number - 1].number == number:
            return self.criteria[number - 1]
        return next(c for c in self.criteria if c.number == number)

    @property
    def has_data(self) -> bool:
        """Whether any criterion or indicator is decided (met or not met)."""
        return any(c.status is not UNKNOWN for c in self.criteria) or any(
            i.status is not UNKNOWN for i in self.indicators)

    def summary_vi(self) -> str:
        """"đạt 16/19 tiêu chí, 51/57 chỉ tiêu", or "chưa có số liệu" — never "đạt 0/19" when nothing is known."""
        if not self.has_data:
            return "chưa có số liệu"
        return (f"đạt {self.criteria_met}/{self.criteria_total} tiêu chí, "
                f"{self.indicators_met}/{self.indicators_total} chỉ tiêu")


def judge(rule: Rule, value: Value | None) -> IndicatorResult:
    """The outcome of one value against one rule; missing data is unknown, never met.

    The same decision as `rules.status_of`, with what decided it (`basis`) and, when a figure
    falls short, the gap.
    """
    ind, threshold = rule.indicator, rule.threshold
    if value is None:
        return IndicatorResult(ind.code, ind.name, UNKNOWN, None, threshold, None, "", "missing", ind.unit,
                               ind.comparator)
    figure = value.value if value.value is not None else value.figure(rule.value_type)
    if figure is not None and threshold is not None:
        if rule.op(figure, threshold):
            return IndicatorResult(ind.code, ind.name, MET, figure, threshold, None, "", "measured", ind.unit,
                                   ind.comparator)
        shortfall, gap_unit = gap(rule, value)
        return IndicatorResult(ind.code, ind.name, NOT_MET, figure, threshold, shortfall, gap_unit, "measured",
                               ind.unit, ind.comparator)
    assessed = value.assessed
    basis = "assessed" if assessed is not None else "missing" if figure is None else "threshold_unknown"
    return IndicatorResult(ind.code, ind.name, assessed or UNKNOWN, figure, threshold, None, "", basis, ind.unit,
                           ind.comparator)


def _criterion_status(results: Sequence[IndicatorResult], assessed: Status | None) -> tuple[Status, str]:
    statuses = {r.status for r in results}
    if NOT_MET in statuses:
        return NOT_MET, "indicators"
    if statuses == {MET}:
        return MET, "indicators"
    if assessed is not None:
        return assessed, "assessed"
    return UNKNOWN, "indicators"


def evaluate(cset: CriteriaSet, profile: Profile, values: Mapping[str, Value],
             criteria_assessed: Mapping[int, Status] | None = None) -> Evaluation:
    """Evaluate one unit: every indicator and criterion of `cset`, thresholds chosen by `profile`.

    `criteria_assessed` holds statuses an official recorded for a whole criterion; they
    decide only a criterion whose indicators leave it unknown.
    """
    plan = compile_plan(cset, profile)
    assessed = criteria_assessed or {}
    names = {c.number: c.name for c in cset.criteria}
    results = []
    for number, rules in plan.criteria:
        indicators = tuple(judge(rule, values.get(rule.code)) for rule in rules)
        status, basis = _criterion_status(indicators, assessed.get(number))
        results.append(CriterionResult(number, names[number], status, basis, indicators))
    return Evaluation(cset.id, profile, tuple(results), sum(1 for c in results if c.status is MET),
                      sum(1 for c in results for i in c.indicators if i.status is MET), plan.indicators_total)


def criterion_statuses(plan: Plan, values: Mapping[str, Value],
                       criteria_assessed: Mapping[int, Status] | None = None) -> tuple[tuple[Status, ...], int]:
    """Each criterion's status and the number of indicators met, without building results.

    One unit at a time (the what-if, a single heat-map row); for many units `batch.statuses_many`
    finds each profile's plan faster. The same rule as `status_of` and `evaluate`,
    written out inline (tests/criteria/test_properties.py checks that the paths agree).
    """
    statuses = []
    indicators_met = 0
    get = values.get
    for number, rules in plan.compact:
        failed = unknown = False
        for code, op, threshold, value_type in rules:
            value = get(code)
            if value is None:
                unknown = True
                continue
            if threshold is not None:
                figure = value.value
                if figure is None:
                    figure = value.figure(value_type)
                if figure is not None:
                    if op(figure, threshold):
                        indicators_met += 1
                    else:
                        failed = True
                    continue
            assessed = value.assessed
            if assessed is MET:
                indicators_met += 1
            elif assessed is NOT_MET:
                failed = True
            else:
                unknown = True
        if failed:
            statuses.append(NOT_MET)
        elif not unknown and rules:  # a criterion without indicators is decided only by an assessment
            statuses.append(MET)
        else:
            statuses.append((criteria_assessed or {}).get(number) or UNKNOWN)
    return tuple(statuses), indicators_met


def count_met(plan: Plan, values: Mapping[str, Value],
              criteria_assessed: Mapping[int, Status] | None = None) -> tuple[int, int]:
    """(criteria met, indicators met), by the batch path."""
    statuses, indicators_met = criterion_statuses(plan, values, criteria_assessed)
    return sum(1 for s in statuses if s is MET), indicators_met


def evaluate_many(cset: CriteriaSet, units: Iterable[tuple[Profile, Mapping[str, Value]]]) -> list[tuple[int, int]]:
    """(criteria met, indicators met) for many units of one set, by the batch path (criteria/batch.py).

    Each unit is (profile, values) or (profile, values, whole-criterion assessments).
    """
    from .batch import counts_many  # batch builds on this module

    rows = list(units)
    return counts_many(cset, [u[0] for u in rows], [u[1] for u in rows],
                       [u[2] if len(u) > 2 else None for u in rows])  # type: ignore[misc]


# --- merged units -------------------------------------------------------------------------

def combine(cset: CriteriaSet, parts: Sequence[Mapping[str, Value]]) -> dict[str, Value]:
    """The observations of a unit made of `parts` (its predecessors), indicator by indicator.

    Ratios sum their numerators and denominators (never average percentages); counts and
    money sum; yes/no holds only when it holds in every part. A part without data makes the
    combined figure unknown rather than a guess.
    """
    combined = {}
    for ind in cset.indicators:
        found = [part.get(ind.code) for part in parts]
        if all(v is None for v in found):
            continue
        combined[ind.code] = _combine_one(ind.aggregate, ind.value_type, found)
    return combined


def _combine_one(aggregate: str, value_type: ValueType, found: list[Value | None]) -> Value:
    assessed = combine_statuses(v.assessed if v else None for v in found)
    present = [v for v in found if v is not None]
    if len(present) < len(found):
        return Value(assessed=assessed)
    if aggregate == "all":
        flags = [v.value for v in present]
        value = False if False in flags else (True if all(f is True for f in flags) else None)
        return Value(value=value, assessed=assessed)
    if aggregate == "ratio":
        numerators = [v.numerator for v in present if v.numerator is not None]
        denominators = [v.denominator for v in present if v.denominator is not None]
        if len(numerators) == len(denominators) == len(present):
            return Value(numerator=sum(numerators, Decimal(0)), denominator=sum(denominators, Decimal(0)),
                         assessed=assessed)
        return Value(assessed=assessed)
    figures = [v.value for v in present if isinstance(v.value, Decimal)]
    if len(figures) == len(present):
        return Value(value=sum(figures, Decimal(0)), assessed=assessed)
    return Value(assessed=assessed)


def combine_statuses(statuses: Iterable[Status | None]) -> Status | None:
    """Met only when every part is met; not met when any part is; otherwise nothing."""
    seen = list(statuses)
    if NOT_MET in seen:
        return NOT_MET
    if seen and all(s is MET for s in seen):
        return MET
    return None


def combine_assessments(parts: Sequence[Mapping[int, Status]]) -> dict[int, Status]:
    """Criterion-level assessments of a merged unit, by the same rule as `combine_statuses`."""
    numbers = {n for part in parts for n in part}
    combined = {n: combine_statuses(part.get(n) for part in parts) for n in numbers}
    return {n: s for n, s in combined.items() if s is not None}


# --- comparing two evaluations ------------------------------------------------------------

class Comparison(NamedTuple):
    """What changed between two evaluations of the same set."""

    before: Evaluation
    after: Evaluation
    gained_criteria: tuple[int, ...]
    lost_criteria: tuple[int, ...]
    gained_indicators: tuple[str, ...]
    lost_indicators: tuple[str, ...]

    def summary_vi(self) -> str:
        if not self.before.has_data:
            return "kỳ trước chưa có số liệu để so sánh"
        text = (f"{self.before.criteria_met}/{self.before.criteria_total} → "
                f"{self.after.criteria_met}/{self.after.criteria_total}")
        parts = []
        if self.lost_criteria:
            parts.append("mất tiêu chí " + ", ".join(map(str, self.lost_criteria)))
        if self.gained_criteria:
            parts.append("thêm tiêu chí " + ", ".join(map(str, self.gained_criteria)))
        return text + (": " + "; ".join(parts) if parts else ": không thay đổi")

    def summary_en(self) -> str:
        if not self.before.has_data:
            return "no data in the previous period to compare with"
        text = (f"{self.before.criteria_met}/{self.before.criteria_total} → "
                f"{self.after.criteria_met}/{self.after.criteria_total}")
        parts = [f"{n} lost" for n in self.lost_criteria] + [f"{n} gained" for n in self.gained_criteria]
        return text + (": " + ", ".join(parts) if parts else ": no change")


def compare(before: Evaluation, after: Evaluation) -> Comparison:
    """Criteria and indicators met in one evaluation and not in the other."""
    def met_criteria(ev: Evaluation) -> set[int]:
        return {c.number for c in ev.criteria if c.status is MET}

    def met_indicators(ev: Evaluation) -> set[str]:
        return {i.code for i in ev.indicators if i.status is MET}

    order = {c.number: i for i, c in enumerate(after.criteria)}
    codes = {i.code: n for n, i in enumerate(after.indicators)}
    b_crit, a_crit = met_criteria(before), met_criteria(after)
    b_ind, a_ind = met_indicators(before), met_indicators(after)
    return Comparison(
        before, after,
        tuple(sorted(a_crit - b_crit, key=lambda n: order.get(n, n))),
        tuple(sorted(b_crit - a_crit, key=lambda n: order.get(n, n))),
        tuple(sorted(a_ind - b_ind, key=lambda c: codes.get(c, 0))),
        tuple(sorted(b_ind - a_ind, key=lambda c: codes.get(c, 0))),
    )
