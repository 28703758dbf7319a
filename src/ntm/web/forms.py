"""Reading a criterion's data-entry form into service entries: field names in, Entry objects out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ntm.common.errors import BadInput
from ntm.criteria.model import Criterion, ValueType
from ntm.monitoring.services import Entry, Target

_BOOLEAN = {"true": True, "false": False}


def _version(post: Mapping[str, str], name: str) -> int | None:
    raw = post.get(name) or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise BadInput("phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang", "invalid form version", field=name)
    return int(raw)


def _raw(kind: ValueType, code: str, post: Mapping[str, str]) -> Any:
    value = (post.get(f"v_{code}") or "").strip()
    numerator, denominator = (post.get(f"n_{code}") or "").strip(), (post.get(f"d_{code}") or "").strip()
    assessed = (post.get(f"a_{code}") or "").strip()
    raw: dict[str, Any] = {}
    if numerator or denominator:
        raw.update(numerator=numerator, denominator=denominator)
    elif value:
        raw["value"] = _BOOLEAN.get(value, value) if kind is ValueType.BOOLEAN else value
    if assessed:
        raw["assessed"] = assessed
    return raw or None


def criterion_entries(set_id: str, criterion: Criterion, post: Mapping[str, str]) -> list[Entry]:
    """The values the form filled in for `criterion`; blank fields change nothing."""
    entries = []
    for ind in criterion.indicators:
        raw = _raw(ind.value_type, ind.code, post)
        if raw is not None:
            entries.append(Entry(Target(set_id, indicator=ind.code), raw, _version(post, f"ver_{ind.code}")))
    whole = (post.get(f"c_{criterion.number}") or "").strip()
    if whole:
        entries.append(Entry(Target(set_id, criterion=criterion.number), whole,
                             _version(post, f"ver_c{criterion.number}")))
    return entries
