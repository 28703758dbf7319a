"""Targets: goals that name criteria ("phấn đấu đạt thêm 05 tiêu chí: tiêu chí số 3 …") or a
count to reach ("hoàn thành 04 tiêu chí", "03 thôn còn lại đạt chuẩn"), with their deadline."""

from __future__ import annotations

import re
from typing import Any

from ..dates import month_of
from ..layout import Sentence
from .context import Doc, criteria_numbers, under_goal_heading

_COUNT_RE = re.compile(r"(?<![\d/.])\d{1,2}(?:\s*/\s*\d{1,2})?\s+(?:tieu chi|chi tieu|thon|lang|ban)\b")
_DEADLINE_RE = re.compile(r"\b(?:truoc|xong|han|cham nhat|den)\b")
_NEXT_YEAR_RE = re.compile(r"\bnam (?:toi|sau)\b")
_LOOKAHEAD = 6


def read_targets(doc: Doc) -> list[dict[str, Any]]:
    """Every target, one per criterion named (the most precise deadline kept)."""
    targets: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    sentences = doc.layout.sentences
    for index, sentence in enumerate(sentences):
        for target in _targets_in(doc, sentence, sentences[index + 1:index + 1 + _LOOKAHEAD]):
            _add(targets, spans, target, (sentence.start, sentence.end))
    for i, (start, end) in enumerate(spans):
        doc.cite(f"targets[{i}]", start, end)
    return targets


def _targets_in(doc: Doc, sentence: Sentence, after: list[Sentence]) -> list[dict[str, Any]]:
    key = doc.sentence_key(sentence)
    verb = doc.goal_in(sentence)
    if verb is None and not under_goal_heading(sentence.block):
        return []
    numbers = criteria_numbers(key)
    if not numbers and (verb is None or not _COUNT_RE.search(key)):
        return []
    deadline = _deadline(doc, sentence, key[verb or 0:], after)
    text = doc.text[sentence.start:sentence.end].strip()
    criteria: list[int | None] = list(numbers) or [None]
    return [{"text": text, "criterion": n, "deadline": deadline} for n in criteria]


def _deadline(doc: Doc, sentence: Sentence, after_verb: str, after: list[Sentence]) -> str | None:
    """The deadline: after the goal word, then in the next sentences of the same item,
    then in the headings above."""
    found = month_of(after_verb, bare_year=False)
    if found:
        return found
    if _NEXT_YEAR_RE.search(after_verb) and doc.year:
        return str(doc.year + 1)
    for nxt in after:
        if nxt.first_in_block and (nxt.block.item or nxt.block.level is not None):
            break
        key = doc.sentence_key(nxt)
        if _DEADLINE_RE.search(key) and month_of(key, bare_year=False):
            return month_of(key, bare_year=False)
    for heading in reversed(sentence.block.headings):
        found = month_of(heading, bare_year=False)
        if found:
            return found
    return None


def _add(targets: list[dict[str, Any]], spans: list[tuple[int, int]], target: dict[str, Any],
         span: tuple[int, int]) -> None:
    """Keep one target per criterion, with the most precise deadline."""
    if target["criterion"] is not None:
        for i, old in enumerate(targets):
            if old["criterion"] == target["criterion"]:
                if _precision(target["deadline"]) > _precision(old["deadline"]):
                    targets[i], spans[i] = target, span
                return
    targets.append(target)
    spans.append(span)


def _precision(deadline: str | None) -> int:
    return 0 if deadline is None else len(deadline)
