"""Text keys for matching Vietnamese names. Pure Python.

SQLite's icontains ignores case only for ASCII ("CẨM THỦY" would not find "Cẩm Thủy"), and
old and new tone placement ("Thuỷ"/"Thủy", "Hoá"/"Hóa") differ in code points: we match on a
folded key with every mark removed.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """"Xã Cẩm Thuỷ" → "xa cam thuy": no diacritics, đ → d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def nfc(text: str) -> str:
    """NFC, the one normal form we store."""
    return unicodedata.normalize("NFC", text)
