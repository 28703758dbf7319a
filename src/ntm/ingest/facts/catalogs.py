"""Which criteria set a count belongs to: the decision the text names, else the set in force on its date.

"đạt 19/19 tiêu chí" in a 2018 report is a count against QĐ 1980/2016, not today's set; a count whose
total does not fit the set found (a provincial 20-criteria set, say) is left without a set rather than
forced onto one.
"""

from __future__ import annotations

import re

from ..layout import Sentence
from ..vocabulary import pairs
from .context import Doc

# The number of criteria of each national set the extractor may name (QĐ 51/2025 has 10).
_SIZES = {"th-32-2022": 19, "th-33-2022": 19, "qd491-2009": 19, "qd1980-2016": 19, "qd318-2022": 19,
          "qd318-2022-nang-cao": 19, "qd51-2025": 10}


def catalog_of(doc: Doc, sentence: Sentence, as_of: str | None, kind: str, total: int | None) -> str | None:
    """The catalogue id (criteria/catalogs/*.yaml) of a count, or None when unknown."""
    named = _named(doc.sentence_key(sentence))
    found = named or _by_date(as_of or _document_date(doc))
    if named and kind == "unknown":
        kind = "xa_ntm"     # a national decision named beside the count says which set it is
    if found is None or kind not in ("xa_ntm", "xa_ntm_nang_cao"):
        return None
    if kind == "xa_ntm_nang_cao":
        found = {"qd318-2022": "qd318-2022-nang-cao", "th-33-2022": "th-33-2022"}.get(found)
    elif found == "th-33-2022":
        found = None
    if found is None or (total is not None and _SIZES.get(found) != total):
        return None
    return found


def _named(key: str) -> str | None:
    for pattern, catalog in pairs("criteria_set_decisions_re"):
        if re.search(pattern, key):
            return catalog
    return None


def _by_date(when: str | None) -> str | None:
    if not when:
        return None
    day = when if len(when) == 10 else (f"{when}-28" if len(when) == 7 else f"{when}-12-31")
    found = None
    for first_day, catalog in pairs("criteria_set_periods"):
        if first_day <= day:
            found = catalog
    return found


def _document_date(doc: Doc) -> str | None:
    return doc.period or (str(doc.year) if doc.year else None)
