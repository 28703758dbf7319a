"""The criteria sets as plain, immutable data: what the loader returns and the engine reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class ValueType(StrEnum):
    """How an indicator's value is given."""

    BOOLEAN = "boolean"  # đạt / chưa đạt
    PERCENT = "percent"  # 0..100, or numerator / denominator
    NUMBER = "number"  # income per person, m² per person: may carry numerator / denominator
    COUNT = "count"  # whole things: temporary houses, villages
    MONEY = "money"  # whole đồng


class Status(StrEnum):
    """The outcome for one indicator or criterion: missing data is never MET."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


COMPARATORS = (">=", "<=", ">", "<", "==", "is_true")
AGGREGATES = ("ratio", "sum", "all")
KINDS = ("xa_ntm", "xa_ntm_nang_cao", "xa_ntm_kieu_mau", "xa_ntm_hien_dai", "thon_ntm", "thon_ntm_kieu_mau")
LEVELS = ("commune", "village")
THRESHOLD_STATUSES = ("confirmed", "seed", "recalled", "unknown")
PROFILE_KEYS = ("region", "group", "year", "zone")

# A threshold as written in a file: a figure, true, None, or {"by": key, "values": {...}, "default": ...}.
ThresholdSpec = Any


@dataclass(frozen=True)
class Indicator:
    """One chỉ tiêu: its rule and where the rule comes from."""

    code: str
    name: str
    criterion: int
    unit: str
    value_type: ValueType
    comparator: str
    threshold: ThresholdSpec
    aggregate: str
    source: str = ""
    status: str = "unknown"
    note: str = ""
    counts: str = ""  # what a ratio's denominator counts ("người", "hộ"), for gaps in natural units


@dataclass(frozen=True)
class Criterion:
    """One tiêu chí and its indicators, in the order of the decision."""

    number: int
    name: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Flag:
    """A commune flag the set knows (mountainous, especially difficult …) and its effect."""

    key: str
    name: str
    use_region: str | None = None
    source: str = ""


@dataclass(frozen=True)
class CriteriaSet:
    """A bộ tiêu chí from one legal decision, with inheritance already resolved."""

    id: str
    title: str
    kind: str
    level: str
    decision: dict[str, str]
    valid_from: dt.date
    valid_to: dt.date | None
    criteria: tuple[Criterion, ...]
    regions: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    extends: str | None = None
    province: str | None = None
    notes: str = ""
    path: str = ""

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator of the set, criterion by criterion."""
        return tuple(ind for crit in self.criteria for ind in crit.indicators)

    def indicator(self, code: str) -> Indicator | None:
        """The indicator with this code, or None."""
        return self._by_code.get(code)

    @property
    def _by_code(self) -> dict[str, Indicator]:
        cache = self.__dict__.get("_by_code_cache")
        if cache is None:
            cache = {ind.code: ind for ind in self.indicators}
            object.__setattr__(self, "_by_code_cache", cache)
        return cache

    def in_force(self, day: dt.date) -> bool:
        """True when the set applies on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def decision_label(self) -> str:
        """"QĐ 318/QĐ-TTg (08/03/2022)" for lists and documents."""
        number = self.decision.get("number", "")
        date = self.decision.get("date", "")
        if date:
            day = dt.date.fromisoformat(str(date))
            return f"QĐ {number} ({day.day:02d}/{day.month:02d}/{day.year})"
        return f"QĐ {number}"


@dataclass(frozen=True)
class Profile:
    """What thresholds depend on: region, commune group, provincial zone, flags, year."""

    year: int
    region: str | None = None
    group: str | None = None
    zone: str | None = None
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Value:
    """One indicator's observation as the engine sees it.

    `value` is the measured figure (a bool for yes/no). A ratio may instead carry its
    numerator and denominator; percent aggregation sums those, never averages percentages.
    `assessed` is a status recorded by an official (self-assessment "Đạt"/"Chưa đạt") used
    only when the figure alone cannot decide.
    """

    value: Decimal | bool | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    assessed: Status | None = None

    def with_assessed(self, assessed: Status | None) -> Value:
        """The same value carrying an official's assessment (unchanged when None)."""
        if assessed is None:
            return self
        return Value(self.value, self.numerator, self.denominator, assessed)

    def figure(self, value_type: ValueType) -> Decimal | bool | None:
        """The figure to compare: the value, or the ratio of numerator to denominator."""
        if self.value is not None:
            return self.value
        if self.numerator is None or not self.denominator:
            return None
        ratio = self.numerator / self.denominator
        return ratio * 100 if value_type is ValueType.PERCENT else ratio
