"""Units named in a text: "xã Lạc Hòa", "huyện Buôn Đôn", "TX. Bình Minh", and the names listed after one
("xã An Chấn, An Dân, An Nghiệp - huyện Tuy An; …", "5 xã … gồm: Mỹ Đức, Mỹ Thắng (huyện Phù Mỹ) …"), with
the places that only qualify a name ("xã A, huyện B", "xã A (huyện B)"). Found once per text, in reading
order; units.py decides which of them the text reports on.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from ntm.common.text import name_key

from ..layout import search_key
from ..vocabulary import alternation, mapping, words
from .context import Doc

_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")


_NAME_WORDS = 4


# "Tân Lập 1": a number ending a name, followed by the end of the name ("," "(" " - " " và" " huyện" " đạt" …),
# never by a count ("Ea Kly 19 tiêu chí", "A 19/19")
_NAME_NUMBER_RE = re.compile(
    r" \d{1,2}(?=\s*(?:,(?!\d)|[;)(]|[-–]\s|\.(?!\d)|$)"
    r"|\s+(?:và|huyện|thị xã|thành phố|tp\.?|tỉnh|đạt|đã|được|có|là|thuộc|ở)\b)", re.IGNORECASE)


_JOINT_RE = re.compile(r"(?:\s*,\s*|\s+va\s+|\s*;\s*)(?=\w)")


_LIST_PREFIX_RE = re.compile(r"(?:xa|phuong|thi tran)\s+")


_PAREN_RE = re.compile(r" ?\([^()\n]{1,40}\)")


# "5 xã đạt chuẩn … gồm: Mỹ Đức, …", "11 xã đạt chuẩn NTM năm 2015 gồm: Đồng Tuyển, …", "Các xã … gồm: …",
# "3 xã cơ bản đạt chuẩn nông thôn mới: Mường Luân …", "6/8 xã đạt 75% (Long Khánh, Long Phước …)"
LIST_INTRO_RE = re.compile(
    r"(?:\b(?:\d{1,3}(?:/\d{1,3})?|cac|nhung)\s+xa\b"
    r"(?:\s*:|[^.:;\n]{0,160}?\b(?:gom|la)\b(?!\s*:?\s*\d)\s*:?"   # "… là 7 tiêu chí, gồm xã …": past the number
    r"|(?:(?!huyen|tinh)[^.:;\n()]){0,80}?(?P<colon>:)"
    r"|(?:(?!huyen|tinh)[^.:;\n()]){0,80}?(?P<bracket>\((?:cac xa\s*:?)?))"
    r"|\bcac dia phuong(?P<places>)(?=\s))[\s;]*")  # "Đó là các địa phương Phong An, Phong Hải (huyện …); …"


_BRACKET_LIST_RE = re.compile(r"[^()\n]*?(?:,|;|\bva\b)[^()\n]*\)")


_QUALIFIER_GAP = re.compile(r"(?:[,(–-]|\b(?:o|thuoc|tai|cua))\s*$")


_ADJACENT_GAP = re.compile(r"\s*[,(–-]\s*")     # "xã A, huyện B": right after another unit's name


# "UBND huyện Kbang", "UBND các huyện A, B", "Ban Chỉ đạo … huyện X": bodies, which act; not units reported on
_BODY_BEFORE_RE = re.compile(r"\b(?:ubnd|uy ban nhan dan|hdnd|ban chi dao)(?:\s+cac)?\s*:?\s*$")
# "huyện Kbang có 7 xã nông thôn mới gồm: …", "huyện Phú Hòa và Tây Hòa là 2 địa phương có 100% số xã được
# công nhận": a district framing a count of its communes
_FRAMES_COUNT_RE = re.compile(
    r"[^.;:]{0,45}?\bco\s+(?:them\s+|tong so\s+)?\d{1,3}(?:[.,]\d+)?\s*(?:/\s*\d{1,3}\s*)?(?:%\s*)?(?:so\s+)?xa\b")


@dataclass(frozen=True)
class Mention:
    """A unit named in the text: "xã Lạc Hòa" → name "Lạc Hòa", level commune."""

    name: str
    level: str
    start: int
    end: int
    group: int = 0      # names listed together share a group: "các xã Tân Hòa và Krông Na đạt 13 tiêu chí"


def mentions(doc: Doc) -> list[Mention]:
    """Every "xã X", "huyện Y", "TX. Z" … in reading order, qualifiers included."""
    if doc.mentions is None:
        found: list[Mention] = []
        for match in _prefix_re().finditer(doc.key):
            written = doc.text[match.start(1):match.end(1)]
            if (found and match.start() < found[-1].end) or not _written_as_prefix(written):
                continue
            name, end = _unit_name_at(doc, _skip_spaces(doc.text, match.end()))
            if name:
                first = Mention(name, _level_of(match.group(1), name), match.start(), end, match.start())
                found += _listed(doc, first)
        starts = [m.start for m in found]          # in reading order: the prefix search goes forward
        for match in LIST_INTRO_RE.finditer(doc.key):
            if match.group("bracket") and not _BRACKET_LIST_RE.match(doc.key, match.end()):
                continue                    # "4 xã (trong tổng số 117 xã)", "3 xã (Đại Lộc)": no list
            name, end = _unit_name_at(doc, _skip_spaces(doc.text, match.end()))
            before = bisect.bisect_right(starts, match.end()) - 1
            if name and not (before >= 0 and found[before].end > match.end()):
                listed = _listed(doc, Mention(name, "commune", match.end(), end, match.start()))
                bare = match.group("colon") or match.group("bracket") or match.group("places") is not None
                if len(listed) > 1 or not bare:
                    found += listed         # after a bare colon or bracket, only a list of names is a list
        found.sort(key=lambda m: m.start)
        doc.mentions = found
        doc.mention_starts = [m.start for m in found]
    return doc.mentions


def _listed(doc: Doc, first: Mention) -> list[Mention]:
    """A name and the names listed after it: "xã An Chấn, An Dân, An Nghiệp - huyện Tuy An",
    "Mỹ Đức, Mỹ Thắng (huyện Phù Mỹ), Ân Nghĩa …", "Tân Hòa và Krông Na"."""
    found = [first]
    at = first.end
    while True:
        at = _skip_qualifier(doc.text, at, doc.key if first.level == "commune" else "")
        joint = _JOINT_RE.match(doc.key, at)
        if joint is None:
            return found
        start = joint.end()
        other = _prefix_re().match(doc.key, start)         # "…, Thị xã Bình Minh": a place, not a name
        if (other and _written_as_prefix(doc.text[other.start(1):other.end(1)])
                and _level_of(other.group(1)) != first.level):
            return found
        prefix = _LIST_PREFIX_RE.match(doc.key, start)      # "…; xã Hà Mòn", but "…, Phương Thạnh" is a name
        if prefix and _written_as_prefix(doc.text[prefix.start():prefix.end()].strip()):
            if first.level != "commune":
                return found
            start = prefix.end()
        name, end = _unit_name_at(doc, start)
        if not name:
            return found
        end = _lower_case_tail(doc.text, end)
        found.append(Mention(doc.text[start:end], first.level, start, end, first.group))
        at = end


_LOWER_TAIL_RE = re.compile(r" ([^\W\d_]{1,7})(?=\s*(?:[,;]| và |\.\s|\.$))")


def _lower_case_tail(text: str, end: int) -> int:
    """"…, Thiên Hương, Kiền bái, Hoàng Động": in a list, one word typed in lower case before the next
    comma still belongs to the name."""
    tail = _LOWER_TAIL_RE.match(text, end)
    return tail.end() if tail and tail.group(1)[0].islower() else end


# " - huyện Trấn Yên;", " – Tp. Đà Lạt và", " - Tủa Chùa;": the place of the names before, then the list goes on
_DASH_PLACE_RE = re.compile(r" ?[-–] ?(?:(?:huyen|thi xa|thanh pho|tp\.|tx\.) ?)?"
                            r"((?:[^\W\d_][\w’'-]* ){0,3}[^\W\d_][\w’'-]*)(?=\s*(?:[,;]|\bva\b))")


def _skip_qualifier(text: str, at: int, key: str = "") -> int:
    """Past " (huyện Phù Mỹ)" or " (Đại Lộc)" after a name, and past " - huyện Trấn Yên" when the list goes on."""
    match = _PAREN_RE.match(text, at)
    if match:
        return match.end()
    dash = _DASH_PLACE_RE.match(key, at) if key else None
    if dash and text[dash.start(1)].isupper():
        return dash.end()
    return at


def in_range(doc: Doc, start: int, end: int) -> list[Mention]:
    found = mentions(doc)
    starts = doc.mention_starts
    return found[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def is_qualifier(doc: Doc, mention: Mention) -> bool:
    """"huyện B" in "xã A, huyện B" or "xã A (huyện B)": a place qualifier, not a unit of its own."""
    if mention.level == "commune":
        return False
    if mention.group != mention.start:      # listed after another name: as that name is
        head = next((m for m in in_range(doc, mention.group, mention.start) if m.start == mention.group), None)
        return head is not None and is_qualifier(doc, head)
    before = doc.text[max(0, mention.start - 40):mention.start]
    inside_brackets = before.rfind("(") > before.rfind(")")
    gap = _QUALIFIER_GAP.search(doc.key[max(0, mention.start - 12):mention.start])
    if inside_brackets or (gap and gap.group().strip()[:1].isalpha()):
        return True                     # "(huyện B)", "xã A ở huyện B", "xã A thuộc huyện B"
    index = bisect.bisect_left(doc.mention_starts, mention.start) - 1
    between = doc.key[mentions(doc)[index].end:mention.start] if index >= 0 else ""
    return bool(gap) and index >= 0 and _ADJACENT_GAP.fullmatch(between) is not None


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _name_at(text: str, at: int) -> tuple[str, int]:
    """"Lạc Hòa đạt …" → ("Lạc Hòa", end): up to four capitalised words, one space apart."""
    words: list[str] = []
    end = at
    while len(words) < _NAME_WORDS:
        word = _WORD_RE.match(text, end)
        if word is None or not word.group()[0].isupper() or word.group().isupper() and len(word.group()) > 1:
            break
        words.append(word.group().rstrip("’'-"))
        end = word.end()
        if not text.startswith(" ", end):
            break
        end += 1
    name = " ".join(words)
    number = _NAME_NUMBER_RE.match(text, at + len(name)) if name else None
    if number:                          # "xã Tân Lập 1, huyện Tân Phước": the number is part of the name
        name += number.group()
    return name, at + len(name)


def _level_of(prefix: str, name: str = "") -> str:
    level = str(mapping("unit_prefixes").get(prefix.strip(), "commune"))
    if level == "district" and search_key(name) in words("province_cities"):
        return "province"               # "thành phố Hà Nội"
    return level


def _written_as_prefix(written: str) -> bool:
    """"xã", "Huyện", "XÃ", "TP." are prefixes; "Phương" (a name) folds like "phường" but is not one."""
    return written.isupper() or unicodedata.normalize("NFC", written.lower()) in words("unit_prefixes_written")


def _unit_name_at(doc: Doc, at: int) -> tuple[str, int]:
    """A unit's name at `at`, never the name of a paper or a body ("Quyết định số 366", "Ủy ban …")."""
    if _not_unit_name_re().match(doc.key, at):
        return "", at
    return _name_at(doc.text, at)


