"""Reporting periods: month, quarter, 6 months, 9 months, year. Pure Python.

Keys: "2024-03" (month), "2024-Q1", "2024-6M", "2024-9M", "2024". The 6- and 9-month
reports count from January, as the báo cáo "6 tháng", "9 tháng" do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from ntm.common.errors import BadInput


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "6m"
    NINE = "9m"
    YEAR = "year"


_PATTERNS = (
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-6M$", re.I), PeriodKind.HALF),
    (re.compile(r"^(\d{4})-9M$", re.I), PeriodKind.NINE),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
)
_LAST_MONTH = {PeriodKind.HALF: 6, PeriodKind.NINE: 9, PeriodKind.YEAR: 12}
# The programme began in 2010; its periods are refused outside these years (year 0000 has no calendar in Python).
FIRST_YEAR, LAST_YEAR = 2000, 2100
_FIRST_MONTH = {PeriodKind.HALF: 1, PeriodKind.NINE: 1, PeriodKind.YEAR: 1}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period; `index` is the month or quarter number (0 for the others)."""

    year: int
    kind: PeriodKind
    index: int = 0

    @classmethod
    def parse(cls, key: str) -> Period:
        """"2024-Q1" → Period(2024, quarter, 1); BadInput for anything else."""
        for pattern, kind in _PATTERNS:
            match = pattern.match(key.strip())
            if match:
                year = int(match.group(1))
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    raise BadInput(f"kỳ «{key}»: năm phải từ {FIRST_YEAR} đến {LAST_YEAR}",
                                   f"period '{key}': the year must be between {FIRST_YEAR} and {LAST_YEAR}",
                                   field="period")
                index = int(match.group(2)) if kind in (PeriodKind.MONTH, PeriodKind.QUARTER) else 0
                return cls(year, kind, index)
        raise BadInput(f"kỳ «{key}» không hợp lệ (ví dụ: 2024-Q1, 2024-03, 2024-6M, 2024-9M, 2024)",
                       f"invalid period '{key}' (e.g. 2024-Q1, 2024-03, 2024-6M, 2024-9M, 2024)", field="period")

    @property
    def key(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        return f"{self.year}-{self.kind.value.upper()}"

    @property
    def start(self) -> dt.date:
        if self.kind is PeriodKind.MONTH:
            return dt.date(self.year, self.index, 1)
        if self.kind is PeriodKind.QUARTER:
            return dt.date(self.year, 3 * self.index - 2, 1)
        return dt.date(self.year, _FIRST_MONTH[self.kind], 1)

    @property
    def end(self) -> dt.date:
        month = {PeriodKind.MONTH: self.index, PeriodKind.QUARTER: 3 * self.index}.get(
            self.kind, _LAST_MONTH.get(self.kind, 12))
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label_vi(self) -> str:
        """"quý 1 năm 2024", "tháng 3 năm 2024", "6 tháng năm 2024", "năm 2024"."""
        if self.kind is PeriodKind.MONTH:
            return f"tháng {self.index} năm {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"quý {self.index} năm {self.year}"
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.year}"
        return f"{self.kind.value[:-1]} tháng năm {self.year}"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind is PeriodKind.MONTH:
            return Period(self.year - (self.index == 1), self.kind, 12 if self.index == 1 else self.index - 1)
        if self.kind is PeriodKind.QUARTER:
            return Period(self.year - (self.index == 1), self.kind, 4 if self.index == 1 else self.index - 1)
        return Period(self.year - 1, self.kind, self.index)
