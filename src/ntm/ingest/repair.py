"""Text repair for legacy reports: the first step before any fact is read. Pure Python.

What goes wrong in the documents communes hold, and what we do about it:
- PDFs made from Word with some fonts put 'ƣ'/'Ƣ' (U+01A3/U+01A2) where 'ư'/'Ư' was meant;
- old DOCX files are typed in TCVN3 (.VnTime) or VNI fonts: the bytes are Latin-1 look-alikes
  that only the font turns into Vietnamese; we convert each run by its font name (viparse);
- PDF text comes out one printed line at a time: lines that end mid-sentence are joined;
- some lines lost letters in the PDF ("C c th n") : they are kept as they are and flagged,
  never guessed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

import viparse

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
_VOWELS = set("aăâeêioôơuưy")
# Applied with str.replace, one pair after the other: on a megabyte of Vietnamese text that is ten times
# faster than str.translate with a table (which goes character by character once any text is not ASCII).
_GLYPH_FIXES = (("\u01a3", "ư"), ("\u01a2", "Ư"), ("\u00a0", " "), ("\t", " "), ("\u200b", ""))
_MARKER_RE = re.compile(
    r"^(?:[-+*•·–]|\d{1,2}(?:\.\d{1,2})*\.(?!\d)|\d{1,2}\.\d{1,2}\s|[IVXLC]+\.|[a-zđ]\)"
    r"|[Pp]hần\b|PHẦN\b|Nơi nhận)"
)
_END_PUNCT = tuple(".!?;:")
_MIN_WRAPPED = 45   # shorter lines (header, motto, place and date) are never wrapped body text
_ALLOWED_BARE = {"m", "km", "kg", "đ", "tr", "x", "ng", "cm", "mm", "ml"}


@dataclass(frozen=True)
class Warning:
    """A piece of text that could not be repaired: kept as it is and shown to the reviewer."""

    code: str
    message: str
    text: str
    start: int
    end: int


@dataclass
class Repaired:
    """The repaired text and what could not be repaired in it."""

    text: str
    warnings: list[Warning] = field(default_factory=list)


def repair(raw: str) -> Repaired:
    """NFC, glyph fixes, broken lines joined, damaged lines flagged."""
    text = join_lines(normalize(raw))
    return Repaired(text=text, warnings=find_damaged(text))


def normalize(text: str) -> str:
    """NFC; 'ƣ' → 'ư'; markdown bold markers and runs of spaces removed; \\r\\n → \\n."""
    text = unicodedata.normalize("NFC", text)
    for wrong, right in _GLYPH_FIXES:
        text = text.replace(wrong, right)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("**", "")
    return re.sub(r"[ \f\v]{2,}", " ", text)


def legacy_encoding(font: str | None) -> str | None:
    """".VnTime" → "tcvn3", "VNI-Times" → "vni", anything else → None."""
    if not font:
        return None
    name = re.sub(r"^[A-Z]{6}\+", "", font.strip()).upper()
    if name.startswith(".VN"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def convert_run(text: str, font: str | None) -> str:
    """Convert one DOCX run typed in a legacy font to Unicode; other runs are returned as they are.

    TCVN3 has separate fonts for capitals (".VnTimeH"): their lower-case code points print as
    capitals, so the converted text is upper-cased.
    """
    encoding = legacy_encoding(font)
    if encoding is None or not text:
        return text
    converted = convert_legacy(text, encoding)
    if encoding == "tcvn3" and font and font.strip().upper().endswith("H"):
        return converted.upper()
    return converted


def convert_legacy(text: str, encoding: str) -> str:
    """Text typed in TCVN3 or VNI (its bytes read as Latin-1 look-alikes: "B¸o c¸o") to Unicode.

    The one conversion table for DOCX runs (by their font, `convert_run`) and plain text files
    (by their content, `legacy_text_encoding`).
    """
    return str(viparse.fix(text, encoding=encoding))


_LEGACY_SAMPLE = 20_000     # characters read to recognise the encoding: enough for any report's first page


def legacy_text_encoding(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` reads as Vietnamese only once converted from that encoding, else None.

    For text without font information (a .txt file): the Latin-1 look-alikes the legacy fonts leave
    ("Céng hoµ x· héi", "Coäng hoøa xaõ hoäi") are recognised by viparse's content detection, on a
    sample of the text so a long file costs no more than its first pages.
    """
    sample = text[:_LEGACY_SAMPLE]
    if not any("\u00a0" < ch <= "\u00ff" for ch in sample):
        return None    # no Latin-1 look-alike at all: Unicode Vietnamese, or plain ASCII
    found = viparse.detect_text_encoding(sample)
    return found if found in ("tcvn3", "vni") else None


