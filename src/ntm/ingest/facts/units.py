"""Units a document speaks of: "xã Lạc Hòa đạt 19/19 tiêu chí NTM", "huyện Buôn Đôn đạt 90/133 tiêu
chí", "công nhận các xã Đại Lãnh (Đại Lộc), Tiên Thọ (Tiên Phước) … đạt chuẩn nông thôn mới".

A count belongs to the unit named last before it in its clause; a qualifier after a name ("xã A,
huyện B", "xã A (huyện B)") is not a new unit. `attribute(doc, at)` tells the assessment reader whose
count stands at an offset, so that nothing is put on the document's own unit unless the text says so.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ntm.common.text import name_key

from ..vocabulary import alternation
from .context import CLAUSE_REACH, SURE, Doc, criteria_numbers, goal_position
from .mentions import LIST_INTRO_RE, Mention, acts_or_frames, in_range, is_qualifier, mentions, same_unit
from .villages import village_counts

LISTED = 0.8        # a name known only from a list ("… gồm: Mỹ Đức, Mỹ Thắng …")
ACROSS_SENTENCES = 0.7   # a group's count put on the communes the next sentences name: below PREFILL_THRESHOLD
# "đạt 19/19 tiêu chí", "hoàn thành 19/19 tiêu chí", "đạt 90/133 tiêu chí", "đạt 17 tiêu chí" (no total)
# "đạt đủ 19 tiêu chí", "hoàn thành tất cả 19 tiêu chí": all of them, 19/19
_COUNT_RE = re.compile(
    r"\b(?:dat(?:\s+duoc)?|hoan thanh|co|giu vung)\s+(?:chuan\s+)?(du\s+|(?:tat\s+)?ca\s+)?"
    r"(\d{1,3})(?:\s*/\s*(\d{1,3}))?"
    r"\s+(?:tieu (?:chi|tri)|tc)\b"
    r"(?:[^.;]{0,40}?\b(\d{1,3})\s*/\s*(\d{1,3})\s+chi tieu)?"
)
# "TP. Tây Ninh 17,7/19 TC; thị xã Hòa Thành 19/19 TC": a figure written right after a name, without a verb
_BARE_FIGURE_RE = re.compile(r"\s*:?\s*(\d{1,3}(?:,\d{1,2})?)\s*/\s*(\d{1,3}(?:,\d{1,2})?)\s*(?:tieu chi|tc)\b")
_AVERAGE_RE = re.compile(r"\b(?:binh quan|trung binh)\b")
# "đạt chuẩn", "công nhận", "huyện Kbang có 7 xã nông thôn mới gồm: …": the units named are reported on
_RECOGNISED_RE = re.compile(r"\b(?:dat chuan|cong nhan|\d{1,3} xa (?:nong thon moi|ntm))\b")
_UNMET_LIST_RE = re.compile(r"\bchua dat\b")
# "4 xã đạt …", "có một xã đạt 19/19 tiêu chí (xã Song Mai …)", "hai xã …": a number of communes; only the
# number words that cannot be read otherwise ("năm xã" may be "năm" the year, "từ xã" "from")
_COUNT_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "bay": 7, "chin": 9, "muoi": 10}
_GROUP_SUBJECT_RE = re.compile(r"\b(\d{1,3}|" + "|".join(_COUNT_WORDS) + r")\s+xa\s+(?:co ban\s+|da\s+)?$")
_NEXT_GROUP_RE = re.compile(r"\s*(?:\w+\s+){0,3}?\d{1,3}\s+xa\b")
_NEXT_SENTENCES = 3
_REQUEST_RE = re.compile(r"\b(?:yeu cau|trach nhiem|duy tri|phan dau|dang ky|chua hoan thanh|chu tri)\b")
_BARE_UNIT_RE = re.compile(r"\b(?:xa|thon|(?<!co )ban|xom|ap|lang|buon)\b")


def attribute(doc: Doc, at: int) -> Mention | None:
    """The unit a count at offset `at` is about: the last unit named before it in its clause."""
    sentence = doc.sentence_at(at)
    floor = max(sentence.start, at - CLAUSE_REACH)
    candidates = [m for m in in_range(doc, floor, at) if not is_qualifier(doc, m) and m.level != "province"]
    if not candidates or _BARE_UNIT_RE.search(doc.key, candidates[-1].end, at):
        return None     # "… xã đã đạt", "thôn … đạt": the subject changed to an unnamed unit
    return candidates[-1]


def _add_listed(doc: Doc, units: dict[str, dict[str, Any]]) -> None:
    """"… có 6/8 xã đạt 75% (Long Khánh, Long Phước …)", "Còn lại 4 xã là Hồng Tiến, Tứ Dân …": the communes a
    result lists are reported on, counts or not; a goal or a request before the list ("phấn đấu có thêm 3 xã
    gồm: …") lists nobody."""
    for match in LIST_INTRO_RE.finditer(doc.key):
        sentence = doc.sentence_at(match.start())
        before = doc.key[sentence.start:match.end()]
        if goal_position(before) is not None or _REQUEST_RE.search(before):
            continue
        listed = in_range(doc, match.start(), sentence.end)
        groups = {match.start()} | {m.group for m in listed[:1] if m.start == match.end()}   # "gồm xã A, xã B"
        for mention in listed:
            if mention.group in groups and mention.level == "commune":
                _entry(doc, units, mention, sentence.start, sentence.end)


def _add_bare_figures(doc: Doc, units: dict[str, dict[str, Any]]) -> None:
    """"…, trong đó: TP. Tây Ninh 17,7/19 TC; thị xã Hòa Thành 19/19 TC; …": each name with its figure is
    reported on; the figure is its count only when whole and not said of an average ("bình quân" in the
    sentence): else abstain."""
    for mention in mentions(doc):
        figure = _BARE_FIGURE_RE.match(doc.key, mention.end)
        if figure is None or mention.level == "province" or is_qualifier(doc, mention):
            continue
        sentence = doc.sentence_at(mention.start)
        if doc.goal_in(sentence) is not None:
            continue
        entry = _entry(doc, units, mention, mention.start, figure.end())
        met, total = figure.group(1, 2)
        if entry["criteria_met"] is None and met.isdigit() and total.isdigit() \
                and not _AVERAGE_RE.search(doc.sentence_key(sentence)):
            entry.update({"criteria_met": int(met), "criteria_total": int(total)})


def read_units(doc: Doc, own: dict[str, Any]) -> list[dict[str, Any]]:
    """One fact set per unit the text reports on; empty when it reports on its own unit only."""
    units: dict[str, dict[str, Any]] = {}
    of_group = False                # a count said of a number of communes: the text speaks of several units
    for match in _COUNT_RE.finditer(doc.key):
        sentence = doc.sentence_at(match.start())
        if doc.goal_in(sentence) is not None:
            continue
        owners = _owners(doc, match.start(), sentence.end)
        of_group = of_group or (bool(owners) and counts_communes(doc, match.start()))
        for mention in owners:
            entry = _entry(doc, units, mention, match.start(), match.end())
            if entry["criteria_met"] is None:
                entry.update(_counts(match))
                entry["unmet_criteria"] = _unmet_after(doc, match.end(), sentence.end)
                if mention.start >= sentence.end:      # named in a later sentence: shown, not pre-filled
                    entry["_confidence"] = min(entry["_confidence"], ACROSS_SENTENCES)
    for match in _RECOGNISED_RE.finditer(doc.key):
        sentence = doc.sentence_at(match.start())
        key = doc.sentence_key(sentence)
        if (doc.goal_in(sentence) is not None and "cong nhan" not in key) or _REQUEST_RE.search(key):
            continue
        for mention in in_range(doc, sentence.start, sentence.end):
            if not is_qualifier(doc, mention) and mention.level != "province" and not acts_or_frames(doc, mention):
                _entry(doc, units, mention, sentence.start, sentence.end)
    _add_listed(doc, units)
    _add_bare_figures(doc, units)
    found = list(units.values())
    if len(found) <= 1 and all(same_unit(_as_mention(u), own) for u in found) and not doc.unit_guessed \
            and not of_group:
        return []
    for index, unit in enumerate(found):
        doc.cite(f"units[{index}]", unit.pop("_start"), unit.pop("_end"), unit.pop("_confidence"))
    return found


def counts_villages(doc: Doc, at: int) -> bool:
    """Is the count at `at` said of a number of villages ("30 khu dân cư đạt 13/13 tiêu chí")? Nobody's."""
    return bool(_village_group_re().search(doc.key, max(0, at - 40), at))


@cache
def _village_group_re() -> re.Pattern[str]:
    return re.compile(r"\b\d{1,3}(?:/\d{1,3})?\s+" + alternation("village_words") + r"\s+(?:da\s+|co ban\s+)?$")


def counts_communes(doc: Doc, at: int) -> bool:
    """Is the count at `at` said of a number of communes ("4 xã đạt 19/19 tiêu chí")?"""
    return bool(_GROUP_SUBJECT_RE.search(doc.key, max(0, at - 40), at))


def _owners(doc: Doc, at: int, sentence_end: int) -> list[Mention]:
    """Whose count stands at `at`: the unit named before it and the names listed with it; for a count
    whose subject is a number of communes ("04 xã cơ bản hoàn thành 19/19 tiêu chí … gồm: xã …"),
    the communes the sentence lists after it."""
    if counts_communes(doc, at):
        end = _group_end(doc, at, sentence_end)
        listed = [m for m in in_range(doc, at, end) if not is_qualifier(doc, m) and m.level == "commune"]
        if listed and not _as_many_as_said(doc, at, listed):
            return []                   # "3 xã đạt 19/19 tiêu chí gồm: A, B, C và D": whose? abstain
        return listed or _named_next(doc, at, sentence_end)
    owner = attribute(doc, at)
    if owner is None:
        return []
    start = max(owner.group, doc.key.rfind(";", owner.group, at) + 1)    # "… là A và B; xã C đạt 15/19": C only
    return [m for m in in_range(doc, start, at) if m.group == owner.group]


def _as_many_as_said(doc: Doc, at: int, listed: list[Mention]) -> bool:
    """Are the communes listed after a group count as many as it says ("4 xã … gồm: A, B, C, D")? A ratio
    ("6/8 xã đạt …") or a count not written as a number says nothing to check against."""
    subject = _GROUP_SUBJECT_RE.search(doc.key, max(0, at - 40), at)
    if subject is None or not subject.group(1).isdigit() or doc.key[subject.start() - 1:subject.start()] == "/":
        return True
    return int(subject.group(1)) == len({name_key(m.name) for m in listed})


def _starts_a_group(doc: Doc, at: int, sentence_end: int) -> bool:
    """After a ";": "3 xã đạt 13 tiêu chí là …" or "xã Thanh Tương hiện đạt 11 tiêu chí" start a new
    group; "xã Hà Mòn, Đăk Mar - huyện Đăk Hà" goes on with the same list."""
    stop = doc.key.find(";", at, sentence_end)
    return bool(_NEXT_GROUP_RE.match(doc.key, at) or _COUNT_RE.search(doc.key, at, stop if stop >= 0 else sentence_end))


def _named_next(doc: Doc, at: int, sentence_end: int) -> list[Mention]:
    """"Hải Dương có thêm 5 xã đạt đủ 19 tiêu chí. Trong đó, có 3 xã … là Tuấn Việt, Tân Quang và Hưng
    Long. 2 xã khác … là Hồng Phúc, Ninh Hải.": the communes named in the next sentences, only when they
    are exactly as many as the count says (else nobody's: abstain)."""
    subject = _GROUP_SUBJECT_RE.search(doc.key, max(0, at - 40), at)
    wanted = (int(subject.group(1)) if subject.group(1).isdigit() else _COUNT_WORDS[subject.group(1)]) if subject else 0
    named: list[Mention] = []
    start = sentence_end
    for _ in range(_NEXT_SENTENCES):
        start = _skip_blank(doc.key, start)
        if start >= len(doc.key) or len(named) >= wanted:
            break
        sentence = doc.sentence_at(start)
        if _COUNT_RE.search(doc.key, sentence.start, sentence.end):
            break                        # a new count: the names after it are its own
        named += [m for m in in_range(doc, sentence.start, sentence.end)
                  if not is_qualifier(doc, m) and m.level == "commune"]
        start = max(sentence.end, start + 1)
    distinct = {name_key(m.name) for m in named}
    return named if len(named) == wanted == len(distinct) else []


def _skip_blank(key: str, at: int) -> int:
    while at < len(key) and not key[at].isalnum():
        at += 1
    return at


def only_unit_named(doc: Doc, unit: dict[str, Any] | None) -> bool:
    """Does the text name no unit but `unit` (places of it and provinces aside)? A news item about one
    commune ("đến nay xã Tân Long, huyện Mang Thít, đã đạt được 16/19 tiêu chí") is about its own unit."""
    named = {(m.level, name_key(m.name)) for m in mentions(doc)
             if not is_qualifier(doc, m) and m.level != "province" and not acts_or_frames(doc, m)}
    return bool(unit and unit.get("name")) and named == {(str(unit.get("level") or "commune"),
                                                          name_key(str(unit["name"])))}


def _group_end(doc: Doc, at: int, sentence_end: int) -> int:
    """Where the communes of a group count end: "…; 3 xã đạt 13 tiêu chí là …" starts the next group."""
    following = _COUNT_RE.search(doc.key, at + 1, sentence_end)
    ends = [sentence_end] + ([following.start()] if following else [])
    stop = doc.key.find(";", at, sentence_end)
    while stop >= 0 and not _starts_a_group(doc, stop + 1, sentence_end):
        stop = doc.key.find(";", stop + 1, sentence_end)    # "…; xã Hà Mòn, Đăk Mar - huyện Đăk Hà; …": same list
    return min(ends + ([stop] if stop >= 0 else []))


def _entry(doc: Doc, units: dict[str, dict[str, Any]], mention: Mention, start: int, end: int) -> dict[str, Any]:
    key = f"{mention.level}:{name_key(mention.name)}"
    if key not in units:
        span = doc.clause(doc.sentence_at(start), start, end)
        units[key] = {"name": mention.name, "level": mention.level, "criteria_met": None, "criteria_total": None,
                      "indicators_met": None, "indicators_total": None, "unmet_criteria": [],
                      "villages_total": None, "evidence": doc.text[span[0]:span[1]].strip(),
                      "_start": span[0], "_end": span[1], "_confidence": _confidence(mention)}
        units[key]["villages_total"] = _villages_total(doc, mention)
    return units[key]


def _villages_total(doc: Doc, mention: Mention) -> int | None:
    """"xã A có 9/9 thôn đạt chuẩn …", "xã A có tổng số 15 xóm": read up to the next unit named."""
    sentence = doc.sentence_at(mention.start)
    following = [m.start for m in in_range(doc, mention.end, sentence.end)]
    end = min([sentence.end, mention.end + CLAUSE_REACH, *following])
    return village_counts("xa " + doc.key[mention.end:end]).get("total")


def _confidence(mention: Mention) -> float:
    """Named with its own level word ("xã Lạc Hòa"): sure; only listed after another name: less so."""
    return SURE if mention.group == mention.start else LISTED


def _unmet_after(doc: Doc, start: int, sentence_end: int) -> list[int]:
    """"… đạt 17/19 tiêu chí, còn tiêu chí 6 và 15 chưa đạt" → [6, 15]: up to the next unit named."""
    following = [m.start for m in in_range(doc, start, sentence_end)]
    end = min([sentence_end, start + CLAUSE_REACH, *following])
    key = doc.key[start:end]
    return criteria_numbers(key) if _UNMET_LIST_RE.search(key) else []


def _counts(match: re.Match[str]) -> dict[str, int | None]:
    met, total, ind_met, ind_total = (int(g) if g else None for g in match.group(2, 3, 4, 5))
    if match.group(1) and total is None:
        total = met                      # "đạt đủ 19 tiêu chí"
    return {"criteria_met": met, "criteria_total": total, "indicators_met": ind_met, "indicators_total": ind_total}


def _as_mention(unit: dict[str, Any]) -> Mention:
    return Mention(unit["name"], unit["level"], 0, 0)


