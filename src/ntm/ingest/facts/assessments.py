"""Assessments ("đã đạt 16/19 tiêu chí, với 51/57 chỉ tiêu") and indicator values ("(79,9%)")."""

from __future__ import annotations

import re
from typing import Any

from ..dates import month_of
from ..layout import Sentence
from ..vocabulary import alternation, pairs
from .catalogs import catalog_of
from .context import CLAUSE_REACH, SURE, Doc, criteria_numbers, following_blocks, goal_position, is_goal
from .mentions import other_level_subject, owns_count, same_unit
from .units import attribute, counts_communes, counts_villages

_MET_RE = re.compile(
    r"\b(?:(da)\s+)?(?:co ban\s+)?(?:dat|hoan thanh|giu vung)(?:\s+duoc)?(?:\s+chuan)?"
    r"\s+(\d{1,2})\s*/\s*(\d{1,2})\s+(?:tieu chi|tc\b)"
    r"(?:[^.;]{0,40}?\b(\d{1,3})\s*/\s*(\d{1,3})\s+chi tieu)?"
)
_MET_NO_TOTAL_RE = re.compile(
    r"\btieu chi (da) dat\s*\(\s*(\d{1,2})\s+tieu chi\s*\)|\b(da) dat(?:\s+duoc)?\s+(\d{1,2})\s+tieu chi"
)
_INDICATOR_CODE_RE = re.compile(r"\b(?:chi tieu|muc)\s+(\d{1,2}\.\d{1,2})\b")
_PERCENT_RE = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%(?!\s*tro\s+(?:len|xuong))")
_AS_OF_RE = re.compile(r"\b(?:den|tinh den|trong|nam|quy|thang)\b.*")
_SCOPE_BLOCKS = 25
LABELLED = 0.8     # a value known by its label only: the code comes from the vocabulary
GUESSED = 0.7       # a count without its total ("đã đạt 10 tiêu chí"): shown, not pre-filled


def read_assessments(doc: Doc) -> list[dict[str, Any]]:
    """Every "đạt N/M tiêu chí" the report states as a result, the latest first."""
    found = [_assessment(doc, match) for match in _matches(doc)]
    items = [item for item in found if item is not None]
    order = sorted(range(len(items)), key=lambda i: items[i][0]["as_of"] or "", reverse=True)
    _complete_unmet(doc, [items[i][0] for i in order][:1])
    for new_index, old_index in enumerate(order):
        sure = SURE if items[old_index][0]["criteria_total"] is not None else GUESSED
        for path, start, end in items[old_index][1]:
            doc.cite(f"assessments[{new_index}].{path}", start, end, sure)
    return [items[i][0] for i in order]


def _matches(doc: Doc) -> list[re.Match[str]]:
    matches = list(_MET_RE.finditer(doc.key)) + list(_MET_NO_TOTAL_RE.finditer(doc.key))
    return sorted(matches, key=lambda m: m.start())


Cites = list[tuple[str, int, int]]


def _assessment(doc: Doc, match: re.Match[str]) -> tuple[dict[str, Any], Cites] | None:
    sentence = doc.sentence_at(match.start())
    said_done = bool(match.group(1) if match.re is _MET_RE else (match.group(1) or match.group(3)))
    if _negated(doc.key, match.start()) or (is_goal(doc, sentence) and not said_done):
        return None
    if _about_another_unit(doc, match.start()):
        return None
    numbers = _numbers(match)
    kind, as_of = _set_of(doc, sentence, match), _as_of(doc, sentence, match.start())
    item: dict[str, Any] = {
        "set": kind, "as_of": as_of, "catalog": catalog_of(doc, sentence, as_of, kind, numbers[1]),
        "criteria_met": numbers[0], "criteria_total": numbers[1],
        "indicators_met": numbers[2], "indicators_total": numbers[3],
        "met_criteria": [], "unmet_criteria": [], "unmet_indicators": [],
    }
    start, end = doc.clause(sentence, match.start(), match.end())
    cites: Cites = [(name, start, end) for name in
                    ("criteria_met", "criteria_total", "indicators_met", "set", "as_of")]
    cites += _read_lists(doc, item, match.end(), sentence)
    return item, cites


def _about_another_unit(doc: Doc, at: int) -> bool:
    """A count written after another unit's name ("xã Lạc Hòa đạt 19/19 tiêu chí") is that unit's
    (facts/units.py), never the document's own; a document whose own unit is unknown owns no named
    unit's count ("huyện Chợ Lách đạt 9/9 tiêu chí" in a news item). A count without a name in its
    clause is the own unit's only when `owns_count` allows it: else abstain rather than guess."""
    if counts_communes(doc, at) or counts_villages(doc, at) or other_level_subject(doc, at):
        return True
    own = doc.unit or {}
    mention = attribute(doc, at)
    if mention is not None:
        return not own.get("name") or doc.unit_guessed or not same_unit(mention, own)
    return not owns_count(doc, at)


def _numbers(match: re.Match[str]) -> tuple[int | None, ...]:
    if match.re is _MET_RE:
        return tuple(int(g) if g else None for g in match.group(2, 3, 4, 5))
    met = match.group(2) or match.group(4)
    return int(met), None, None, None


def _negated(key: str, start: int) -> bool:
    before = key[max(0, start - 20):start]
    return bool(re.search(r"\b(?:khong|chua)\b[^,.;]*$", before))


