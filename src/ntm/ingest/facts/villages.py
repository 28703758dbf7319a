"""Villages: counts ("9/9 thôn đạt chuẩn NTM", "là 5 thôn" model villages) and names."""

from __future__ import annotations

import re
from typing import Any

from ntm.common.text import name_key as fold

from ..layout import search_key
from ..vocabulary import words
from .context import Doc
from .mentions import owns_count

_VILLAGE = r"(?:thon|lang|ban|xom|ap|buon|soc|khu dan cu|kdc|to dan pho)(?:\s*/\s*(?:ban|lang|xom|to dan pho))?"
_RATIO_RE = re.compile(rf"(?<![\d/.])(\d{{1,3}})\s*/\s*(\d{{1,3}})\s+{_VILLAGE}\b(?!\s+(?:van hoa|kieu))")
# After "N/M thôn": a result about the programme ("đạt chuẩn", "được công nhận") makes M the village total;
# anything else ("11/17 thôn có điện lưới") is a count about one service, never the total, unless it
# counts every village ("có 7/7 thôn … giữ vững danh hiệu").
_PROGRAMME_RE = re.compile(r"^\s*(?:,\s*)?(?:da\s+)?(?:dat chuan|duoc cong nhan|dat\s+\d|hoan thanh)")
_NTM_RE = re.compile(r"^\s*(?:da\s+)?(?:dat chuan|duoc cong nhan)\s+(?:thon\s+)?(?:ntm|nong thon moi)\b(?!\s+kieu)")
_MODEL_RE = re.compile(
    r"(?:\b(\d{1,3})\s+thon\s+(?:da\s+)?(?:dat chuan|duoc cong nhan)[^.;]{0,30}?kieu mau"
    r"|\bthon[^.;]{0,40}?kieu mau[^.;]{0,30}?\b(?:la|co)\s+(\d{1,3})\s+thon)"
)
_ANY_COUNT_RE = re.compile(rf"\b\d{{1,3}}(?:\s*/\s*\d{{1,3}})?\s+{_VILLAGE}\b")
_TOTAL_RE = re.compile(rf"\bxa\s+(?:co|gom)\s+(?:tong so\s+)?(\d{{1,3}})\s+{_VILLAGE}\b")
_KEYWORD_RE = re.compile(r"(?i)\b(?:thôn|làng|bản|xóm) +")
_FILLER_RE = re.compile(r"^(?:(?:còn lại|gồm|là|có)\s*:?\s*)+", re.IGNORECASE)
_WORD_STRIP = ",.;:)!?…\"”"


def read_villages(doc: Doc) -> dict[str, Any]:
    """Counts of villages (all, NTM, model) and the village names the report mentions; a count is the
    document's own only in a sentence `owns_count` gives to it (not after another unit's name)."""
    result: dict[str, Any] = {"total": None, "ntm": None, "model": None, "names": []}
    for sentence in doc.layout.sentences:
        key = doc.sentence_key(sentence)
        if doc.goal_in(sentence) is not None and "kieu mau" not in key:
            continue
        first = _ANY_COUNT_RE.search(key)
        if first is None or not owns_count(doc, sentence.start + first.start()):
            continue        # "Riêng xã Ea Huar …. Xã có 9 buôn": another unit's villages, or nobody's
        for field, value in village_counts(key).items():
            if result[field] is None:
                result[field] = value
                doc.cite(f"villages.{field}", sentence.start, sentence.end)
    result["names"] = _names(doc)
    return result


def village_counts(key: str) -> dict[str, int]:
    """Village counts a folded sentence states: total, NTM and model villages."""
    counts: dict[str, int] = {}
    for match in _RATIO_RE.finditer(key):
        after = key[match.end():match.end() + 60]
        if not _PROGRAMME_RE.match(after) and (match.group(1) != match.group(2) or _names_a_group(after)):
            continue        # "11/17 thôn có điện lưới": one service; "cả 7/7 thôn …" still counts them all,
            #                 "4/4 buôn đồng bào dân tộc thiểu số …" counts a group of them
        counts.setdefault("total", int(match.group(2)))
        if _NTM_RE.match(after):
            counts.setdefault("ntm", int(match.group(1)))
    model = _MODEL_RE.search(key)
    if model:
        counts["model"] = int(model.group(1) or model.group(2))
    total = _TOTAL_RE.search(key)
    if total:
        counts.setdefault("total", int(total.group(1)))
    return counts


def _names_a_group(after: str) -> bool:
    clause = re.split(r"[,;.]", after, maxsplit=1)[0]
    return any(re.search(rf"\b{re.escape(word)}\b", clause) for word in words("village_group_words"))


def _names(doc: Doc) -> list[str]:
    seen: dict[str, str] = {}
    for match in _KEYWORD_RE.finditer(doc.text):
        for name in names_after(doc.text, match.end()):
            seen.setdefault(fold(name), name)
    return list(seen.values())


def names_after(text: str, start: int, *, single: bool = False) -> list[str]:
    """Village names written after "thôn": "Phú Vinh, Hòa Lâm, Xuân Thắng", "(A, B, C)"."""
    rest = text[start:start + 200].split("\n")[0]
    filler = _FILLER_RE.match(rest)
    rest = rest[filler.end():] if filler else rest
    if rest.startswith("("):
        return [] if single else _parenthesised(rest)
    names: list[str] = []
    while True:
        name, consumed, stopped = _one_name(rest)
        if name is None:
            break
        names.append(name)
        rest = rest[consumed:]
        if single or stopped or not rest.startswith(", "):
            break
        rest = _KEYWORD_RE.sub("", rest[2:], count=1) if _KEYWORD_RE.match(rest[2:]) else rest[2:]
    return names


def _one_name(rest: str) -> tuple[str | None, int, bool]:
    """Up to three capitalised words; stops at a lower-case word, an acronym or punctuation."""
    taken: list[str] = []
    consumed, stopped = 0, False
    for word in rest.split(" "):
        clean = word.rstrip(_WORD_STRIP)
        if not _is_name_word(clean, first=not taken) or len(taken) == 3:
            break
        taken.append(clean)
        if clean != word:
            consumed += len(clean)
            stopped = not word[len(clean):].startswith(",")
            break
        consumed += len(word) + 1
    return (" ".join(taken) or None), consumed, stopped


def _is_name_word(word: str, *, first: bool) -> bool:
    if not word or not word.isalpha() or not word[0].isupper():
        return False
    if len(word) > 1 and word[1:].isupper():
        return False
    return not (first and search_key(word) in words("village_stopwords"))


def _parenthesised(rest: str) -> list[str]:
    inside = rest[1:rest.find(")")] if ")" in rest else ""
    names = []
    for part in inside.split(","):
        part = _KEYWORD_RE.sub("", part.strip(), count=1)
        if part and part[0].isupper() and len(part.split()) <= 4:
            names.append(" ".join(w[:1].upper() + w[1:] for w in part.split()))
    return names
