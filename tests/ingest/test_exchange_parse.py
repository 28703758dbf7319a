"""Reading exchange cells: pure, no database. Numbers as Excel stores them or as officials type them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ntm.ingest.exchange import parse
from ntm.ingest.exchange.sheets import FUNDING

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(("cell", "expected"), [
    (79.9, Decimal("79.9")), (1234, Decimal("1234")), ("1.234,5", Decimal("1234.5")), ("79,9", Decimal("79.9")),
    ("1234.5", Decimal("1234.5")), ("14.808.000.000", Decimal("14808000000")), (" 90% ", Decimal("90")),
])
def test_numbers_from_excel_cells_and_vietnamese_text(cell, expected):
    assert parse.number(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "1,2,3", True, "12 ha"])
def test_what_is_not_a_number_says_so_with_the_cell_text(cell):
    with pytest.raises(parse.CellProblem) as problem:
        parse.number(cell)
    assert problem.value.message_vi == f"«{cell}» không phải là số"


def test_money_is_whole_dong():
    assert parse.money("14.808.000.000") == parse.money(14_808_000_000.0) == 14_808_000_000


@pytest.mark.parametrize(("cell", "words"), [(-1, "số tiền «-1» là số âm"), ("1,5", "phải là số đồng nguyên")])
def test_money_is_not_negative_nor_a_fraction(cell, words):
    with pytest.raises(parse.CellProblem) as problem:
        parse.money(cell)
    assert words in problem.value.message_vi


def test_dates_as_cells_or_typed():
    assert parse.date(dt.datetime(2024, 3, 14, 0, 0)) == dt.date(2024, 3, 14)
    assert parse.date("14/3/2024") == parse.date("2024-03-14") == dt.date(2024, 3, 14)
    with pytest.raises(parse.CellProblem):
        parse.date("31/2/2024")


def test_labels_match_without_case_and_with_either_tone_placement():
    labels = {"Ngân sách Trung ương": "central", "Lồng ghép các chương trình, dự án": "integrated"}
    assert parse.choice("ngân sách trung ương", labels) == "central"
    assert parse.choice("integrated", labels) == "integrated"
    with pytest.raises(parse.CellProblem):
        parse.choice("Ngan sach trung uong", labels)  # without diacritics it is another word


def test_a_neutralised_text_loses_its_apostrophe_and_nothing_else():
    assert parse.text("'=SUM(A1)") == "=SUM(A1)"
    assert parse.text("'bình thường") == "'bình thường"


def test_error_sentence_names_sheet_row_and_column_in_both_languages():
    problem = parse.CellProblem("số tiền «-5» là số âm", "the amount '-5' is negative")
    error = parse.error_at(FUNDING, 7, "planned", problem)
    assert error.vi == "Trang «Nguồn vốn», dòng 7, cột C (Kế hoạch (đồng)): số tiền «-5» là số âm"
    assert error.en == "Sheet 'Nguồn vốn', row 7, column C (Planned (VND)): the amount '-5' is negative"


def test_the_reading_side_imports_nothing_from_django():
    code = "import sys, ntm.ingest.exchange.parse, ntm.ingest.exchange.sheets; print('django' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"
