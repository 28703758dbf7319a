"""Pure helpers for the review page: highlighted source text, default period, parsed corrections, names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ntm.common.errors import BadInput
from ntm.common.text import name_key

# Words a unit's name may start with, in the document or in our register ("xã Ngọc Phụng").
_LEVEL_WORDS = ("thị trấn", "tổ dân phố", "phường", "xã", "thôn", "bản", "làng", "khu phố", "ấp")


class Segment(NamedTuple):
    """A run of the source text; `paths` names the facts it supports (empty: plain text)."""

    text: str
    paths: tuple[str, ...]


def highlighted(text: str, evidence: list[dict[str, Any]]) -> list[Segment]:
    """The text cut at every evidence boundary, each piece with the facts it is evidence for."""
    spans = [(e["start"], e["end"], e["path"]) for e in evidence
             if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and 0 <= e["start"] < e["end"]]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(min(e, len(text)) for _, e, _ in spans)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        paths = tuple(p for s, e, p in spans if s <= start and end <= e)
        segments.append(Segment(text[start:end], paths))
    return segments


def default_period(as_of: str | None, document_period: str | None) -> str:
    """"2024-03" → "2024-Q1" (a quarter-end month); "2024-05" stays a month; a year stays a year."""
    value = as_of or document_period or ""
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
        month = int(value[5:])
        return f"{value[:4]}-Q{month // 3}" if month % 3 == 0 else value
    return value


def numbers(text: str, field: str) -> list[int]:
    """"6, 15, 17" → [6, 15, 17]; BadInput naming the field for anything else."""
    items = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not all(item.isdigit() for item in items):
        raise BadInput(f"trường «{field}»: chỉ nhập số tiêu chí, cách nhau bằng dấu phẩy (ví dụ: 6, 15, 17)",
                       f"field '{field}': criterion numbers separated by commas (e.g. 6, 15, 17)", field=field)
    return [int(item) for item in items]


def codes(text: str) -> list[str]:
    """"17.1, 15.1" → ["17.1", "15.1"]."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def value_lines(text: str, field: str) -> dict[str, str]:
    """Lines "15.1 = 79,9" → {"15.1": "79,9"}; BadInput naming the line for anything else."""
    result = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, value = line.partition("=")
        if not sep or not code.strip() or not value.strip():
            raise BadInput(f"trường «{field}», dòng {number}: viết «mã = giá trị», ví dụ «15.1 = 79,9»",
                           f"field '{field}', line {number}: write 'code = value', e.g. '15.1 = 79,9'", field=field)
        result[code.strip()] = value.strip()
    return result


def bare_name_key(name: str) -> str:
    """"Xã Ngọc Phụng" and "ngọc phụng" → one key: level word dropped, case and tone placement ignored."""
    key = name_key(name)
    for word in _LEVEL_WORDS:
        prefix = name_key(word) + " "
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def names_differ(document_name: str, unit_names: Iterable[str]) -> bool:
    """True when the document names a unit and none of `unit_names` is that name.

    Only the tone mark's place is forgiven ("Thuỷ" = "Thủy"): "Cẩm" and "Cam" are different names.
    A document that names no unit cannot disagree.
    """
    wanted = bare_name_key(document_name)
    return bool(wanted) and all(bare_name_key(name) != wanted for name in unit_names)
