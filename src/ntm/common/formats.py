"""Vietnamese number, money, percent and date formats: the one formatter and parser.

"14.808.000.000 đồng", "79,9%", "14/3/2024". Pure Python (no Django), used by pages,
documents, the CLI and imports alike.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from .errors import BadInput

_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL_RE = re.compile(r"^[+-]?\d+(,\d+)?$")
_POINT_DECIMAL_RE = re.compile(r"^[+-]?\d*\.\d+$|^[+-]?\d+$")


def format_number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """1234567.5 → "1.234.567,5": dots group thousands, a comma marks decimals."""
    number = Decimal(str(value))
    if decimals is None:  # as many as the value needs: 79.90 → "79,9", 100 → "100"
        exponent = number.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(value: Decimal | int) -> str:
    """14808000000 → "14.808.000.000 đồng"."""
    return f"{format_number(Decimal(value), 0)} đồng"


def format_percent(value: Decimal | float, decimals: int = 1) -> str:
    """79.9 → "79,9%"; whole numbers lose their decimals ("90%")."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{format_number(number, 0)}%"
    return f"{format_number(number.quantize(Decimal(1).scaleb(-decimals)), decimals)}%"


def format_date(day: dt.date) -> str:
    """date(2024, 3, 14) → "14/3/2024", as Vietnamese documents write it."""
    return f"{day.day}/{day.month}/{day.year}"


def parse_number(text: str, *, field: str | None = None) -> Decimal:
    """Read a number as an official types it: "79,9", "1.234", "1.234,5", or "79.9"."""
    where_vi, where_en = (f"trường «{field}»: ", f"field '{field}': ") if field else ("", "")
    raw = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if _THOUSANDS_RE.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL_RE.match(raw):
        raw = raw.replace(",", ".")
    elif not _POINT_DECIMAL_RE.match(raw):
        raise BadInput(f"{where_vi}«{text}» không phải là một số (ví dụ: 79,9 hoặc 1.234)",
                       f"{where_en}'{text}' is not a number (e.g. 79,9 or 1.234)", field=field)
    try:
        return Decimal(raw)
    except InvalidOperation as err:  # pragma: no cover - the patterns above admit only numbers
        raise BadInput(f"{where_vi}«{text}» không phải là một số", f"{where_en}'{text}' is not a number",
                       field=field) from err


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


def parse_year(text: str | int, *, field: str = "year") -> int:
    """A year as typed, 2000..2100; BadInput naming the field otherwise."""
    raw = str(text).strip()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise BadInput(f"năm «{raw}» không hợp lệ (ví dụ 2024)", f"invalid year '{raw}' (e.g. 2024)", field=field)
    return int(raw)
