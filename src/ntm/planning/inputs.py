"""Reading a plan's typed fields as a person or a script gives them: dates, numbers, criteria lists. Pure."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ntm.common.errors import BadInput
from ntm.common.formats import parse_number

_DAY_VI = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DAY_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(text: str | dt.date | None, *, field: str, required: bool = False) -> dt.date | None:
    """"14/3/2024" or "2024-03-14" → date(2024, 3, 14); "" → None (BadInput when `required`)."""
    if isinstance(text, dt.date):
        return text
    raw = (text or "").strip()
    if not raw:
        if required:
            raise BadInput(f"trường «{field}» bắt buộc phải có (ví dụ 30/6/2024)",
                           f"field '{field}' is required (e.g. 30/6/2024)", field=field)
        return None
    vi, iso = _DAY_VI.match(raw), _DAY_ISO.match(raw)
    try:
        if vi:
            return dt.date(int(vi.group(3)), int(vi.group(2)), int(vi.group(1)))
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        pass
    raise BadInput(f"«{raw}» không phải là ngày hợp lệ (ví dụ 30/6/2024)",
                   f"'{raw}' is not a valid date (e.g. 30/6/2024)", field=field)


def parse_optional_number(text: str | Decimal | int | float | None, *, field: str) -> Decimal | None:
    """"79,9" → Decimal("79.9"); "" or None → None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, str):
        return parse_number(text, field=field)
    return Decimal(str(text))


def parse_year(text: str | int, *, field: str = "year") -> int:
    """A plan's year, 2000..2100; BadInput naming it otherwise."""
    raw = str(text).strip()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise BadInput(f"năm «{raw}» không hợp lệ (ví dụ 2024)", f"invalid year '{raw}' (e.g. 2024)", field=field)
    return int(raw)


def parse_criteria(text: str | list[int] | list[str] | None) -> list[str]:
    """"6, 15 17" → ["6", "15", "17"]: the criterion numbers assigned to a member."""
    items = re.split(r"[,;\s]+", text) if isinstance(text, str) else [str(x) for x in (text or [])]
    numbers = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if not item.isdigit() or not 1 <= int(item) <= 40:
            raise BadInput(f"«{item}» không phải là số tiêu chí", f"'{item}' is not a criterion number",
                           field="criteria")
        if str(int(item)) not in numbers:
            numbers.append(str(int(item)))
    return sorted(numbers, key=int)
