"""`extract(text)`: the facts of a legacy NTM report as the issue-4 contract (see schema.py).

Pure Python, no Django. The text is repaired first (repair.py), cut into paragraphs and
sentences (layout.py), then each kind of fact is read by its own module in facts/. Every fact
carries the sentence it came from in `evidence`, for the review page to highlight.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .dates import find_place_date
from .facts.assessments import read_assessments, read_indicator_values
from .facts.context import Doc
from .facts.finance import read_funding, read_works
from .facts.header import document_period, read_document, read_signer, read_unit
from .facts.targets import read_targets
from .facts.units import only_unit_named, read_units
from .facts.villages import read_villages
from .layout import analyse
from .repair import repair

# "Sơn Ðà" typed with the Icelandic eth (U+00D0) that looks like Đ: read as Đ (one character for one)
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def extract(text: str) -> dict[str, Any]:
    """The facts a careful reader would write down; anything not stated is None or []."""
    repaired = repair(text.translate(_LOOKALIKES))
    doc = Doc(layout=analyse(repaired.text))
    doc.period = document_period(doc)
    doc.year = _year(doc)
    result: dict[str, Any] = {"unit": read_unit(doc), "document": read_document(doc)}
    doc.unit = result["unit"]
    doc.unit_guessed = doc.unit_guessed and not only_unit_named(doc, doc.unit)
    result["assessments"] = read_assessments(doc)
    result["indicator_values"] = read_indicator_values(doc, result["assessments"])
    result["funding"], used = read_funding(doc)
    result["works"] = read_works(doc, used)
    result["villages"] = read_villages(doc)
    result["targets"] = read_targets(doc)
    result["signer"] = read_signer(doc)
    result["units"] = read_units(doc, result["unit"])
    result["warnings"] = [asdict(w) for w in repaired.warnings] + _date_warnings(doc)
    result["evidence"] = doc.evidence
    return result


def repaired_text(text: str) -> str:
    """The text the evidence offsets refer to."""
    return repair(text.translate(_LOOKALIKES)).text


def _year(doc: Doc) -> int | None:
    if doc.period and doc.period[:4].isdigit():
        return int(doc.period[:4])
    place = find_place_date(doc.key[:3000])
    return place.year if place else None


def _date_warnings(doc: Doc) -> list[dict[str, Any]]:
    place = find_place_date(doc.key[:3000])
    if place is None or place.date is not None:
        return []
    month = f"tháng {place.month} " if place.month else ""
    return [{
        "code": "date_incomplete",
        "message": (f"Ngày ban hành để trống, chỉ ghi {month}năm {place.year} / "
                    f"date left blank, only {'month and ' if place.month else ''}year {place.year} given"),
        "text": doc.text[place.start:place.end], "start": place.start, "end": place.end,
    }]
