"""Build an exchange template: the data sheet pre-filled with what is saved, an instructions sheet
«Hướng dẫn», label lists for the drop-downs, and a hidden sheet naming the kind, unit and period.

Every written cell goes through common.tabular.neutralise: a saved name such as "=HYPERLINK(…)"
stays text in Excel (formula injection). Header row bold, coloured and frozen.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.common.tabular import XLSX_TYPE, Cell, neutralise
from ntm.criteria.model import ValueType
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period

from . import selectors
from .sheets import GUIDE_SHEET, KIND_LABELS, LISTS_SHEET, META_SHEET, SPECS, Kind, SheetSpec

_BOOLEAN_LABELS = ("Đạt", "Chưa đạt")
_GUIDE_COMMON = (
    "Mỗi dòng của trang dữ liệu là một mục. Dòng 1 là tiêu đề: không sửa, không xóa, không đổi thứ tự cột.",
    "Số có thể gõ kiểu Việt Nam (1.234,5) hoặc để Excel lưu dạng số. Ngày gõ dạng 14/3/2024.",
    "Cột có nền xám chỉ để tham khảo: sửa ở đó không thay đổi gì.",
    "Các cột ẩn «Mã dòng», «Phiên bản» giúp phát hiện người khác đã sửa sau khi anh/chị tải mẫu: không sửa.",
    "Xóa một dòng khỏi tệp không xóa số liệu đã lưu.",
    "Khi tải lên, mọi dòng được kiểm tra. Mặc định: chỉ cần một dòng lỗi là không lưu dòng nào; "
    "danh sách lỗi nêu trang, dòng, cột. Có thể chọn «lưu các dòng hợp lệ, bỏ qua dòng lỗi».",
)
_GUIDE_KIND = {
    Kind.OBSERVATIONS: ("Điền «Giá trị»; chỉ tiêu tỷ lệ có thể điền «Tử số» và «Mẫu số» thay cho giá trị.",
                        "Chỉ tiêu đạt/không đạt: chọn «Đạt» hoặc «Chưa đạt».",
                        "Để trống «Giá trị» thì số liệu đã lưu giữ nguyên."),
    Kind.FUNDING: ("Mỗi nguồn vốn của một năm (hoặc của một công trình) là một dòng; số tiền tính bằng đồng.",
                   "«Tên công trình» để trống khi là vốn chung của năm."),
    Kind.WORKS: ("Thêm công trình mới ở các dòng cuối; «Thôn» để trống khi công trình chung của xã.",),
    Kind.CONTRIBUTIONS: ("Mỗi loại đóng góp của một thôn là một dòng, kèm đơn vị tính (đồng, ngày công, m², tấn…).",),
}


@dataclass(frozen=True)
class Filled:
    """A template's rows, notes for «Hướng dẫn», the rows (numbered from 2) whose value is Đạt/Chưa đạt, and
    drop-down lists of a text column (the commune's villages) by column key."""

    rows: list[list[Cell]]
    notes: list[str]
    yes_no: list[int]
    lists: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BuiltFile:
    filename: str
    mimetype: str
    content: bytes


def build_template(*, actor: Any, unit: Unit, kind: Kind, period: Period) -> BuiltFile:
    """The template of `kind` for `unit` (a commune with its villages, or one village), pre-filled for `period`."""
    selectors.require_kind(unit, kind)
    filled = _ROWS[kind](actor, unit, period)
    meta = {"kind": kind.value, "unit": unit.key, "unit_name": unit.name, "period": period.key,
            "made": dt.date.today().isoformat()}
    title = f"{KIND_LABELS[kind]} – {unit.name} – {period.label_vi if kind is Kind.OBSERVATIONS else period.year}"
    guide = (title, *_GUIDE_COMMON, *_GUIDE_KIND[kind], *filled.notes)
    content = workbook(SPECS[kind], filled, meta=meta, guide=guide, vocabulary=selectors.vocabulary())
    suffix = period.key if kind is Kind.OBSERVATIONS else str(period.year)
    return BuiltFile(f"mau-{kind.value}-{unit.code}-{suffix}.xlsx", XLSX_TYPE, content)


def _number(value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


def _observation_value(obs: Observation | None) -> Cell:
    if obs is None:
        return None
    if obs.value_bool is not None:
        return _BOOLEAN_LABELS[0] if obs.value_bool else _BOOLEAN_LABELS[1]
    return _number(obs.value)


def _observation_rows(actor: Any, unit: Unit, period: Period) -> Filled:
    filled = Filled([], [], [])
    for each in selectors.exchange_units(actor, unit):
        cset = selectors.set_or_none(each, period)
        if cset is None:
            filled.notes.append(f"{each.name}: không có bộ tiêu chí áp dụng cho {period.label_vi}, "
                                "nên không có dòng nào.")
            continue
        saved = selectors.saved_observations(each, cset, period)
        for criterion in cset.criteria:
            for ind in criterion.indicators:
                obs = saved.get(ind.code)
                if ind.value_type is ValueType.BOOLEAN:
                    filled.yes_no.append(len(filled.rows) + 2)
                filled.rows.append([each.key, each.name, f"{criterion.number}. {criterion.name}", ind.code, ind.name,
                             ind.unit, _observation_value(obs), _number(obs.numerator) if obs else None,
                             _number(obs.denominator) if obs else None, obs.evidence_note if obs else None,
                             obs.version if obs else None])
    return filled


def _funding_rows(actor: Any, unit: Unit, period: Period) -> Filled:
    labels = {code: label for label, code in selectors.vocabulary()["funding_source"].items()}
    return Filled([[f.year, labels[f.source_kind], f.planned, f.allocated, f.disbursed, f.work.name if f.work else None,
             f.pk, f.revision] for f in selectors.saved_funding(unit, period.year)], [], [])


def _work_rows(actor: Any, unit: Unit, period: Period) -> Filled:
    labels = {code: label for label, code in selectors.vocabulary()["work_status"].items()}
    return Filled([[w.name, w.village.name if w.village else None, w.criterion, w.year, labels[w.status],
                    _number(w.progress_pct), w.start, w.end, w.pk, w.revision]
                   for w in selectors.saved_works(unit, period.year)], [], [],
                  {"village": _village_names(actor, unit)})


def _contribution_rows(actor: Any, unit: Unit, period: Period) -> Filled:
    labels = {code: label for label, code in selectors.vocabulary()["contribution_kind"].items()}
    rows = selectors.saved_contributions(actor, unit, period.year)
    return Filled([[c.village.name, c.year, c.campaign or None, labels[c.kind], c.item, _number(c.quantity),
                    c.measure_unit, c.value_vnd, c.pk, c.revision] for c in rows], [], [],
                  {"village": _village_names(actor, unit)})


def _village_names(actor: Any, unit: Unit) -> list[str]:
    return [u.name for u in selectors.exchange_units(actor, unit) if u.level == Level.VILLAGE]


_ROWS = {Kind.OBSERVATIONS: _observation_rows, Kind.FUNDING: _funding_rows, Kind.WORKS: _work_rows,
         Kind.CONTRIBUTIONS: _contribution_rows}


# --- the workbook (pure) ------------------------------------------------------------------------

def workbook(spec: SheetSpec, filled: Filled, *, meta: dict[str, str], guide: Sequence[str],
             vocabulary: dict[str, dict[str, str]]) -> bytes:
    """The XLSX bytes: data sheet, «Hướng dẫn», hidden «Danh mục» (drop-down lists) and hidden metadata."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = spec.title
    _fill_data(sheet, spec, filled.rows)
    _add_guide(book.create_sheet(GUIDE_SHEET), guide)
    lists = book.create_sheet(LISTS_SHEET)
    _add_drop_downs(sheet, lists, spec, filled, vocabulary)
    _yes_no_drop_downs(sheet, spec, filled.yes_no)
    lists.sheet_state = "hidden"
    info = book.create_sheet(META_SHEET)
    for key, value in meta.items():
        info.append([key, neutralise(value)])
    info.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_data(sheet: Any, spec: SheetSpec, rows: Sequence[Sequence[Cell]]) -> None:
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    grey = PatternFill("solid", fgColor="EEEEEE")
    sheet.append([neutralise(c.header) for c in spec.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].hidden = column.hidden
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            _format(cell, column.type)
            if column.info:
                cell.fill = grey
    sheet.freeze_panes = "A2"


def _format(cell: Any, column_type: str) -> None:
    if column_type == "date":
        cell.number_format = "dd/mm/yyyy"
    elif column_type == "money":
        cell.number_format = "#,##0"


def _add_guide(sheet: Any, lines: Sequence[str]) -> None:
    from openpyxl.styles import Font

    sheet.column_dimensions["A"].width = 120
    for line in lines:
        sheet.append([neutralise(line)])
    sheet["A1"].font = Font(bold=True)


def _add_drop_downs(sheet: Any, lists: Any, spec: SheetSpec, filled: Filled,
                    vocabulary: dict[str, dict[str, str]]) -> None:
    """A list validation on each label column and village column (the lists kept on «Danh mục»: a label may
    hold a comma, which an inline list cannot)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    last, lists_used = max(len(filled.rows) + 200, 500), 0
    for index, column in enumerate(spec.columns, start=1):
        labels = list(vocabulary[column.choices]) if column.type == "choice" else filled.lists.get(column.key)
        if not labels:
            continue
        lists_used += 1
        list_col = get_column_letter(lists_used)
        for offset, label in enumerate(labels, start=1):
            lists[f"{list_col}{offset}"] = neutralise(label)
        rule = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${list_col}$1:${list_col}${len(labels)}",
                              allow_blank=not column.required, showErrorMessage=True,
                              errorTitle="Giá trị không có trong danh sách", error="Hãy chọn trong danh sách.")
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)


def _yes_no_drop_downs(sheet: Any, spec: SheetSpec, rows: Sequence[int]) -> None:
    """«Đạt» / «Chưa đạt» on the value cell of each yes/no indicator."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    rule = DataValidation(type="list", formula1=f'"{_BOOLEAN_LABELS[0]},{_BOOLEAN_LABELS[1]}"', allow_blank=True)
    value = spec.letter("value")
    for row in rows:
        rule.add(f"{value}{row}")
    sheet.add_data_validation(rule)
