"""Amounts of money in Vietnamese reports, to integer đồng. Pure Python.

"14.808.000.000 đồng", "700 triệu", "1,2 tỷ", "680 triệu đồng", "66.791.009.000đ", amounts in
words ("Sáu sáu tỷ bảy trăm chín mươi mốt triệu không trăm linh chín nghìn đồng"), and the
common typo "2.000.000.000 tỷ đồng": a figure already written out in full to the đồng is not
multiplied again by the word after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .layout import search_key
from .vocabulary import mapping, words

_FULL_FIGURE = 1_000_000   # a figure at least this large is already in đồng
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
_AMOUNT_RE = re.compile(
    _NUMBER + r"(?:\s*(ty|ti|trieu|nghin|ngan)\b(?!\s+le\b))?\s*(dong|vnd|d)?(?![a-z])"
)


@dataclass(frozen=True)
class Amount:
    """An amount found in a text: its value in đồng and where it stands."""

    value: int
    start: int
    end: int


def find_amounts(key: str) -> list[Amount]:
    """Every amount of money in a folded text (see `layout.search_key`), in reading order."""
    found = [a for a in (_figure(m) for m in _AMOUNT_RE.finditer(key)) if a is not None]
    found += find_word_amounts(key)
    return sorted(found, key=lambda amount: amount.start)


def parse_money(text: str) -> int | None:
    """The first amount of money in a text, in đồng, or None."""
    amounts = find_amounts(search_key(text))
    return amounts[0].value if amounts else None


def _figure(match: re.Match[str]) -> Amount | None:
    number, scale, unit = match.group(1), match.group(2), match.group(3)
    if scale is None and unit is None:
        return None
    value = _decimal(number)
    if value is None:
        return None
    if scale is not None and value < _FULL_FIGURE:
        value *= int(mapping("money_units")[scale])
    return Amount(int(value), match.start(), match.end())


def _decimal(number: str) -> Decimal | None:
    """"14.808.000.000" → 14808000000; "1,2" → 1.2; "1.5" → 1.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", number):
        number = number.replace(".", "").replace(",", ".")
    else:
        number = number.replace(",", ".")
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def _word_pattern() -> re.Pattern[str]:
    vocab = [*mapping("number_words"), *mapping("number_scales"), *words("number_zero_fillers")]
    alternation = "|".join(sorted(vocab, key=len, reverse=True))
    return re.compile(rf"\b((?:(?:{alternation})\s+)+)dong\b")


def find_word_amounts(key: str) -> list[Amount]:
    """Amounts written in words and ending in "đồng", in a folded text."""
    found = []
    for match in _word_pattern().finditer(key):
        value = words_to_int(match.group(1).split())
        if value:
            found.append(Amount(value, match.start(), match.end()))
    return found


def words_to_int(tokens: list[str]) -> int | None:
    """["sau", "sau", "ty", "bay", "tram", …] → 66791009000; None if no scale word is present."""
    scales = mapping("number_scales")
    total, seen_scale = 0, False
    group: list[str] = []
    for token in tokens:
        if token in scales and scales[token] >= 1000:
            total += _group_value(group) * int(scales[token])
            group, seen_scale = [], True
        else:
            group.append(token)
    return total + _group_value(group) if seen_scale else None


def _group_value(tokens: list[str]) -> int:
    """A number below a thousand in words: "bay tram chin muoi mot" → 791, "sau sau" → 66."""
    digits = mapping("number_words")
    value, pending = 0, None
    for token in tokens:
        if token == "tram":
            value += (pending if pending is not None else 1) * 100
            pending = None
        elif token == "muoi":
            value += (pending * 10) if pending is not None else 10
            pending = None
        elif token in digits:
            if pending is not None:           # "sáu sáu" = sixty-six, spoken digit by digit
                value += pending * 10
            pending = int(digits[token])
    return value + (pending or 0)
