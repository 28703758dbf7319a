"""The unit, the document (type, number, date, period) and the signer: header and closing."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ntm.common.text import name_key as fold

from ..dates import find_place_date, period_of_title
from ..layout import Block
from ..vocabulary import mapping, words
from .context import Doc

_HEADER_BLOCKS = 20
_UNIT_LINE_RE = re.compile(r"^(?:(?:uy ban nhan dan|ubnd)\s+)?(xa|phuong|thi tran|thi xa|huyen|tinh|thon)\s+(\S.*)$")
_NUMBER_RE = re.compile(r"^so\s*:?\s*(\d+[^\s/]*/\s*[a-z]+(?:\s*[-–]\s*[a-z&]+)*)")
_CLOSING_RE = re.compile(r"tren day la (bao cao|ke hoach|to trinh)")


def read_unit(doc: Doc) -> dict[str, Any]:
    """The unit the document is about: from the header, the place line, or the body."""
    name, level = _unit_from_header(doc) or _unit_from_place(doc) or _unit_from_body(doc) or (None, None)
    return {"name": name, "level": level,
            "district": _most_named(doc, "huyen", "unit.district"),
            "province": _most_named(doc, "tinh", "unit.province")}


def _unit_from_header(doc: Doc) -> tuple[str, str] | None:
    for block in doc.layout.blocks[:_HEADER_BLOCKS]:
        raw = doc.text[block.start:block.end].strip()
        match = _UNIT_LINE_RE.match(doc.key[block.start:block.end].strip())
        if match and raw.isupper() and len(raw) <= 60:
            level = mapping("unit_levels")[match.group(1)]
            name = _title(raw[match.start(2):].strip())
            doc.cite("unit.name", block.start, block.end)
            return name, level
    return None


def _unit_from_place(doc: Doc) -> tuple[str, str | None] | None:
    place = find_place_date(doc.key[:3000])
    if place is None:
        return None
    name = doc.text[place.place_start:place.place_end].strip()
    doc.cite("unit.name", place.start, place.end)
    place_key = re.escape(doc.key[place.place_start:place.place_end].strip())
    level = "commune" if re.search(r"\b(?:xa|phuong|thi tran)\s+" + place_key, doc.key) else None
    return name, level


def _unit_from_body(doc: Doc) -> tuple[str, str] | None:
    name = _most_named(doc, "xa", "unit.name")
    doc.unit_guessed = name is not None
    return (name, "commune") if name else None


def _most_named(doc: Doc, unit_word: str, path: str) -> str | None:
    """The name that most often follows "xã" / "huyện" / "tỉnh" in running text."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, int, int]] = {}
    for match in re.finditer(rf"\b{unit_word} +", doc.key):
        name = _capitalised_words(doc.text, match.end())
        if name:
            key = fold(name)
            counts[key] += 1
            first.setdefault(key, (name, match.start(), match.end() + len(name)))
    if not counts:
        return None
    _credit_longer_names(counts)
    name, start, end = first[counts.most_common(1)[0][0]]
    doc.cite(path, start, end)
    return name


def _credit_longer_names(counts: Counter[str]) -> None:
    """"Ngọc" cut off by a line break counts for "Ngọc Phụng"."""
    for short in list(counts):
        longer = [name for name in counts if name != short and name.startswith(short + " ")]
        if len(longer) == 1:
            counts[longer[0]] += counts.pop(short)


def _capitalised_words(text: str, start: int, limit: int = 3) -> str | None:
    """"Thạch Thành về …" → "Thạch Thành": up to `limit` capitalised words (no acronyms)."""
    taken: list[str] = []
    for word in text[start:start + 60].split("\n")[0].split(" "):
        clean = word.rstrip(",.;:)!?…\"”")
        if not clean or not _is_name_word(clean) or len(taken) == limit:
            break
        taken.append(clean)
        if clean != word:
            break
    return " ".join(taken) or None


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and (len(word) == 1 or not word[1:].isupper()) \
        and fold(word) not in {"ubnd", "ntm"}


