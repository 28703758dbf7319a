"""Scanned PDFs: a page without a text layer is read by OCR, its facts marked and their confidence lowered.

The test makes its own scan: Vietnamese lines drawn with DejaVu Sans on an A4 image at 300 dpi, saved
by Pillow as a PDF that holds nothing but the image.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from ntm.common.errors import BadInput
from ntm.ingest import readers
from ntm.ingest.bounded import read_report
from ntm.ingest.facts.context import SURE
from ntm.ingest.ocr import mark_ocr, ocr_pages
from ntm.ingest.readers import read_file

FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")]   # .ci/run: fonts-liberation2
FONT = next((font for font in FONTS if font.exists()), FONTS[0])
LINES = [
    "ỦY BAN NHÂN DÂN XÃ CAO NGỌC",
    "BÁO CÁO",
    "Kết quả xây dựng nông thôn mới quý 1 năm 2024",
    "Đến tháng 3/2024 xã Cao Ngọc đã đạt 16/19 tiêu chí nông thôn mới.",
    "Toàn xã có 7 thôn, trong đó 3 thôn đạt chuẩn nông thôn mới.",
]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is installed by .ci/run (tesseract-ocr, tesseract-ocr-vie)")


def scanned_pdf(folder: Path, lines: list[str] = LINES, *, full_page: bool = False) -> Path:
    """An image-only PDF of one page at 300 dpi, A4 wide and as tall as its lines (or a whole A4 page)."""
    font = ImageFont.truetype(str(FONT), 40)
    page = Image.new("L", (2480, 3508 if full_page else 200 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((200, 100 + row * 80), line, font=font, fill=0)
    path = folder / "bao-cao-scan.pdf"
    page.save(path, resolution=300)
    return path


def test_the_made_scan_has_no_text_layer(tmp_path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(scanned_pdf(tmp_path)) as pdf:
        assert (pdf.pages[0].extract_text() or "").strip() == ""
        assert pdf.pages[0].images


@needs_tesseract
def test_a_scanned_page_is_read_by_ocr_and_its_facts_come_out_marked(tmp_path: Path) -> None:
    report = read_report(scanned_pdf(tmp_path))
    assert report.text.startswith("[OCR, trang 1:") and "16/19 tiêu chí" in report.text
    assessment = report.facts["assessments"][0]
    assert (assessment["criteria_met"], assessment["criteria_total"]) == (16, 19)
    assert report.facts["villages"]["total"] == 7
    assert ocr_pages(report.facts) == [1]
    cited = [e for e in report.facts["evidence"] if e["path"] == "assessments[0].criteria_met"]
    assert cited and all(e["confidence"] < SURE for e in cited)


def test_facts_outside_the_ocr_text_keep_their_confidence() -> None:
    text = "Xã đạt 16/19 tiêu chí.\n" + readers.ocr_begin(2) + "\nToàn xã có 7 thôn.\n" + readers.ocr_end(2)
    facts = {"evidence": [{"path": "a", "start": 0, "end": 22, "confidence": 0.9},
                          {"path": "b", "start": text.index("Toàn"), "end": len(text) - 20, "confidence": 0.9}],
             "warnings": []}
    marked = mark_ocr(facts, text)
    assert [e["confidence"] for e in marked["evidence"]] == [0.9, 0.77]
    assert ocr_pages(marked) == [2]


def test_without_tesseract_a_scan_is_refused_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    with pytest.raises(BadInput) as refused:
        read_file(scanned_pdf(tmp_path))
    assert "ảnh quét" in refused.value.message_vi and "tesseract-ocr-vie" in refused.value.message_vi


@needs_tesseract
@pytest.mark.django_db
def test_an_uploaded_scan_is_kept_with_its_ocr_pages(tmp_path: Path, commune_official) -> None:  # type: ignore[no-untyped-def]
    from ntm.ingest.services import upload_report

    upload = SimpleUploadedFile("bao-cao-scan.pdf", scanned_pdf(tmp_path).read_bytes(), content_type="application/pdf")
    record = upload_report(actor=commune_official, upload=upload)
    assert "[OCR, trang 1:" in record.text
    assert ocr_pages(record.facts) == [1]
    assert record.facts["assessments"][0]["criteria_met"] == 16
