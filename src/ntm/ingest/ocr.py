"""Facts read from OCR'd text: their confidence lowered, each OCR'd page named in a warning. Pure Python.

`readers.read_pdf` puts the text Tesseract read from a scanned page between two marker lines
(`readers.ocr_begin` / `ocr_end`); repair keeps them. A figure read from an image can be a misread
digit ("8" for "6"), so every fact whose sentence lies in such a span is worth less than the same
sentence typed, and the official is told which pages were read by a machine.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

OCR_CONFIDENCE = 0.85   # a fact read from OCR'd text keeps this share of its confidence
_SPAN_RE = re.compile(r"\[OCR, trang (\d+):[^\]\n]*\]\.(.*?)\[OCR, hết trang \1\]\.", re.DOTALL)


class OcrSpan(NamedTuple):
    """The text of one OCR'd page in the repaired text: [start, end) between its markers."""

    page: int
    start: int
    end: int


def ocr_spans(text: str) -> list[OcrSpan]:
    """Every OCR'd page in the repaired text, in order."""
    return [OcrSpan(int(m.group(1)), m.start(), m.end()) for m in _SPAN_RE.finditer(text)]


def ocr_pages(facts: dict[str, Any]) -> list[int]:
    """The pages of the file read by OCR, as the facts' warnings record them."""
    return [int(w["text"].split()[2].rstrip(":")) for w in facts.get("warnings") or [] if w.get("code") == "ocr_page"]


def mark_ocr(facts: dict[str, Any], text: str) -> dict[str, Any]:
    """Lower the confidence of facts read in OCR'd text and add one `ocr_page` warning per such page."""
    spans = ocr_spans(text)
    if not spans:
        return facts
    for evidence in facts.get("evidence") or []:
        if any(span.start <= evidence["start"] < span.end for span in spans):
            evidence["confidence"] = round(evidence["confidence"] * OCR_CONFIDENCE, 2)
    facts["warnings"] = [*facts.get("warnings", []), *(_warning(text, span) for span in spans)]
    return facts


def _warning(text: str, span: OcrSpan) -> dict[str, Any]:
    marker_end = text.index("].", span.start) + 2
    return {
        "code": "ocr_page",
        "message": (f"Trang {span.page} là ảnh quét, chữ đọc bằng OCR: soát lại các số trước khi lưu / "
                    f"page {span.page} is a scanned image read by OCR: check the figures before saving"),
        "text": text[span.start:marker_end], "start": span.start, "end": span.end,
    }