_PREFIX_CACHE: list[re.Pattern[str]] = []


@cache
def _not_unit_name_re() -> re.Pattern[str]:
    return re.compile(alternation("not_unit_names"))


def _prefix_re() -> re.Pattern[str]:
    if not _PREFIX_CACHE:
        words = sorted(mapping("unit_prefixes"), key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in words)
        _PREFIX_CACHE.append(re.compile(rf"(?<![\w.])({alternatives})(?: +|(?<=\.))(?=[a-z])"))
    return _PREFIX_CACHE[0]


def acts_or_frames(doc: Doc, mention: Mention) -> bool:
    """"UBND huyện Kbang chủ trì …" (a body that acts) or "huyện Kbang có 7 xã … gồm" (a frame of a count of
    communes): the sentence does not report on that unit."""
    if _BODY_BEFORE_RE.search(doc.key, max(0, mention.group - 20), mention.group):
        return True                     # the head of "UBND các huyện Bến Lức, Tân Thạnh …" and the names after it
    return mention.level != "commune" and bool(_FRAMES_COUNT_RE.match(doc.key, mention.end))


def same_unit(mention: Mention, unit: dict[str, Any]) -> bool:
    """Does a mention name the document's own unit (same name, tone placement and case ignored)?"""
    return bool(unit.get("name")) and name_key(mention.name) == name_key(str(unit["name"]))


