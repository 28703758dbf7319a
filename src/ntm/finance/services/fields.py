"""Reading the raw values a form, the API or an import gives: one parser per kind of field.

Every parser takes the raw value and the field's name and returns the clean value, or raises
BadInput naming the field in Vietnamese («Kế hoạch») and English. Amounts are whole đồng,
never negative; "14.808.000.000" is read with the one Vietnamese number parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from ntm.common.errors import BadInput, StaleEdit
from ntm.common.formats import parse_number

Parser = Callable[[Any, str], Any]
MAX_AMOUNT = 10**16  # ten million billion đồng: beyond any commune's budget, well inside a 64-bit integer

LABELS = {
    "planned": "Kế hoạch", "allocated": "Đã phân bổ", "disbursed": "Đã giải ngân", "amount": "Số tiền",
    "year": "Năm", "source_kind": "Nguồn vốn", "measure": "Loại số liệu", "note": "Ghi chú", "quote": "Trích dẫn",
    "document": "Văn bản", "name": "Tên", "criterion": "Tiêu chí", "status": "Trạng thái",
    "progress_pct": "Tiến độ (%)", "start": "Ngày bắt đầu", "end": "Ngày kết thúc", "village": "Thôn",
    "campaign": "Đợt, phong trào", "kind": "Loại", "item": "Nội dung", "quantity": "Số lượng",
    "measure_unit": "Đơn vị tính", "value_vnd": "Quy ra tiền", "work": "Công trình", "producer": "Chủ thể",
    "stars": "Số sao", "rated_year": "Năm xếp hạng", "decision": "Quyết định", "title": "Tiêu đề",
    "held_on": "Ngày tổ chức", "body": "Đơn vị tổ chức", "audience": "Đối tượng", "sessions": "Số buổi",
    "people": "Số người", "file": "Tệp",
}
# Spellings of measure units that mean the same unit: one spelling, so sums never split or mix.
_UNIT_SPELLINGS = {"m2": "m²", "m^2": "m²", "m3": "m³", "m^3": "m³", "dong": "đồng", "vnd": "đồng", "đ": "đồng",
                   "ngay cong": "ngày công", "tan": "tấn", "kg": "kg", "cay": "cây", "km": "km", "m": "m"}


def bad(field: str, vi: str, en: str) -> BadInput:
    """A BadInput naming the field: «Kế hoạch»: … / 'planned': …"""
    return BadInput(f"trường «{LABELS.get(field, field)}»: {vi}", f"field '{field}': {en}", field=field)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(raw: Any, field: str) -> Decimal:
    if isinstance(raw, bool):
        raise bad(field, "phải là một số", "must be a number")
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    try:
        return parse_number(str(raw), field=LABELS.get(field, field))
    except BadInput as err:
        raise BadInput(err.message_vi, err.message_en.replace(f"'{LABELS.get(field, field)}'", f"'{field}'"),
                       field=field) from err


def amount(raw: Any, field: str) -> int | None:
    """Whole đồng, not negative: "14.808.000.000", 14808000000 or blank (unknown)."""
    if _blank(raw):
        return None
    value = _number(raw, field)
    if value != value.to_integral_value():
        raise bad(field, "số tiền phải là số đồng nguyên", "an amount must be a whole number of đồng")
    if value < 0:
        raise bad(field, "số tiền không được âm", "an amount cannot be negative")
    if value >= MAX_AMOUNT:
        raise bad(field, "số tiền quá lớn", "the amount is too large")
    return int(value)


def required_amount(raw: Any, field: str) -> int:
    value = amount(raw, field)
    if value is None:
        raise bad(field, "bắt buộc phải có", "is required")
    return value


def whole(raw: Any, field: str, low: int = 0, high: int = 10**9) -> int | None:
    if _blank(raw):
        return None
    value = _number(raw, field)
    if value != value.to_integral_value() or not low <= value <= high:
        raise bad(field, f"phải là số nguyên từ {low} đến {high}", f"must be a whole number from {low} to {high}")
    return int(value)


def year(raw: Any, field: str) -> int:
    value = whole(raw, field, 2000, 2100)
    if value is None:
        raise bad(field, "bắt buộc phải có", "is required")
    return value


def optional_year(raw: Any, field: str) -> int | None:
    return whole(raw, field, 2000, 2100)


def criterion(raw: Any, field: str) -> int | None:
    return whole(raw, field, 1, 19)


def stars(raw: Any, field: str) -> int | None:
    return whole(raw, field, 3, 5)


def count(raw: Any, field: str) -> int | None:
    return whole(raw, field)


def percent(raw: Any, field: str) -> Decimal | None:
    if _blank(raw):
        return None
    value = _number(raw, field)
    if not 0 <= value <= 100:
        raise bad(field, "phải từ 0 đến 100", "must be from 0 to 100")
    return value.quantize(Decimal("0.1"))


def quantity(raw: Any, field: str) -> Decimal:
    if _blank(raw):
        raise bad(field, "bắt buộc phải có", "is required")
    value = _number(raw, field)
    if value < 0:
        raise bad(field, "không được âm", "cannot be negative")
    return value.quantize(Decimal("0.001"))


def day(raw: Any, field: str) -> dt.date | None:
    """A date as "14/3/2024" or "2024-03-14"."""
    if _blank(raw) or isinstance(raw, dt.date):
        return raw or None
    text = str(raw).strip()
    try:
        if "/" in text:
            d, m, y = (int(p) for p in text.split("/"))
            return dt.date(y, m, d)
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise bad(field, f"«{text}» không phải là ngày (ví dụ 14/3/2024)",
                  f"'{text}' is not a date (e.g. 14/3/2024)") from err


def text(raw: Any, field: str) -> str:
    return "" if raw is None else " ".join(str(raw).split())


def required_text(raw: Any, field: str) -> str:
    value = text(raw, field)
    if not value:
        raise bad(field, "bắt buộc phải có", "is required")
    return value


def measure_unit(raw: Any, field: str) -> str:
    """"m2" and "m²" are one unit: the spelling is made one before anything is summed."""
    value = required_text(raw, field)
    return _UNIT_SPELLINGS.get(value.lower(), value)


def choice(choices: type[models.TextChoices]) -> Parser:
    def parse(raw: Any, field: str) -> str:
        value = text(raw, field)
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            raise bad(field, f"«{value}» không phải là một lựa chọn ({allowed})",
                      f"'{value}' is not one of {allowed}")
        return value
    return parse


def parse_fields(raw: Mapping[str, Any], parsers: Mapping[str, Parser], *, partial: bool = False) -> dict[str, Any]:
    """The clean values of `raw`; unknown names are refused; without `partial` a missing field is blank."""
    unknown = sorted(set(raw) - set(parsers))
    if unknown:
        raise bad(unknown[0], "không phải là một trường của mục này", "is not a field of this record")
    names = raw.keys() if partial else parsers.keys()
    return {name: parsers[name](raw.get(name), name) for name in names}


def check_revision(obj: Any, expected: int | None) -> None:
    """StaleEdit unless the row is still at the revision the form or the client saw."""
    if obj.revision != expected:
        raise StaleEdit("mục này vừa được người khác sửa; hãy tải lại trang và nhập lại",
                        "this record was changed by someone else; reload and enter again",
                        field="revision", current=obj)
