"""Vietnamese number, money, percent and date formats, both ways."""

import datetime as dt
from decimal import Decimal as D

import pytest

from ntm.common.errors import BadInput
from ntm.common.formats import format_date, format_money, format_number, format_percent, parse_number


def test_money_is_written_with_dots_and_dong():
    assert format_money(14_808_000_000) == "14.808.000.000 đồng"


@pytest.mark.parametrize(("value", "text"), [(D("79.9"), "79,9%"), (90, "90%"), (D("86.50"), "86,5%")])
def test_percent(value, text):
    assert format_percent(value) == text


def test_numbers_drop_needless_decimals():
    assert format_number(D("79.90")) == "79,9" and format_number(D("1234.5")) == "1.234,5"


def test_date_as_documents_write_it():
    assert format_date(dt.date(2024, 3, 14)) == "14/3/2024"


@pytest.mark.parametrize(("text", "value"), [
    ("79,9", D("79.9")), ("1.234", D(1234)), ("1.234,5", D("1234.5")), ("79.9", D("79.9")),
    (" 90 % ", D(90)), ("14.808.000.000", D(14_808_000_000)), ("-3", D(-3)),
])
def test_parse_number_reads_what_officials_type(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "12a"])
def test_parse_number_refuses_text_naming_the_field(text):
    with pytest.raises(BadInput) as caught:
        parse_number(text, field="values.15.1")
    assert "values.15.1" in caught.value.message_vi and caught.value.field == "values.15.1"