def join_lines(text: str) -> str:
    """Join printed lines that continue the same sentence; keep paragraphs and list items apart.

    Linear in the text: a paragraph is gathered as a list of its printed lines and built once, so a
    4 MB text of wrapped lines costs what it weighs (joining string to string copied it again per line).
    """
    kept = [line for line in (raw.strip() for raw in text.split("\n")) if line]
    if not kept:
        return ""
    width = _typical_width(kept)
    paragraphs, pieces = [], [kept[0]]
    for previous, line in zip(kept, kept[1:], strict=False):
        if _continues(previous, line, width):
            _join_pair(pieces, line)
        else:
            paragraphs.append(_built(pieces))
            pieces = [line]
    paragraphs.append(_built(pieces))
    return "\n".join(paragraphs)


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return int(statistics.quantiles(lengths, n=4)[2]) if len(lengths) >= 4 else lengths[-1]


def _continues(previous: str, line: str, width: int) -> bool:
    """Does `line` continue the sentence that `previous` breaks off?"""
    if previous.endswith("\u00ad") or (previous.endswith("-") and previous[-2:-1].isalnum()):
        return True
    if _MARKER_RE.match(line) or _is_caps(previous):
        return False
    if previous.endswith(":") and line[0].isdigit():
        return True   # "… là:" then the amount on the next printed line
    if previous.endswith(_END_PUNCT):
        return False
    first = line[0]
    if first.islower():
        return True
    wrapped = len(previous) >= max(_MIN_WRAPPED, 0.8 * width)
    return wrapped and (first.isupper() or first.isdigit() or first in "(“\"")


def _join_pair(pieces: list[str], line: str) -> None:
    """Add `line` to the paragraph so far: after a soft hyphen or a word-final hyphen without a space."""
    last = pieces[-1]
    tail = last[-2:] if len(last) >= 2 else "".join(pieces[-2:])[-2:]
    if tail.endswith("\u00ad"):
        pieces[-1] = last[:-1]
        pieces.append(line)
    elif tail.endswith("-") and tail != " -":
        pieces.append(line)
    else:
        pieces.append(" " + line)


def _built(pieces: list[str]) -> str:
    """One paragraph from its pieces: the only place a joined line is built."""
    return "".join(pieces)


def _is_caps(line: str) -> bool:
    if not line.isupper():
        return False   # a lower-case letter: most lines leave here without a look at each letter
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


_PUNCT = ",;:()“”\"'*.!?…-–"


def _vowel_letters() -> str:
    """Every Latin letter, with any diacritics and in either case, whose base is a Vietnamese vowel."""
    letters = (chr(code) for code in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
    return "".join(ch for ch in letters
                   if any(part.lower() in _VOWELS for part in unicodedata.normalize("NFD", ch)))


# A whitespace-delimited word of at most 6 characters without any vowel: the only words that can be
# damaged (see _is_damaged_word, which decides).
_CANDIDATE_RE = re.compile(rf"(?<!\S)[^\s{re.escape(_vowel_letters())}]{{1,6}}(?!\S)")


def find_damaged(text: str) -> list[Warning]:
    """Flag words that cannot be Vietnamese syllables ("C c", "th n"): letters lost in the PDF.

    Only short words without a vowel are looked at (a regular expression finds them), and the
    neighbours and line around each are read within a bounded window: linear in the text.
    """
    warnings: list[Warning] = []
    for match in _CANDIDATE_RE.finditer(text):
        previous, following = _neighbour_ends(text, match.start(), match.end())
        if not _is_damaged_word(match.group(), previous, following):
            continue
        if warnings and match.start() - warnings[-1].end < 40:
            continue
        start, end = _line_bounds(text, match.start())
        warnings.append(Warning(
            code="damaged_text",
            message=("Dòng có chữ bị mất, giữ nguyên, cần kiểm tra bằng mắt / "
                     "line with missing letters, kept as is, check by eye"),
            text=text[start:end], start=start, end=end,
        ))
    return warnings


def _neighbour_ends(text: str, start: int, end: int) -> tuple[str, str]:
    """The last character of the word before [start, end) and the first of the word after ("" if none)."""
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    return (text[before] if before >= 0 else ""), text[after:after + 1]


def _is_damaged_word(word: str, previous: str, following: str) -> bool:
    """A 1–3 letter word with no vowel, that is no unit, acronym or list letter."""
    if len(word) > 6:
        return False
    token = word.strip(_PUNCT)
    if not token or len(token) > 3 or not token.isalpha() or word.endswith(")"):
        return False
    if any(ch.lower() in _VOWELS for ch in unicodedata.normalize("NFD", token)):
        return False
    if token.lower() in _ALLOWED_BARE or (len(token) > 1 and not token.islower()):
        return False
    if previous[-1:].isdigit():
        return False   # a unit after a number: "9784 m"
    return token.islower() or following[:1].islower()


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    """At most 60 characters either side of `index`, within its line (searched in that window only)."""
    low = max(0, index - 60)
    start = text.rfind("\n", low, index) + 1 or low
    end = text.find("\n", index, index + 60)
    return start, min(len(text), index + 60) if end == -1 else end
