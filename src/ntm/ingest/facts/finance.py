"""Funding by source ("tổng nguồn vốn … là X đồng, trong đó: - Vốn của xã: …") and works."""

from __future__ import annotations

import re
from typing import Any

from ..layout import Block, search_key
from ..money import Amount, find_amounts
from ..vocabulary import alternation, pairs, words
from .context import Doc, following_blocks
from .villages import names_after

SOURCES = ("central_province", "district", "commune", "integrated", "enterprise", "credit", "people", "other")
_YEAR_RE = re.compile(r"\bnam\s+(\d{4})\b")
_TOTAL_WORD_RE = re.compile(r"\btong\s+(?:so\s+)?(?:von|kinh phi|nguon|muc|so tien|cong)")
_PROGRESS_RE = re.compile(r"\bdat\s+(?:khoang\s+|duoc\s+)?(\d{1,3}(?:,\d+)?)\s*%")
_DISBURSED_RE = re.compile(r"\bgiai ngan\b")
_COST_MARKER_RE = re.compile(
    r"(?:[,;]?\s*(?:voi\s+)?kinh phi(?:\s+(?:thuc hien|huy dong|dau tu))?|\s+du kien|\s+la|\s+tong muc dau tu)"
    r"(?:\s+la)?\s*:?\s*(?:khoang\s*)?$"
)
_NAME_STOP_RE = re.compile(r"\s(?:tai|bang|voi|de|du kien|den nay|kinh phi|thuoc|cua|la)\s|[,.;:(]")
_VILLAGE_RE = re.compile(r"(?:^[-+*•·]?\s*|\btai\s+)(?:thon|lang|ban|xom)\s+")


def read_funding(doc: Doc) -> tuple[list[dict[str, Any]], set[int]]:
    """Funding totals with their breakdown by source, and the paragraphs they used."""
    funding: list[dict[str, Any]] = []
    used: set[int] = set()
    breakdown_re = re.compile(r"\b" + alternation("funding_breakdown_words") + r"\s*:")
    for match in breakdown_re.finditer(doc.key):
        entry = _funding_at(doc, match, len(funding), used)
        if entry is not None:
            funding.append(entry)
    return funding, used


def _funding_at(doc: Doc, match: re.Match[str], index: int, used: set[int]) -> dict[str, Any] | None:
    total_sentence = _total_sentence(doc, match.start())
    if total_sentence is None:
        return None
    start, end, total = total_sentence
    sources, blocks = _sources(doc, doc.sentence_at(match.start()).block)
    if not sources:
        return None
    used.update(b.index for b in blocks)
    used.add(doc.sentence_at(start).block.index)
    doc.cite(f"funding[{index}].total_vnd", start, end)
    for block in blocks:
        doc.cite(f"funding[{index}].by_source", block.start, block.end)
    year = _YEAR_RE.search(doc.key[start:end])
    return {"year": int(year.group(1)) if year else doc.year, "total_vnd": total.value,
            "by_source": sources}


def _total_sentence(doc: Doc, at: int) -> tuple[int, int, Amount] | None:
    """The amount just before "trong đó:" (same sentence, or the sentence before it)."""
    sentence = doc.sentence_at(at)
    candidates = [sentence]
    index = doc.layout.sentences.index(sentence)
    if index:
        candidates.append(doc.layout.sentences[index - 1])
    for candidate in candidates:
        amounts = find_amounts(doc.key[candidate.start:min(candidate.end, at + 1)])
        if amounts:
            amount = amounts[-1]
            return candidate.start, candidate.end, Amount(amount.value, candidate.start + amount.start,
                                                          candidate.start + amount.end)
    return None


def _sources(doc: Doc, block: Block) -> tuple[dict[str, int | None], list[Block]]:
    by_source: dict[str, int | None] = dict.fromkeys(SOURCES)
    used: list[Block] = []
    for item in following_blocks(doc, block, 15):
        key = doc.key[item.start:item.end]
        amounts = find_amounts(key)
        source = _source_of(key[:amounts[0].start]) if amounts else None
        if not item.item or source is None:
            break
        by_source[source] = (by_source[source] or 0) + amounts[0].value
        used.append(item)
    return (by_source if used else {}), used


def _source_of(label: str) -> str | None:
    for phrase, source in pairs("funding_sources"):
        if re.search(rf"\b{re.escape(phrase)}\b", label):
            return source
    return None


def read_works(doc: Doc, used: set[int]) -> list[dict[str, Any]]:
    """Works (công trình) with their cost, village, progress and disbursement."""
    works: list[dict[str, Any]] = []
    work_re = re.compile(r"\b" + alternation("work_words") + r"\b")
    for block in doc.layout.blocks:
        key = doc.key[block.start:block.end]
        amounts = find_amounts(key)
        if block.index in used or not amounts or not work_re.search(key) or _TOTAL_WORD_RE.search(key):
            continue
        works.append(_work(doc, block, amounts))
        doc.cite(f"works[{len(works) - 1}]", block.start, block.end)
    return works


def _work(doc: Doc, block: Block, amounts: list[Amount]) -> dict[str, Any]:
    key = doc.key[block.start:block.end]
    text = doc.text[block.start:block.end]
    disbursed, cost = _disbursed_and_cost(key, amounts)
    village = _village(doc, block)
    return {"name": _name(key, text, cost, village), "village": village,
            "cost_vnd": cost.value if cost else None, "progress_pct": _progress(key),
            "disbursed_vnd": disbursed}


def _disbursed_and_cost(key: str, amounts: list[Amount]) -> tuple[int | None, Amount | None]:
    paid = _DISBURSED_RE.search(key)
    if paid:
        after = [a for a in amounts if a.start > paid.end()]
        if len(after) >= 2 and "/" in key[after[0].end:after[1].start]:
            return after[0].value, after[1]
        before = [a for a in amounts if a.start < paid.start()]
        return (after[0].value if after else None), (before[0] if before else None)
    return None, amounts[0]


def _progress(key: str) -> int | float | None:
    match = _PROGRESS_RE.search(key)
    if match:
        value = float(match.group(1).replace(",", "."))
        return int(value) if value.is_integer() else value
    return 100 if any(word in key for word in words("work_done_words")) else None


def _village(doc: Doc, block: Block) -> str | None:
    key = doc.key[block.start:block.end]
    match = _VILLAGE_RE.search(key)
    if match is None:
        return None
    names = names_after(doc.text, block.start + match.end(), single=True)
    return names[0] if names else None


def _name(key: str, text: str, cost: Amount | None, village: str | None) -> str:
    named = [_clip(text, key, m.end()) for m in re.finditer(r"\bcong trinh\s+", key)]
    named = [name for name in named if len(name.split()) >= 2]
    if named:
        return max(named, key=len)
    start = _name_start(key, village)
    end = cost.start if cost else len(key)
    marker = _COST_MARKER_RE.search(key[start:end])
    end = start + marker.start() if marker else end
    return text[start:end].strip(" :;,.-+*•\u2026")


def _clip(text: str, key: str, start: int) -> str:
    stop = _NAME_STOP_RE.search(key, start)
    return text[start:stop.start() if stop else len(text)].strip()


def _name_start(key: str, village: str | None) -> int:
    marker = re.match(r"^[-+*•·]?\s*", key)
    start = marker.end() if marker else 0
    if village:
        head = re.match(r"(?:thon|lang|ban|xom)\s+" + re.escape(search_key(village)) + r"\s*:?\s*", key[start:])
        if head:
            start += head.end()
    return start


