"""`ntm extract FILE [--json]`, called through main()."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ntm.ingest.command import main
from ntm.ingest.facts.context import SURE
from ntm.ingest.ocr import ocr_pages

from .conftest import SEEDS
from .test_ocr import scanned_pdf


def test_summary_is_readable_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(next(SEEDS.glob("000_*.txt")))]) == 0
    out = capsys.readouterr().out
    assert "Báo cáo — Cao Ngọc" in out and "đạt 16/19 tiêu chí" in out
    assert "5.250.000.000 đồng" in out


def test_json_output_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(next(SEEDS.glob("001_*.txt"))), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["funding"][0]["total_vnd"] == 14_808_000_000


def test_bad_file_gives_one_line_on_stderr_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 broken")
    assert main([str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("x.pdf: không đọc được") and "not a readable PDF" in err


def test_missing_argument_is_a_usage_error() -> None:
    assert main([]) == 2


@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="Tesseract is installed by .ci/run (tesseract-ocr, tesseract-ocr-vie)")
def test_a_scanned_pdf_is_read_by_ocr_and_marked_as_on_the_review_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(scanned_pdf(tmp_path)), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert (facts["assessments"][0]["criteria_met"], facts["assessments"][0]["criteria_total"]) == (16, 19)
    assert ocr_pages(facts) == [1]
    cited = [e for e in facts["evidence"] if e["path"] == "assessments[0].criteria_met"]
    assert cited and all(e["confidence"] < SURE for e in cited)


@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="Tesseract is installed by .ci/run (tesseract-ocr, tesseract-ocr-vie)")
def test_the_summary_of_a_scan_says_which_page_was_read_by_ocr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(scanned_pdf(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "đạt 16/19 tiêu chí" in out and "Trang 1 là ảnh quét, chữ đọc bằng OCR" in out


def test_a_file_over_max_mb_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "lon.txt"
    big.write_text("Xã đạt 16/19 tiêu chí.\n" * 60_000, encoding="utf-8")
    assert main([str(big), "--max-mb", "1"]) == 2
    assert "lớn hơn 1 MB" in capsys.readouterr().err
