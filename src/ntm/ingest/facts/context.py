"""What every fact reader shares: the analysed text, goal detection, and the evidence list."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..dates import as_month
from ..layout import Block, Layout, Sentence
from ..vocabulary import alternation, mapping, words

_CRITERION_RE = re.compile(r"\btieu chi(?:\s+so)?\s+(\d{1,2})\b(?![./]\d)")
CLAUSE_REACH = 300
SURE = 0.9
PREFILL_THRESHOLD = 0.75    # below it the review page shows a fact but does not fill it in
_MORE_CRITERIA_RE = re.compile(r"(?:\s*(?:,|va|;)\s*(?:tieu chi(?:\s+so)?\s+)?(\d{1,2})\b(?![./]\d))")


@dataclass
class Doc:
    """A report being read: its layout, its period, and the evidence gathered so far."""

    layout: Layout
    period: str | None = None
    year: int | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    _goals: dict[int, int | None] = field(default_factory=dict, repr=False)
    unit: dict[str, Any] | None = None    # the document's own unit, once read (header.read_unit)
    unit_guessed: bool = False            # … only guessed from the body (no header, no place line)
    mentions: list[Any] | None = field(default=None, repr=False)   # units named in the text (facts/units.py)
    mention_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """The repaired text."""
        return self.layout.text

    @property
    def key(self) -> str:
        """The folded text, same length as `text`."""
        return self.layout.key

    def cite(self, path: str, start: int, end: int, confidence: float = SURE) -> None:
        """Record where a fact came from: `path` in the output, the span in the text, and how sure
        the reading is (`SURE` for a count read in a sentence that names it; lower when the reading
        leans on a default, a list or a group; see `PREFILL_THRESHOLD`)."""
        start, end = max(0, start), min(len(self.text), end)
        self.evidence.append({"path": path, "text": self.text[start:end].strip(),
                              "start": start, "end": end, "confidence": confidence})

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding a given offset."""
        index = max(0, bisect.bisect_right(self.layout.starts, offset) - 1)
        return self.layout.sentences[index]

    def sentence_key(self, sentence: Sentence) -> str:
        """The folded text of a sentence."""
        return self.key[sentence.start:sentence.end]

    def goal_in(self, sentence: Sentence) -> int | None:
        """`goal_position` of a sentence, computed once per sentence (a long sentence holding many
        counts is read once, not once per count: the reading stays linear in the text's length)."""
        if sentence.start not in self._goals:
            self._goals[sentence.start] = goal_position(self.sentence_key(sentence))
        return self._goals[sentence.start]

    def clause(self, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
        """The sentence around a match, cut to `CLAUSE_REACH` characters either side when the
        sentence is longer (a table row without full stops): evidence stays readable and bounded."""
        return max(sentence.start, start - CLAUSE_REACH), min(sentence.end, end + CLAUSE_REACH)

    def as_of_default(self) -> str | None:
        """The month (or year) the report speaks of, for facts that give no date of their own."""
        return as_month(self.period)


def goal_position(key: str) -> int | None:
    """Where the first goal word stands in a folded sentence ("phấn đấu", "hoàn thành" not after
    "đã" nor after a number of communes), or None when the sentence states a result."""
    cleaned = _without_false_friends(key)
    # "đã hoàn thành", "cơ bản hoàn thành", "có thêm 14 xã hoàn thành 19/19 tiêu chí": results, not goals
    pattern = re.compile(r"(?<!\bda )(?<!\bco ban )(?<!\d xa )\b" + alternation("goal_words") + r"\b")
    match = pattern.search(cleaned)
    return match.start() if match else None


def _without_false_friends(key: str) -> str:
    for phrase in words("goal_false_friends"):
        key = key.replace(phrase, " " * len(phrase))
    return key


def under_goal_heading(block: Block) -> bool:
    """Is the paragraph in a section about goals, tasks or plans?"""
    return _goal_headings(block.headings)


@cache
def _goal_headings(headings: tuple[str, ...]) -> bool:
    heading_re = re.compile(r"\b" + alternation("goal_heading_words") + r"\b")
    return any(heading_re.search(_without_false_friends(h)) for h in headings)


def is_goal(doc: Doc, sentence: Sentence) -> bool:
    """A sentence that states a goal rather than a result."""
    return doc.goal_in(sentence) is not None or under_goal_heading(sentence.block)


def criteria_numbers(key: str) -> list[int]:
    """The criterion numbers a folded text names: "tiêu chí số 6 …, tiêu chí 15 và 17" → [6, 15, 17]."""
    found: list[int] = []
    for match in _CRITERION_RE.finditer(key):
        found.append(int(match.group(1)))
        more = _MORE_CRITERIA_RE.match(key, match.end())
        while more:
            found.append(int(more.group(1)))
            more = _MORE_CRITERIA_RE.match(key, more.end())
    for match in _named_criteria_re().finditer(key):
        found.append(int(mapping("criteria_names")[re.sub(r"\s+", " ", match.group(1))]))
    return [n for n in dict.fromkeys(found) if 1 <= n <= 20]


@cache
def _named_criteria_re() -> re.Pattern[str]:
    """"tiêu chí Môi trường", "tiêu chí về y tế": a criterion named by its name (QĐ 318/2022 numbering)."""
    names = sorted(mapping("criteria_names"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<!\bcac )(?<!\bnhom )\btieu chi\s+(?:ve\s+)?({alternatives})\b(?!\s*[-–])")


def following_blocks(doc: Doc, block: Block, limit: int) -> list[Block]:
    """The paragraphs after `block`, up to `limit` of them."""
    blocks = doc.layout.blocks
    return blocks[block.index + 1:block.index + 1 + limit]
