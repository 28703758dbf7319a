"""Reading the data-entry page into service entries: field names in, Entry objects out.

The page is one form for every criterion. Per indicator: `v_<code>` (figure or true/false),
`n_<code>` / `d_<code>` (numerator / denominator), `a_<code>` (self-assessment), `ver_<code>`
(the version the form showed). Per criterion: `c_<number>` (whole-criterion assessment),
`ver_c<number>`, `evidence_note_<number>` and `evidence_file_<number>`. Blank fields change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ntm.common.errors import BadInput
from ntm.criteria.inputs import parse_status, parse_value
from ntm.criteria.model import Criterion, Indicator, ValueType
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


def _checked(ind: Indicator, raw: Any) -> Any:
    """`raw` unchanged, or BadInput whose `field` is the indicator's code (so the page marks that field)."""
    try:
        parse_value(ind, raw, field=ind.code)
    except BadInput as err:
        err.field = ind.code
        raise
    return raw


def criterion_entries(set_id: str, criterion: Criterion, post: Mapping[str, str]) -> list[Entry]:
    """The values the form filled in for `criterion`; blank fields change nothing."""
    entries = []
    for ind in criterion.indicators:
        raw = _raw(ind.value_type, ind.code, post)
        if raw is not None:
            entries.append(Entry(Target(set_id, indicator=ind.code), _checked(ind, raw),
                                 _version(post, f"ver_{ind.code}")))
    whole = (post.get(f"c_{criterion.number}") or "").strip()
    if whole:
        parse_status(whole, f"c_{criterion.number}")
        entries.append(Entry(Target(set_id, criterion=criterion.number), whole,
                             _version(post, f"ver_c{criterion.number}")))
    return entries


def criterion_evidence(criterion: Criterion, post: Mapping[str, str], files: Mapping[str, Any]) -> tuple[str, Any]:
    """The evidence note and file given for `criterion` (note stripped; file None when none)."""
    number = criterion.number
    return (post.get(f"evidence_note_{number}") or "").strip(), files.get(f"evidence_file_{number}")
