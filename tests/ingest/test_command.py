"""`ntm extract FILE [--json]`, called through main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ntm.ingest.command import main

from .conftest import SEEDS


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
