"""Dates and periods as Vietnamese reports write them. Pure Python, over folded text.

"ngày 14 tháng 3 năm 2024" → 2024-03-14; a blank "ngày   tháng   năm 2024" → no date, year 2024;
titles: "quý 1 … năm 2024" → "2024-Q1", "6 tháng đầu năm 2024" → "2024-H1", "năm 2023" → "2023".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_FULL_DATE_RE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_SLASH_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_PLACE_DATE_RE = re.compile(
    r"^\s*([^\d,\n/:;()]{2,30}?),\s*ngay\s*(\d{1,2})?[\s.]*thang\s*(\d{1,2})?[\s.]*nam\s*(\d{4})\s*$"
)
_QUARTER_RE = re.compile(r"\bquy\s+(\d|iv|iii|ii|i)\b(?:.{0,80}?\bnam\s+(\d{4}))?")
_HALF_RE = re.compile(r"\b(6|06|sau)\s+thang\s+dau\s+nam\s+(\d{4})")
_NINE_RE = re.compile(r"\b(9|09|chin)\s+thang\s+(?:dau\s+)?nam\s+(\d{4})")
_MONTH_RE = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam\s+)\s*(\d{4})")
_DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_YEAR_RE = re.compile(r"\bnam\s+(\d{4})\b")
_RANGE_RE = re.compile(r"\bgiai doan\s+(\d{4})\s*[-–]\s*(\d{4})")


@dataclass(frozen=True)
class PlaceDate:
    """The place-and-date line under the national motto: "Cao Ngọc, ngày 14 tháng 3 năm 2024"."""

    place_start: int
    place_end: int
    date: dt.date | None
    year: int
    month: int | None
    start: int
    end: int


def parse_date(key: str) -> dt.date | None:
    """The first full date in a folded text: "ngay 14 thang 3 nam 2024" or "14/3/2024"."""
    for pattern in (_FULL_DATE_RE, _SLASH_DATE_RE):
        match = pattern.search(key)
        if match:
            return _date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_place_date(key: str) -> PlaceDate | None:
    """The place-and-date line of a document (in a folded text), if there is one."""
    for line in re.finditer(r"[^\n]+", key):
        match = _PLACE_DATE_RE.match(line.group())
        if match is None:
            continue
        day, month, year = match.group(2), match.group(3), int(match.group(4))
        date = _date(year, int(month), int(day)) if day and month else None
        return PlaceDate(line.start() + match.start(1), line.start() + match.end(1), date, year,
                         int(month) if month else None, line.start(), line.end())
    return None


def period_of_title(key: str) -> str | None:
    """The period a title speaks of: "2024-Q1", "2024-H1", "2024-9M", "2024-03", "2023"."""
    quarter = _QUARTER_RE.search(key)
    if quarter and (quarter.group(2) or _YEAR_RE.search(key)):
        year = quarter.group(2) or _first_year(key)
        return f"{year}-Q{_quarter_number(quarter.group(1))}"
    for pattern, suffix in ((_HALF_RE, "H1"), (_NINE_RE, "9M")):
        match = pattern.search(key)
        if match:
            return f"{match.group(2)}-{suffix}"
    month = _MONTH_RE.search(key)
    if month:
        return f"{month.group(2)}-{int(month.group(1)):02d}"
    year = _YEAR_RE.search(key)
    if year:
        return year.group(1)
    span = _RANGE_RE.search(key)
    return f"{span.group(1)}-{span.group(2)}" if span else None


def _first_year(key: str) -> str:
    match = _YEAR_RE.search(key)
    return match.group(1) if match else ""


def _quarter_number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN[text]


def month_of(key: str, *, bare_year: bool = True) -> str | None:
    """The most precise month or year a phrase names: "tháng 3/2024" → "2024-03",
    "quý I năm 2024" → "2024-03" (its last month), "30/6/2024" → "2024-06",
    "6 tháng đầu năm 2024" → "2024-06", "năm 2023" → "2023"."""
    quarter = _QUARTER_RE.search(key)
    if quarter and quarter.group(2) and _quarter_number(quarter.group(1)) <= 4:
        return f"{quarter.group(2)}-{_quarter_number(quarter.group(1)) * 3:02d}"
    half = _HALF_RE.search(key)
    if half:
        return f"{half.group(2)}-06"
    for pattern, order in ((_MONTH_RE, (2, 1)), (_DAY_MONTH_RE, (3, 2))):
        match = pattern.search(key)
        if match and 1 <= int(match.group(order[1])) <= 12:
            return f"{match.group(order[0])}-{int(match.group(order[1])):02d}"
    year = _YEAR_RE.search(key)
    if year is None and bare_year:
        year = re.search(r"(?<![\d/.])(20\d\d|19\d\d)(?![\d/])", key)
    return year.group(1) if year else None


def as_month(period: str | None) -> str | None:
    """A period as the month it ends in: "2024-Q1" → "2024-03", "2024-H1" → "2024-06"."""
    if period is None:
        return None
    quarter = re.fullmatch(r"(\d{4})-Q(\d)", period)
    if quarter:
        return f"{quarter.group(1)}-{int(quarter.group(2)) * 3:02d}"
    half = re.fullmatch(r"(\d{4})-H1", period)
    if half:
        return f"{half.group(1)}-06"
    nine = re.fullmatch(r"(\d{4})-9M", period)
    if nine:
        return f"{nine.group(1)}-09"
    return period if re.fullmatch(r"\d{4}(?:-\d{2})?", period) else None
