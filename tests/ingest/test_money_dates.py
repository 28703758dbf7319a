"""Money to integer đồng, dates and periods, as Vietnamese reports write them."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.ingest.dates import find_place_date, month_of, parse_date, period_of_title
from ntm.ingest.layout import search_key
from ntm.ingest.money import parse_money


@pytest.mark.parametrize(("text", "dong"), [
    ("14.808.000.000 đồng", 14_808_000_000),
    ("700 triệu", 700_000_000),
    ("1,2 tỷ", 1_200_000_000),
    ("680 triệu đồng", 680_000_000),
    ("66.791.009.000đ", 66_791_009_000),
    ("288.276.000đồng", 288_276_000),
    ("2.000.000.000 tỷ đồng", 2_000_000_000),
    ("Sáu sáu tỷ bảy trăm chín mươi mốt triệu không trăm linh chín nghìn đồng", 66_791_009_000),
    ("một tỷ hai trăm triệu đồng", 1_200_000_000),
    ("mười lăm triệu đồng", 15_000_000),
    ("hai mươi mốt tỷ đồng", 21_000_000_000),
    ("năm trăm nghìn đồng", 500_000),
    ("3,5 tỉ", 3_500_000_000),
])
def test_amounts_are_read_to_integer_dong(text: str, dong: int) -> None:
    assert parse_money(text) == dong


@pytest.mark.parametrize("text", ["1.200m", "Tỷ lệ 79,9%", "17.1 Tỷ lệ hộ", "năm 2024", "9/9 thôn"])
def test_numbers_that_are_not_money_are_not_read_as_money(text: str) -> None:
    assert parse_money(text) is None


def test_full_date_is_read() -> None:
    assert parse_date(search_key("Cao Ngọc, ngày 14 tháng 3 năm 2024")) == dt.date(2024, 3, 14)
    assert parse_date(search_key("ngày 05/9/2022")) == dt.date(2022, 9, 5)


def test_blank_date_gives_no_date_but_keeps_the_year() -> None:
    place = find_place_date(search_key("Ba Thành, ngày       tháng   năm 2024"))
    assert place is not None
    assert place.date is None and place.year == 2024 and place.month is None


def test_citation_of_another_decision_is_not_the_document_date() -> None:
    assert find_place_date(search_key("Căn cứ Nghị quyết số 03-NĐ/HU, ngày 19 tháng 11 năm 2020")) is None


@pytest.mark.parametrize(("title", "period"), [
    ("Tình hình thực hiện chương trình quý 1, nhiệm vụ và giải pháp quý 2 năm 2024", "2024-Q1"),
    ("Kết quả thực hiện năm 2023, kế hoạch thực hiện năm 2024", "2023"),
    ("Báo cáo kết quả quý IV năm 2023", "2023-Q4"),
    ("Báo cáo 6 tháng đầu năm 2024", "2024-H1"),
    ("Báo cáo tháng 3 năm 2024", "2024-03"),
    ("Tình hình chung", None),
])
def test_period_is_read_from_the_title(title: str, period: str | None) -> None:
    assert period_of_title(search_key(title)) == period


@pytest.mark.parametrize(("phrase", "month"), [
    ("Đến tháng 3/2024", "2024-03"), ("Đến quý I năm 2024", "2024-03"), ("trước 30/6/2024", "2024-06"),
    ("trong 06 tháng đầu năm 2024", "2024-06"), ("trước tháng 10/2024", "2024-10"), ("Năm 2023,", "2023"),
])
def test_deadlines_and_dates_of_facts_are_months(phrase: str, month: str) -> None:
    assert month_of(search_key(phrase)) == month