def _title(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split())


def read_document(doc: Doc) -> dict[str, Any]:
    """Type, number, date and period of the document."""
    title = _title_block(doc)
    place = find_place_date(doc.key[:3000])
    if place is not None:
        doc.cite("document.date", place.start, place.end)
    return {"type": _document_type(doc, title), "number": _document_number(doc),
            "date": place.date.isoformat() if place and place.date else None,
            "period": doc.period}


def _title_block(doc: Doc) -> tuple[str, Block] | None:
    """The type line ("BÁO CÁO") and the title paragraph under it."""
    types = mapping("document_types")
    blocks = doc.layout.blocks
    for i, block in enumerate(blocks[:30]):
        raw = doc.text[block.start:block.end].strip()
        key = doc.key[block.start:block.end].strip()
        if key in types and raw.isupper() and i + 1 < len(blocks):
            doc.cite("document.type", block.start, block.end)
            return str(types[key]), blocks[i + 1]
    return None


def _document_type(doc: Doc, title: tuple[str, Block] | None) -> str:
    if title is not None:
        return title[0]
    number = _document_number(doc)
    for code, kind in mapping("document_codes").items():
        if number and re.search(rf"/{code.lower()}\b", fold(number).replace("đ", "d")):
            return str(kind)
    closing = _CLOSING_RE.search(doc.key)
    return str(mapping("closing_types")[closing.group(1)]) if closing else "other"


def _document_number(doc: Doc) -> str | None:
    for block in doc.layout.blocks[:_HEADER_BLOCKS]:
        match = _NUMBER_RE.match(doc.key[block.start:block.end].strip())
        if match:
            line = doc.key[block.start:block.end]
            offset = block.start + len(line) - len(line.lstrip())
            doc.cite("document.number", block.start, block.end)
            return doc.text[offset + match.start(1):offset + match.end(1)]
    return None


def document_period(doc: Doc) -> str | None:
    """The period from the title ("quý 1 … năm 2024" → "2024-Q1"), else from the closing line."""
    title = _title_block(doc)
    if title is not None:
        block = title[1]
        period = period_of_title(doc.key[block.start:block.end])
        if period:
            doc.cite("document.period", block.start, block.end)
            return period
    closing = _CLOSING_RE.search(doc.key)
    if closing:
        sentence = doc.sentence_at(closing.start())
        period = period_of_title(doc.key[closing.start():sentence.end])
        if period:
            doc.cite("document.period", sentence.start, sentence.end)
        return period
    return None


def read_signer(doc: Doc) -> dict[str, Any]:
    """The name under the signature block and the title just above it."""
    blocks = doc.layout.blocks
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 15), -1):
        raw = doc.text[blocks[i].start:blocks[i].end].strip()
        if not _looks_like_person(raw):
            continue
        title = _title_above(doc, i)
        if title is not None:
            doc.cite("signer.name", blocks[i].start, blocks[i].end)
            return {"name": raw, "title": title}
    return {"name": None, "title": None}


def _looks_like_person(raw: str) -> bool:
    parts = raw.split()
    return 2 <= len(parts) <= 5 and all(
        p.isalpha() and p[0].isupper() and (len(p) == 1 or p[1:].islower()) for p in parts)


def _title_above(doc: Doc, index: int) -> str | None:
    titles = sorted(words("signer_titles"), key=len, reverse=True)
    for block in reversed(doc.layout.blocks[max(0, index - 5):index]):
        raw = doc.text[block.start:block.end].strip()
        key = re.sub(r"^(?:kt|tm|tl|q)\.\s*", "", doc.key[block.start:block.end].strip())
        if raw.isupper() and key in titles:
            doc.cite("signer.title", block.start, block.end)
            return raw[len(raw) - len(key):].strip() if len(raw) >= len(key) else raw
    return None
