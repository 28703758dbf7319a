"""Vietnamese amounts in words, as documents write them after the figure. Pure Python.

    66.791.009.000 → "sáu mươi sáu tỷ bảy trăm chín mươi mốt triệu không trăm linh chín nghìn"

Rules (the reading of Unicode CLDR's Vietnamese spell-out rules, common/rbnf/vi.xml, and of
the worked examples at https://truyenhinhcapsongthu.net/top/so-55-doc-la-gi-moiday-com/3v8RsKToIzJ20dJ:
"1005: một nghìn không trăm linh năm", "5.025.110: năm triệu, không trăm hai mươi lăm nghìn…";
the seed report of Ngọc Phụng writes 66.791.009.000 the same way):

- tens: "mười" for 1, "<digit> mươi" from 2 ("hai mươi");
- units after a tens digit: 1 is "mốt" from 21 on (11 stays "mười một"), 5 is "lăm" after any
  tens digit (15, 25); 5 alone or after "linh" is "năm" (5, 105);
- 4 after a tens digit: both "bốn" and "tư" are correct; we write "bốn" everywhere (24 = "hai mươi
  bốn"), the form administrative documents and the seeds use, so one amount has one spelling;
- a zero tens digit before a non-zero unit is "linh" (105 = "một trăm linh năm"; CLDR and southern
  usage write "lẻ": we keep "linh", the form of the seeds);
- a group of three digits after the leading one reads its zero hundreds: "không trăm"
  (1.000.005 = "một triệu không trăm linh năm"); an all-zero group is skipped;
- past 999 tỷ the word "tỷ" repeats: 10^12 = "một nghìn tỷ", 10^18 = "một tỷ tỷ".

num2words is not used: its Vietnamese drops "không trăm" inside a number and reads the zero
tens wrongly, which is exactly what an official checks first.
"""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu")
_BILLION = 10**9


def _units(digit: int, tens: int) -> str:
    """The last digit of a group, read after its tens digit."""
    if digit == 1 and tens >= 2:
        return "mốt"
    if digit == 5 and tens >= 1:
        return "lăm"
    return _DIGITS[digit]


def _group(value: int, *, leading: bool) -> str:
    """Three digits (1..999); a non-leading group reads its zero hundreds ("không trăm")."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        words.append(_units(units, tens))
    return " ".join(words)


def _below_billion(value: int, *, leading: bool) -> str:
    """0..999.999.999 as groups of nghìn and triệu; all-zero groups are skipped."""
    groups = [value // 10**6, value // 10**3 % 1000, value % 1000]
    words: list[str] = []
    for group, scale in zip(groups, reversed(_SCALES), strict=True):
        if group == 0:
            continue
        words.append(_group(group, leading=leading and not words))
        if scale:
            words.append(scale)
    return " ".join(words)


def number_to_words(value: int) -> str:
    """A whole number ≥ 0 in Vietnamese words: 105 → "một trăm linh năm"; 0 → "không"."""
    if value < 0:
        return f"âm {number_to_words(-value)}"
    if value == 0:
        return "không"
    return _words(value, leading=True)


def _words(value: int, *, leading: bool) -> str:
    high, low = divmod(value, _BILLION)
    if not high:
        return _below_billion(low, leading=leading)
    words = f"{_words(high, leading=leading)} tỷ"
    return f"{words} {_below_billion(low, leading=False)}" if low else words


def amount_in_words(value: int) -> str:
    """An amount of money: 5.250.000.000 → "năm tỷ hai trăm năm mươi triệu đồng"."""
    return f"{number_to_words(int(value))} đồng"


def amount_in_words_sentence(value: int) -> str:
    """As a document writes it in brackets, first letter capital: "(Năm tỷ hai trăm năm mươi triệu đồng)"."""
    words = amount_in_words(value)
    return f"({words[0].upper()}{words[1:]})"