def _set_of(doc: Doc, sentence: Sentence, match: re.Match[str]) -> str:
    window = doc.key[max(sentence.start, match.start() - CLAUSE_REACH):min(sentence.end, match.end() + 60)]
    for text in (window, *reversed(sentence.block.headings), _title_key(doc)):
        for phrase, name in pairs("assessment_sets"):
            if re.search(rf"\b{re.escape(phrase)}\b", text):
                return name
    return "unknown"


def _title_key(doc: Doc) -> str:
    return doc.key[:1500]


def _as_of(doc: Doc, sentence: Sentence, start: int) -> str | None:
    if is_goal(doc, sentence) and doc.goal_in(sentence) is not None:
        return doc.as_of_default()
    prefix = doc.key[max(sentence.start, start - CLAUSE_REACH):start]
    phrase = _AS_OF_RE.search(prefix)
    found = month_of(phrase.group(), bare_year=False) if phrase else None
    return found or doc.as_of_default()


def _read_lists(doc: Doc, item: dict[str, Any], start: int, sentence: Sentence) -> Cites:
    """Criteria listed after the assessment: met ones, and those "chưa đạt" with their indicators."""
    cites: Cites = []
    for span_start, span_end in _scope(doc, start, sentence):
        key = doc.key[span_start:span_end]
        unmet = re.search(r"\b" + alternation("unmet_words") + r"\b", key)
        numbers = criteria_numbers(key)
        if unmet:
            _extend(item["unmet_criteria"], numbers)
            _extend(item["unmet_indicators"], _INDICATOR_CODE_RE.findall(key))
            cites.append(("unmet_criteria", span_start, span_end))
        elif numbers:
            _extend(item["met_criteria"], numbers)
            cites.append(("met_criteria", span_start, span_end))
    return cites


def _extend(target: list[Any], values: list[Any]) -> None:
    target.extend(v for v in values if v not in target)


def _scope(doc: Doc, start: int, sentence: Sentence) -> list[tuple[int, int]]:
    """The rest of the sentence and the paragraphs below it, up to the next heading, the next
    assessment or the first goal."""
    block_end = sentence.block.end
    following = _MET_RE.search(doc.key, start, block_end)
    end = _goal_cut(doc, start, following.start() if following else block_end)
    spans = [(start, end)]
    if end < block_end:
        return spans
    for block in following_blocks(doc, sentence.block, _SCOPE_BLOCKS):
        key = doc.key[block.start:block.end]
        if block.level is not None or _MET_RE.search(key) or goal_position(key) is not None:
            break
        spans.append((block.start, block.end))
    return spans


def _goal_cut(doc: Doc, start: int, end: int) -> int:
    position = goal_position(doc.key[start:end])
    return end if position is None else start + position


def _complete_unmet(doc: Doc, latest: list[dict[str, Any]]) -> None:
    """When the report lists fewer unmet criteria than it counts, and elsewhere names exactly the
    remaining ones ("đạt 02 tiêu chí còn lại: tiêu chí 15 … và tiêu chí số 17"), take that list."""
    if not latest:
        return
    item = latest[0]
    if item["criteria_met"] is None or item["criteria_total"] is None:
        return
    missing = item["criteria_total"] - item["criteria_met"]
    if len(item["unmet_criteria"]) >= missing:
        return
    for sentence in doc.layout.sentences:
        key = doc.sentence_key(sentence)
        numbers = criteria_numbers(key)
        if "con lai" in key and len(numbers) == missing and set(item["unmet_criteria"]) <= set(numbers):
            item["unmet_criteria"] = sorted(numbers)
            doc.cite("assessments[0].unmet_criteria", sentence.start, sentence.end)
            return


def read_indicator_values(doc: Doc, assessments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Indicator values stated with their code: "Mục 15.1 … chưa đạt (79,9%)"."""
    del assessments
    values: list[dict[str, Any]] = []
    for sentence in doc.layout.sentences:
        key = doc.sentence_key(sentence)
        if doc.goal_in(sentence) is not None:
            continue
        for code in _INDICATOR_CODE_RE.finditer(key):
            value = _value_after(key, code.end())
            if value is None:
                continue
            path = f"indicator_values[{len(values)}]"
            values.append({"code": code.group(1), "value": value, "unit": "%",
                           "as_of": _as_of(doc, sentence, sentence.start + code.start())})
            doc.cite(path, *doc.clause(sentence, sentence.start + code.start(), sentence.start + code.end()))
    _labelled_values(doc, values)
    return values


def _labelled_values(doc: Doc, values: list[dict[str, Any]]) -> None:
    """Values named by their label only ("Tỷ lệ người dân tham gia BHYT đạt 86,5%" → 15.1), in sentences
    that state a result; the label → code table is the vocabulary's `value_labels`."""
    labels = pairs("value_labels")
    for sentence in doc.layout.sentences:
        if is_goal(doc, sentence):
            continue
        key = doc.sentence_key(sentence)
        for label, code in labels:
            found = re.search(rf"\b{re.escape(label)}\b[^.;%]{{0,30}}?\bdat\s+(\d{{1,3}}(?:[.,]\d+)?)\s*%", key)
            if found is None or any(v["code"] == code for v in values):
                continue
            doc.cite(f"indicator_values[{len(values)}]",
                     *doc.clause(sentence, sentence.start + found.start(), sentence.start + found.end()), LABELLED)
            values.append({"code": code, "value": float(found.group(1).replace(",", ".")), "unit": "%",
                           "as_of": _as_of(doc, sentence, sentence.start + found.start())})


def _value_after(key: str, start: int) -> float | None:
    stop = _INDICATOR_CODE_RE.search(key, start)
    match = _PERCENT_RE.search(key, start, stop.start() if stop else len(key))
    return float(match.group(1).replace(",", ".")) if match else None
