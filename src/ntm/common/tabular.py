"""Every list as a file: CSV (UTF-8 with BOM, so Excel reads Vietnamese) or XLSX, one mechanism.

Text cells that a spreadsheet would read as a formula (starting with = + - @, or a tab / carriage
return before one) are neutralised with a leading apostrophe: an exported name such as
"=HYPERLINK(…)" stays text (CWE-1236, formula injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | date | None


def neutralise(value: Cell) -> Cell:
    """The value, with a text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str = "Danh sách") -> bytes:
    """One sheet: bold frozen header, Vietnamese number format on numbers, dates as dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, int | float | Decimal) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.0"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_response(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, filename: str,
                   fmt: str, sheet_title: str = "Danh sách") -> HttpResponse:
    """The list as a download: `fmt` is "csv" or "xlsx"."""
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(header, rows, sheet_title=sheet_title), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(table_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
