"""Text keys for matching Vietnamese names. Pure Python.

SQLite's icontains ignores case only for ASCII ("CẨM THỦY" would not find "Cẩm Thủy"), and
old and new tone placement ("Thuỷ"/"Thủy", "Hoá"/"Hóa") differ in code points: we match on a
folded key with every mark removed.
"""

from __future__ import annotations

import unicodedata

_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def fold(text: str) -> str:
    """"Xã Cẩm Thuỷ" → "xa cam thuy": no diacritics, đ → d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def nfc(text: str) -> str:
    """NFC, the one normal form we store."""
    return unicodedata.normalize("NFC", text)


def name_key(text: str) -> str:
    """A key for telling names apart: case ignored, old and new tone placement equal.

    "Thanh Hoá" and "Thanh Hóa", "Thuỷ" and "Thủy" give the same key; "Sóng" and "Song", "Cẩm" and
    "Cam" do not (only the tone mark moves to the end of the syllable, the vowel marks stay).
    """
    words = unicodedata.normalize("NFC", text).lower().split()
    return " ".join(_name_key_syllable(word) for word in words)


def _name_key_syllable(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return bare + tone
