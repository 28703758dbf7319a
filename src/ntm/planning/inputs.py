"""Reading a plan's typed fields as a person or a script gives them: dates, numbers, criteria lists. Pure."""

from __future__ import annotations

import re
from decimal import Decimal

from ntm.common.errors import BadInput
from ntm.common.formats import parse_day, parse_number, parse_year

__all__ = ["parse_day", "parse_year", "parse_criteria", "parse_optional_number"]


def parse_optional_number(text: str | Decimal | int | float | None, *, field: str) -> Decimal | None:
    """"79,9" → Decimal("79.9"); "" or None → None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, str):
        return parse_number(text, field=field)
    return Decimal(str(text))


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
