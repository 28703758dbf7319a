"""Forecast of a numeric target: the indicator's recorded trend projected to the deadline. Pure Python.

Method: ordinary least squares (statistics.linear_regression) of the recorded values against the
end dates of their periods, in days; at least three distinct periods, otherwise "không đủ dữ liệu".
The line is read at the deadline, rounded to two decimals, and compared with the target:
- on_track   — the projected value meets the target;
- at_risk    — it misses, but by at most 10% of the distance still to cover (target − latest value),
               or the latest value meets the target and only the trend takes it below by the deadline;
- off_track  — it misses by more.
A percent is kept within 0..100. For "lower is better" indicators (≤) everything is mirrored.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ntm.common.formats import format_date, format_number

MIN_POINTS = 3
AT_RISK_SHARE = 0.10


class Outlook(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "insufficient_data"


OUTLOOK_VI = {Outlook.ON_TRACK: "đúng hướng", Outlook.AT_RISK: "có nguy cơ chậm", Outlook.OFF_TRACK: "chệch hướng",
              Outlook.NO_DATA: "không đủ dữ liệu"}


@dataclass(frozen=True)
class Forecast:
    """What the trend says at the deadline: `expected` is None when there are too few points."""

    outlook: Outlook
    expected: Decimal | None
    points: int
    slope_per_year: Decimal | None
    method: str

    @property
    def outlook_vi(self) -> str:
        return OUTLOOK_VI[self.outlook]

    def as_dict(self) -> dict[str, object]:
        """JSON-safe: numbers as floats."""
        return {"outlook": self.outlook.value, "outlook_vi": self.outlook_vi,
                "expected": None if self.expected is None else float(self.expected), "points": self.points,
                "slope_per_year": None if self.slope_per_year is None else float(self.slope_per_year),
                "method": self.method}


def _distinct(points: Sequence[tuple[dt.date, float]]) -> list[tuple[dt.date, float]]:
    """One value per date (the last one given wins), in date order."""
    by_day = {day: float(value) for day, value in points}
    return sorted(by_day.items())


def _meets(value: float, target: float, comparator: str) -> bool:
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target,
            "==": value == target}.get(comparator, value >= target)


def _outlook(projected: float, latest: float, target: float, comparator: str) -> Outlook:
    if _meets(projected, target, comparator):
        return Outlook.ON_TRACK
    sign = -1.0 if comparator in ("<=", "<") else 1.0
    remaining = sign * (target - latest)  # what is still to cover from the latest value
    shortfall = sign * (target - projected)  # what the trend leaves uncovered at the deadline
    if remaining <= 0 or shortfall <= AT_RISK_SHARE * remaining:
        return Outlook.AT_RISK
    return Outlook.OFF_TRACK


def forecast(points: Sequence[tuple[dt.date, float | Decimal]], *, target: float | Decimal, deadline: dt.date,
             comparator: str = ">=", bounds: tuple[float, float] | None = None) -> Forecast:
    """Project `points` (period end, value) to `deadline` and judge against `target` (see the module text)."""
    clean = _distinct([(day, float(value)) for day, value in points])
    if len(clean) < MIN_POINTS:
        return Forecast(Outlook.NO_DATA, None, len(clean), None,
                        f"Không đủ dữ liệu: cần ít nhất {MIN_POINTS} kỳ có số liệu, mới có {len(clean)}.")
    origin = clean[0][0]
    xs = [float((day - origin).days) for day, _ in clean]
    ys = [value for _, value in clean]
    slope, intercept = statistics.linear_regression(xs, ys)
    projected = intercept + slope * (deadline - origin).days
    if bounds is not None:
        projected = min(max(projected, bounds[0]), bounds[1])
    projected = round(projected, 2)  # the figure shown is the figure judged (no float noise at the target)
    outlook = _outlook(projected, ys[-1], float(target), comparator)
    expected = Decimal(str(projected))
    per_year = Decimal(str(round(slope * 365.25, 2)))
    method = (f"Bình phương tối thiểu trên {len(clean)} kỳ có số liệu ({format_date(clean[0][0])}–"
              f"{format_date(clean[-1][0])}): xu hướng {format_number(per_year)} mỗi năm; đến "
              f"{format_date(deadline)} dự kiến {format_number(expected)} so với mục tiêu "
              f"{format_number(Decimal(str(target)).normalize())}. Đúng hướng khi giá trị dự kiến đạt mục tiêu; "
              f"có nguy cơ khi còn thiếu không quá {int(AT_RISK_SHARE * 100)}% khoảng cách từ giá trị gần nhất "
              "đến mục tiêu; còn lại là chệch hướng.")
    return Forecast(outlook, expected, len(clean), per_year, method)
