"""The shape of a repaired report: paragraphs, headings, sentences, and a folded search key.

Matching runs on `key`, a copy of the text of exactly the same length with every letter
folded ("Tiêu chí" → "tieu chi"): a match's offsets are valid in the text itself, so each
fact keeps the span of the sentence it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .vocabulary import pairs

_HEADING_RES = (
    (0, re.compile(r"^phan\s+(?:thu\s+\w+|\d+|[ivx]+)\b")),
    (1, re.compile(r"^[ivx]{1,4}\.\s*\S")),
    (3, re.compile(r"^\d{1,2}\.\d{1,2}\.?(?:\s|-)")),
    (2, re.compile(r"^\d{1,2}\.(?!\d)\s*\S")),
    (4, re.compile(r"^[a-d]\)\s")),
)
_ITEM_RE = re.compile(r"^[-+*•·–]")
_BOUNDARY_RE = re.compile(r"[.!?…]+(?:\s+|(?=[A-ZĐÀ-Ỹ]))")


@dataclass(frozen=True)
class Block:
    """One paragraph (a line of the repaired text)."""

    index: int
    start: int
    end: int
    level: int | None          # heading level (0 = "Phần", 1 = "I.", 2 = "1.", 3 = "1.1.") or None
    item: bool                 # a list item: "- …", "+ …", "* …"
    headings: tuple[str, ...]  # folded texts of the headings above it, outermost first


@dataclass(frozen=True)
class Sentence:
    """One sentence, with the paragraph it belongs to."""

    start: int
    end: int
    block: Block
    first_in_block: bool


@dataclass
class Layout:
    """A repaired text, its folded key, its paragraphs and its sentences."""

    text: str
    key: str
    blocks: list[Block]
    sentences: list[Sentence]
    starts: list[int] = field(default_factory=list)   # sentence starts, for bisection

    def __post_init__(self) -> None:
        self.starts = [sentence.start for sentence in self.sentences]

    def snippet(self, start: int, end: int) -> str:
        """The text between two offsets."""
        return self.text[start:end]


def analyse(text: str) -> Layout:
    """Cut a repaired text into paragraphs, headings and sentences."""
    key = respelled(search_key(text))
    blocks = _blocks(text, key)
    sentences = [s for block in blocks for s in _sentences(text, key, block)]
    return Layout(text=text, key=key, blocks=blocks, sentences=sentences)


def search_key(text: str) -> str:
    """The text folded letter by letter (lower case, no marks, đ → d), same length."""
    return "".join(_fold_char(ch) for ch in text)


def respelled(key: str) -> str:
    """Common misspellings ("tiêu trí", "nông thông mới") read as meant, the length kept."""
    for wrong, right in pairs("misspellings"):
        if wrong in key and len(right) <= len(wrong):
            key = key.replace(wrong, right.ljust(len(wrong)))
    return key


@cache
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


def _blocks(text: str, key: str) -> list[Block]:
    spans = _line_spans(text)
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    for index, (start, end) in enumerate(spans):
        level = heading_level(key[start:end])
        if level is not None:
            path = [(lvl, txt) for lvl, txt in path if lvl < level]
            path.append((level, _heading_text(key, spans, index)))
        item = bool(_ITEM_RE.match(text[start:end]))
        blocks.append(Block(index, start, end, level, item, tuple(txt for _, txt in path)))
    return blocks


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def heading_level(line_key: str) -> int | None:
    """The heading level of a paragraph, from its number ("I.", "2.", "2.1.", "Phần thứ hai")."""
    for level, pattern in _HEADING_RES:
        if pattern.match(line_key):
            return level
    return None


def _heading_text(key: str, spans: list[tuple[int, int]], index: int) -> str:
    """The heading's own words: up to a colon; "Phần thứ hai" alone takes the next line too."""
    start, end = spans[index]
    line = key[start:min(end, start + 160)]
    if end - start <= 20 and index + 1 < len(spans) and line.startswith("phan"):
        nstart, nend = spans[index + 1]
        return f"{line} {key[nstart:nend]}"
    cut = line.find(":")
    return line[:cut] if cut > 0 else line


def _sentences(text: str, key: str, block: Block) -> list[Sentence]:
    out: list[Sentence] = []
    start = block.start
    for match in _BOUNDARY_RE.finditer(text, block.start, block.end):
        if _is_number_dot(text, block.start, match.start()) or _is_abbreviation(text, block.start, match.start()):
            continue
        out.append(Sentence(start, match.end(), block, not out))
        start = match.end()
    if start < block.end:
        out.append(Sentence(start, block.end, block, not out))
    return out


# "TP. Hà Tĩnh", "TX. Kỳ Anh", "H. Nghi Xuân", "Tp. Hồ Chí Minh": the dot of a unit's abbreviation
_ABBREVIATIONS = {"tp", "tx", "h", "tt", "q", "p"}


def _is_abbreviation(text: str, block_start: int, dot: int) -> bool:
    token = text[max(block_start, dot - 4):dot].split(" ")[-1].lstrip("(")
    return token.lower() in _ABBREVIATIONS and text[dot:dot + 1] == "."


def _is_number_dot(text: str, block_start: int, dot: int) -> bool:
    """The dot of "15.1." or of a paragraph number "2." is not a sentence end."""
    token = text[max(block_start, dot - 12):dot].split(" ")[-1].lstrip("(")
    if re.fullmatch(r"\d+(?:\.\d+)+", token):
        return True
    return bool(re.fullmatch(r"\d{1,2}|[IVX]{1,4}", token)) and dot - len(token) <= block_start + 1
