"""Turn raw input (JSON from `ntm evaluate`, form fields, API bodies) into engine values.

Every check that a value fits its indicator lives here: unknown codes, wrong types, a
percent over 100, a negative count. Each failure names the field, in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ntm.common.errors import BadInput
from ntm.common.formats import parse_number

from .model import CriteriaSet, Indicator, Profile, Status, Value, ValueType

_STATUS_WORDS = {
    "met": Status.MET, "đạt": Status.MET, "dat": Status.MET,
    "not_met": Status.NOT_MET, "chưa đạt": Status.NOT_MET, "không đạt": Status.NOT_MET,
}


def _bad(field: str, vi: str, en: str) -> BadInput:
    return BadInput(f"trường «{field}»: {vi}", f"field '{field}': {en}", field=field)


def parse_status(raw: Any, field: str) -> Status:
    """'met' / 'not_met' (or 'đạt' / 'chưa đạt') as a Status."""
    status = _STATUS_WORDS.get(str(raw).strip().lower()) if isinstance(raw, str) else None
    if status is None:
        raise _bad(field, f"«{raw}» phải là «met» (đạt) hoặc «not_met» (chưa đạt)",
                   f"'{raw}' must be 'met' or 'not_met'")
    return status


def _number(raw: Any, field: str) -> Decimal:
    if isinstance(raw, bool) or raw is None:
        raise _bad(field, "phải là một số", "must be a number")
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    if isinstance(raw, str):
        return parse_number(raw, field=field)
    raise _bad(field, "phải là một số", "must be a number")


def _check_range(ind: Indicator, number: Decimal, field: str, *, is_ratio: bool) -> None:
    if number < 0:
        raise _bad(field, "không được âm", "must not be negative")
    if ind.value_type is ValueType.PERCENT and is_ratio and number > 100:
        raise _bad(field, f"tỷ lệ {number}% vượt quá 100%", f"a percentage of {number} is over 100")
    if ind.value_type is ValueType.COUNT and number != number.to_integral_value():
        raise _bad(field, "phải là số nguyên", "must be a whole number")


def _fraction(ind: Indicator, raw: Mapping[str, Any], field: str) -> Value:
    numerator = _number(raw.get("numerator"), f"{field}.numerator")
    denominator = _number(raw.get("denominator"), f"{field}.denominator")
    if numerator < 0 or denominator <= 0:
        raise _bad(field, "tử số không âm và mẫu số phải lớn hơn 0", "numerator ≥ 0 and denominator > 0 required")
    if ind.value_type is ValueType.PERCENT and numerator > denominator:
        raise _bad(field, f"tử số {numerator} lớn hơn mẫu số {denominator} (tỷ lệ trên 100%)",
                   f"numerator {numerator} exceeds denominator {denominator} (over 100%)")
    return Value(numerator=numerator, denominator=denominator)


def parse_value(ind: Indicator, raw: Any, field: str | None = None) -> Value:
    """One raw value for `ind`: a figure, true/false, {numerator, denominator} or {assessed}."""
    field = field or f"values.{ind.code}"
    if isinstance(raw, Mapping):
        assessed = parse_status(raw["assessed"], f"{field}.assessed") if raw.get("assessed") is not None else None
        rest = {k: v for k, v in raw.items() if k not in ("assessed", "value")}
        if "numerator" in rest or "denominator" in rest:
            if ind.value_type not in (ValueType.PERCENT, ValueType.NUMBER):
                raise _bad(field, "chỉ tỷ lệ mới có tử số/mẫu số", "only ratios take numerator/denominator")
            return _fraction(ind, rest, field).with_assessed(assessed)
        if rest:
            raise _bad(field, f"khóa không hợp lệ: {', '.join(map(str, rest))}", f"unknown keys: {', '.join(rest)}")
        base = parse_value(ind, raw["value"], field) if raw.get("value") is not None else Value()
        return base.with_assessed(assessed)
    if ind.value_type is ValueType.BOOLEAN:
        if not isinstance(raw, bool):
            raise _bad(field, "chỉ tiêu đạt/không đạt nhận true hoặc false", "a yes/no indicator takes true or false")
        return Value(value=raw)
    number = _number(raw, field)
    _check_range(ind, number, field, is_ratio=True)
    return Value(value=number)


def parse_values(cset: CriteriaSet, raw: Any) -> dict[str, Value]:
    """A mapping code → raw value, checked against `cset`; unknown codes are refused."""
    if not isinstance(raw, Mapping):
        raise _bad("values", "phải là một bảng mã chỉ tiêu → giá trị", "must map indicator codes to values")
    values = {}
    for code, item in raw.items():
        ind = cset.indicator(str(code))
        if ind is None:
            raise _bad(f"values.{code}", f"bộ {cset.id} không có chỉ tiêu «{code}»",
                       f"set {cset.id} has no indicator '{code}'")
        if item is not None:
            values[ind.code] = parse_value(ind, item)
    return values


def parse_criteria_assessed(cset: CriteriaSet, raw: Any) -> dict[int, Status]:
    """Whole-criterion statuses {"6": "not_met"} recorded by an official."""
    numbers = {c.number for c in cset.criteria}
    result = {}
    for key, item in (raw or {}).items():
        field = f"criteria.{key}"
        if not str(key).isdigit() or int(key) not in numbers:
            raise _bad(field, f"bộ {cset.id} không có tiêu chí «{key}»", f"set {cset.id} has no criterion '{key}'")
        result[int(key)] = parse_status(item, field)
    return result


def parse_profile(cset: CriteriaSet, raw: Mapping[str, Any], *, today: dt.date | None = None) -> Profile:
    """Region, group, zone, flags and year, each checked against what the set knows."""
    year = raw.get("year", (today or dt.date.today()).year)
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise _bad("year", f"năm «{year}» không hợp lệ", f"invalid year '{year}'")
    return Profile(
        year=year,
        region=_key(raw.get("region"), cset.regions, "region", "vùng"),
        group=_key(raw.get("group"), cset.groups, "group", "nhóm xã"),
        zone=_key(raw.get("zone"), cset.zones, "zone", "vùng của tỉnh"),
        flags=frozenset(_flags(cset, raw.get("flags") or [])),
    )


def _key(raw: Any, known: Mapping[str, str], field: str, label: str) -> str | None:
    if raw is None:
        return None
    key = str(raw)
    if key not in known:
        options = ", ".join(known) or "(bộ này không phân theo " + label + ")"
        raise _bad(field, f"{label} «{key}» không có trong bộ tiêu chí (có: {options})",
                   f"'{key}' is not a {field} of this set (known: {', '.join(known) or 'none'})")
    return key


def _flags(cset: CriteriaSet, raw: Any) -> list[str]:
    if not isinstance(raw, list):
        raise _bad("flags", "phải là một danh sách", "must be a list")
    unknown = [str(f) for f in raw if str(f) not in cset.flags]
    if unknown:
        raise _bad("flags", f"cờ không có trong bộ tiêu chí: {', '.join(unknown)}",
                   f"flags not known to this set: {', '.join(unknown)}")
    return [str(f) for f in raw]