def other_unit_before(doc: Doc, at: int, own: dict[str, Any]) -> bool:
    """Does the sentence name, before `at`, a unit reported on that is not `own` (places of a name,
    provinces, bodies that act and districts framing a count aside)?"""
    sentence = doc.sentence_at(at)
    return any(not is_qualifier(doc, m) and m.level != "province" and not acts_or_frames(doc, m)
               and not same_unit(m, own) for m in in_range(doc, sentence.start, at))


# "huyện đạt 7/9 tiêu chí", "toàn tỉnh có 95/120 thôn": a subject of another level, written without a name
_LEVEL_SUBJECT_RE = re.compile(r"\b(?:toan\s+)?(huyen|tinh|thi xa|thanh pho)\b[^,;.:]{0,40}$")
_LEVEL_OF_WORD = {"huyen": "district", "thi xa": "district", "thanh pho": "district", "tinh": "province"}


def owns_count(doc: Doc, at: int) -> bool:
    """May a count at `at` that names no unit in its clause be put on the document's own unit? Not when
    its sentence names another unit before it ("xã A …; đạt 15/19"), not when its subject is a unit of
    another level ("Huyện đạt 7/9 tiêu chí" in a commune's text), and not in a text that reports on several
    units when the own unit was only guessed from the body ("… xã A, xã B và xã C. Đạt 18/19 tiêu chí"):
    the count may be any of theirs, so abstain."""
    own = doc.unit or {}
    if other_unit_before(doc, at, own):
        return False
    if other_level_subject(doc, at):
        return False
    return not doc.unit_guessed or _last_named_is_own(doc, at, own)


