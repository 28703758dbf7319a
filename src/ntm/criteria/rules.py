"""Thresholds resolved for one unit's profile, and the judgement of one value against one rule.

A `Rule` is an indicator with its threshold already chosen for a profile (region, group,
zone, flags, year). Plans of rules are compiled once per (set, profile) and reused, which is
what lets the engine evaluate a whole country in about a second.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from .model import CriteriaSet, Indicator, Profile, Status, Value, ValueType

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
    "==": operator.eq, "is_true": operator.is_,
}
MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN


class Rule(NamedTuple):
    """One indicator with its threshold for a given profile; threshold None means unknown."""

    indicator: Indicator
    code: str
    op: Callable[[Any, Any], bool]
    threshold: Decimal | bool | None
    value_type: ValueType


CompactRule = tuple[str, Callable[[Any, Any], bool], Decimal | bool | None, ValueType]


class Plan(NamedTuple):
    """The rules of a set for one profile, grouped by criterion in the decision's order.

    `compact` holds the same rules as bare (code, op, threshold, value type) tuples, for the
    engine's batch path.
    """

    set_id: str
    criteria: tuple[tuple[int, tuple[Rule, ...]], ...]
    indicators_total: int
    compact: tuple[tuple[int, tuple[CompactRule, ...]], ...]


def effective_region(cset: CriteriaSet, profile: Profile) -> str | None:
    """The region whose thresholds apply: a flag such as 'especially difficult' may redirect it.

    QĐ 318/QĐ-TTg, Phụ lục I, ghi chú: communes in especially difficult areas and safe-zone
    communes are judged on the northern-mountain (TDMNPB) thresholds.
    """
    for flag in sorted(profile.flags):
        spec = cset.flags.get(flag)
        if spec is not None and spec.use_region:
            return spec.use_region
    return profile.region


def resolve_threshold(spec: Any, keys: dict[str, Any]) -> Decimal | bool | None:
    """Walk a threshold spec ({by, values, default} nested) down to one figure, or None."""
    while isinstance(spec, dict):
        dimension, values = spec["by"], spec["values"]
        key = keys.get(dimension)
        if dimension == "year":
            chosen = _year_value(values, key)
        else:
            chosen = values.get(str(key), values.get(key)) if key is not None else None
        spec = chosen if chosen is not None else spec.get("default")
    if spec is None or isinstance(spec, bool):
        return spec
    return Decimal(str(spec))


def _year_value(values: dict[Any, Any], year: int | None) -> Any:
    """The value for the largest listed year not after `year` (a value holds until replaced)."""
    if year is None:
        return None
    years = sorted(int(y) for y in values if int(y) <= year)
    if not years:
        return None
    return values.get(years[-1], values.get(str(years[-1])))


# Plans by (set id, digest of the set's content, profile): a set reloaded unchanged (a new object, the same
# rules) finds its plans; a changed set, or another set under the same id, never finds a stale one.
_PLANS: dict[tuple[str, str, tuple], Plan] = {}
_PLANS_LIMIT = 20_000  # profiles × sets in use are a few hundred; what-if drafts must not grow it forever


def set_digest(cset: CriteriaSet) -> str:
    """A digest of the whole set (criteria, indicators, thresholds, flags), kept on it; the same in every process
    (sets written in a fixed order), so it can key what is shared between processes as well as the plans."""
    digest = cset.__dict__.get("_digest")
    if digest is None:
        content = json.dumps(dataclasses.asdict(cset), sort_keys=True, default=_plain)
        digest = hashlib.sha256(content.encode()).hexdigest()[:32]
        object.__setattr__(cset, "_digest", digest)
    return digest


def _plain(value: Any) -> Any:
    """JSON for what asdict leaves: sets in a fixed order (not hash order), dates and numbers as text."""
    return sorted(map(str, value)) if isinstance(value, (set, frozenset)) else str(value)


def profile_key(profile: Profile) -> tuple:
    """Every field of the profile as a plain tuple: hashed and compared in C, unlike the dataclass."""
    return (profile.year, profile.region, profile.group, profile.zone, profile.flags)


def clear_plans() -> None:
    """Forget every compiled plan (benchmarks measure compilation from a cold cache)."""
    _PLANS.clear()


def compile_plan(cset: CriteriaSet, profile: Profile) -> Plan:
    """The set's rules with thresholds chosen for `profile` (cached per set content and profile)."""
    key = (cset.id, set_digest(cset), profile_key(profile))
    plan = _PLANS.get(key)
    if plan is None:
        keys = {"region": effective_region(cset, profile), "group": profile.group,
                "zone": profile.zone, "year": profile.year}
        criteria = tuple(
            (crit.number, tuple(Rule(ind, ind.code, _OPS[ind.comparator], resolve_threshold(ind.threshold, keys),
                                     ind.value_type) for ind in crit.indicators))
            for crit in cset.criteria
        )
        compact = tuple((n, tuple((r.code, r.op, r.threshold, r.value_type) for r in rules)) for n, rules in criteria)
        plan = Plan(cset.id, criteria, sum(len(rules) for _, rules in criteria), compact)
        if len(_PLANS) >= _PLANS_LIMIT:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def status_of(rule: Rule, value: Value | None) -> Status:
    """Met, not met or unknown: a figure decides when the threshold is known, else the assessment."""
    if value is None:
        return UNKNOWN
    if rule.threshold is not None:
        figure = value.value if value.value is not None else value.figure(rule.value_type)
        if figure is not None:
            return MET if rule.op(figure, rule.threshold) else NOT_MET
    return value.assessed or UNKNOWN


def gap(rule: Rule, value: Value) -> tuple[Decimal | None, str]:
    """How far a not-met figure is from the threshold, in natural units, and that unit.

    For a ratio with a denominator, the count still to reach it (people to insure,
    households to connect, in the indicator's `counts` unit); otherwise the difference in
    the indicator's own unit (percentage points for a percent).
    """
    threshold = rule.threshold
    if isinstance(threshold, bool) or threshold is None:
        return None, ""
    if value.numerator is not None and value.denominator and value.value is None:
        return _count_gap(rule, value.numerator, value.denominator), rule.indicator.counts
    figure = value.figure(rule.value_type)
    if not isinstance(figure, Decimal):
        return None, ""
    unit = "điểm %" if rule.value_type is ValueType.PERCENT else rule.indicator.unit
    if rule.indicator.comparator in ("<=", "<"):
        return figure - threshold, unit
    return abs(threshold - figure), unit


def _count_gap(rule: Rule, numerator: Decimal, denominator: Decimal) -> Decimal:
    scale = Decimal(100) if rule.value_type is ValueType.PERCENT else Decimal(1)
    target = rule.threshold * denominator / scale  # type: ignore[operator]
    comparator = rule.indicator.comparator
    if comparator == ">=":
        return Decimal(math.ceil(target) - numerator)
    if comparator == ">":
        return Decimal(math.floor(target) + 1 - numerator)
    if comparator == "<=":
        return Decimal(numerator - math.floor(target))
    if comparator == "<":
        return Decimal(numerator - math.ceil(target) + 1)
    return abs(Decimal(target) - numerator)
