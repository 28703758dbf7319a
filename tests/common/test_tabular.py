"""List exports: formula injection neutralised, numbers kept as numbers, Vietnamese text intact."""

import io
from datetime import date

from openpyxl import load_workbook

from ntm.common.tabular import neutralise, table_csv, table_xlsx


def test_text_that_a_spreadsheet_would_run_is_made_inert():
    for text in ("=1+1", "+84912", "-2", "@SUM(A1)", "\t=x", "\r=x"):
        assert neutralise(text) == "'" + text
    assert neutralise("Thôn Lỏ") == "Thôn Lỏ"
    assert neutralise(-5) == -5


def test_csv_starts_with_a_bom_and_keeps_vietnamese():
    data = table_csv(["Tên", "Số tiền"], [["=HYPERLINK(\"x\")", 14808000000], ["Xã Cẩm Ngọc", None]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffTên,Số tiền")
    assert "'=HYPERLINK" in text and "Xã Cẩm Ngọc," in text


def test_xlsx_numbers_stay_numbers_and_formulas_stay_text():
    book = load_workbook(io.BytesIO(table_xlsx(["Tên", "Số tiền", "Ngày"],
                                               [["=cmd", 14808000000, date(2024, 3, 14)]])))
    sheet = book.active
    assert sheet["A2"].value == "'=cmd" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 14808000000 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "dd/mm/yyyy"