def other_level_subject(doc: Doc, at: int) -> bool:
    """Is the count at `at` said of a unit of another level than the document's own, by its level word
    alone ("trong khi huyện đã đạt 8/9 tiêu chí" in a commune's text)? A level word followed by a name
    ("UBND tỉnh Thanh Hóa") or by a nearer subject ("… tỉnh Thanh Hóa đối với xã NTM xã đã đạt") is not."""
    own = doc.unit or {}
    sentence = doc.sentence_at(at)
    subject = _LEVEL_SUBJECT_RE.search(doc.key, max(sentence.start, at - 60), at)
    if subject is None or not own.get("level") or _LEVEL_OF_WORD[subject.group(1)] == own["level"]:
        return False
    after = doc.text[subject.end(1):at].lstrip()
    return not after[:1].isupper() and not re.search(r"\b(?:xa|thon|phuong)\b", doc.key[subject.end(1):at])


def _last_named_is_own(doc: Doc, at: int, own: dict[str, Any]) -> bool:
    """In a text about several units, "xã đã đạt 17/19 tiêu chí" is about the unit named last before it:
    the own unit only when that is it ("xã Tân Lập 1 …. Hiện nay, xã đã đạt 19/19" of Tân Lập 1)."""
    named = [m for m in in_range(doc, 0, at)
             if not is_qualifier(doc, m) and m.level != "province" and not acts_or_frames(doc, m)]
    if not named or not own.get("name"):
        return False
    last, wanted = name_key(named[-1].name), name_key(str(own["name"]))
    if last.startswith(wanted + " ") and last[len(wanted) + 1:].isdigit():
        return True                     # "Tân Lập 1" guessed as "Tân Lập"
    return last.replace(" ", "") == wanted.replace(" ", "")    # "Ea Bar" / "Eabar"

