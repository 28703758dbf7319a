"""The province heat-map as files: CSV (UTF-8 with BOM so Excel reads Vietnamese) and XLSX.

Every row the filters keep, in the page's order: an export is never one page of the table.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.http import HttpResponse

from ntm.criteria.report import STATUS_VI

if TYPE_CHECKING:
    from .heatmap import HeatMap

_FIXED = ["Mã xã", "Tên xã", "Loại", "Huyện", "Số tiêu chí đạt", "Số chỉ tiêu đạt", "Có số liệu trong kỳ"]


def heat_map_table(heat: HeatMap) -> list[list[object]]:
    """Header and one row per commune: code, name, type, district, totals, then each criterion's status."""
    header: list[object] = [*_FIXED, *(f"TC{c.number}. {c.name}" for c in heat.cset.criteria)]
    rows: list[list[object]] = [header]
    total_criteria, total_indicators = len(heat.cset.criteria), len(heat.cset.indicators)
    for line in heat.rows:
        row: list[object] = [line.unit.key, line.unit.name, line.unit.division_type, line.district,
                             f"{line.criteria_met}/{total_criteria}", f"{line.indicators_met}/{total_indicators}",
                             "Có" if line.has_data else "Chưa"]
        rows.append(row + [STATUS_VI[s.value] for s in line.statuses])
    return rows


def heat_map_csv(heat: HeatMap, filename: str) -> HttpResponse:
    """The table as CSV, with a BOM so that Excel opens it as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(heat_map_table(heat))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def heat_map_xlsx(heat: HeatMap, filename: str) -> HttpResponse:
    """The table as one XLSX sheet, statuses coloured, header and names frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Tiêu chí"
    fills = {"Đạt": "C6EFCE", "Chưa đạt": "FFC7CE", "Chưa rõ": "EDEDED"}
    for row in heat_map_table(heat):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=len(_FIXED) + 1):
        for cell in row:
            cell.fill = PatternFill("solid", fgColor=fills.get(str(cell.value), "FFFFFF"))
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
