"""Read an uploaded exchange workbook and check every cell. Pure: no database, no Django.

Numbers are accepted as Excel stores them (a numeric cell) or as an official types them in text
("1.234,5", "79,9"). Every problem becomes a CellError naming the sheet, the row and the column:
"Trang «Số liệu», dòng 7, cột G (Giá trị): «abc» không phải là số".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.common.errors import BadInput, NtmError
from ntm.common.formats import parse_number
from ntm.common.text import name_key
from ntm.criteria.inputs import parse_value
from ntm.criteria.model import Indicator, ValueType

from .sheets import META_SHEET, SPECS, Column, Kind, SheetSpec

# name of a label list → {label as shown in the file: stored code}
Vocabulary = Mapping[str, Mapping[str, str]]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_BOOLEAN_WORDS = {"đạt": True, "có": True, "true": True, "x": True, "chưa đạt": False, "không đạt": False,
                  "không": False, "false": False}


@dataclass(frozen=True)
class CellError:
    """One problem in the file; `column` is a letter ("G"), blank when the whole row is at fault."""

    sheet: str
    row: int
    column: str
    header: str
    header_en: str
    message_vi: str
    message_en: str

    @property
    def vi(self) -> str:
        where = f", cột {self.column} ({self.header})" if self.column else ""
        return f"Trang «{self.sheet}», dòng {self.row}{where}: {self.message_vi}"

    @property
    def en(self) -> str:
        where = f", column {self.column} ({self.header_en})" if self.column else ""
        return f"Sheet '{self.sheet}', row {self.row}{where}: {self.message_en}"

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header,
                "message": self.vi, "message_en": self.en}


class CellProblem(Exception):
    """A cell that cannot be read as its column says; becomes a CellError once its place is known."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


def error_at(spec: SheetSpec, row: int, key: str | None, problem: CellProblem | NtmError) -> CellError:
    """The CellError for `problem` at column `key` (None: the whole row) of `row`."""
    vi, en = (problem.message_vi, problem.message_en)
    if key is None:
        return CellError(spec.title, row, "", "", "", vi, en)
    column = spec.column(key)
    return CellError(spec.title, row, spec.letter(key), column.header, column.header_en, vi, en)


@dataclass
class Row:
    """One data row: its number in the sheet and its cells read by column key."""

    number: int
    cells: dict[str, Any] = field(default_factory=dict)


# --- the workbook -------------------------------------------------------------------------------

def open_book(content: bytes) -> Any:
    """The workbook in `content`, or BadInput when it is not an XLSX file."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        return load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise BadInput("tệp không phải là tệp Excel (.xlsx)", "the file is not an Excel (.xlsx) file",
                       field="file") from err


def read_meta(book: Any) -> dict[str, str]:
    """The template's metadata (kind, unit, period); BadInput when the file is not an ntm template."""
    if META_SHEET not in book.sheetnames:
        raise BadInput("tệp không phải là mẫu tải từ ntm (thiếu trang thông tin); hãy tải mẫu và điền vào đó",
                       "the file is not an ntm template (no metadata sheet)", field="file")
    meta = {str(k): str(v) for k, v in book[META_SHEET].iter_rows(values_only=True, max_col=2) if k and v}
    if meta.get("kind") not in SPECS:
        raise BadInput("tệp không cho biết loại mẫu", "the template's kind is missing", field="file")
    return meta


def data_rows(book: Any, spec: SheetSpec) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of each non-blank row under the header; BadInput when the header was changed."""
    if spec.title not in book.sheetnames:
        raise BadInput(f"tệp không có trang «{spec.title}»", f"the file has no sheet '{spec.title}'", field="file")
    sheet = book[spec.title]
    width = len(spec.columns)
    rows = sheet.iter_rows(values_only=True, max_col=width)
    header = [str(h or "").strip().lstrip("'") for h in next(rows, ())]
    expected = [c.header for c in spec.columns]
    if header[:width] != expected:
        raise BadInput(f"dòng tiêu đề của trang «{spec.title}» đã bị sửa; hãy dùng mẫu mới tải về",
                       f"the header row of sheet '{spec.title}' was changed; use a fresh template", field="file")
    for number, cells in enumerate(rows, start=2):
        padded = tuple(cells) + (None,) * (width - len(cells))
        if any(_blank(v) is False for v in padded):
            yield number, padded


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- one cell -----------------------------------------------------------------------------------

def text(value: Any) -> str:
    """A text cell, its neutralising apostrophe removed ("'=x" was written for "=x")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if result.startswith("'") and result[1:].startswith(_FORMULA_START):
        return result[1:]
    return result


def number(value: Any) -> Decimal:
    """A numeric cell, or text as Vietnamese write numbers ("1.234,5") or plain ("1234.5")."""
    if isinstance(value, bool):
        raise CellProblem(f"«{value}» không phải là số", f"'{value}' is not a number")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = text(value)
    try:
        return parse_number(raw)
    except BadInput as err:
        raise CellProblem(f"«{raw}» không phải là số", f"'{raw}' is not a number") from err


def amount(value: Any) -> Decimal:
    """A quantity that cannot be negative."""
    result = number(value)
    if result < 0:
        raise CellProblem(f"«{text(value)}» là số âm; số lượng không được âm", f"'{value}' is negative")
    return result


def money(value: Any) -> int:
    """Whole đồng, not negative."""
    result = number(value)
    if result < 0:
        raise CellProblem(f"số tiền «{text(value)}» là số âm", f"the amount '{value}' is negative")
    if result != result.to_integral_value():
        raise CellProblem(f"số tiền «{text(value)}» phải là số đồng nguyên", f"the amount '{value}' must be whole đồng")
    return int(result)


def percent(value: Any) -> Decimal:
    """0 to 100."""
    result = number(value)
    if not 0 <= result <= 100:
        raise CellProblem(f"tỷ lệ «{text(value)}» phải từ 0 đến 100", f"the percentage '{value}' must be 0 to 100")
    return result


def whole(value: Any) -> int:
    result = number(value)
    if result != result.to_integral_value() or result < 0:
        raise CellProblem(f"«{text(value)}» phải là số nguyên không âm", f"'{value}' must be a whole number")
    return int(result)


def year(value: Any) -> int:
    result = whole(value)
    if not 2000 <= result <= 2100:
        raise CellProblem(f"năm «{text(value)}» không hợp lệ", f"the year '{value}' is not valid")
    return result


def date(value: Any) -> dt.date:
    """A date cell, or "14/3/2024" / "2024-03-14" typed as text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    match = _DATE_RE.match(raw)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(raw)
    except ValueError as err:
        raise CellProblem(f"«{raw}» không phải là ngày (ví dụ: 14/3/2024)",
                          f"'{raw}' is not a date (e.g. 14/3/2024)") from err


def choice(value: Any, labels: Mapping[str, str]) -> str:
    """The code of the label in the cell (the code itself is accepted too)."""
    raw = text(value)
    by_key = {name_key(label): code for label, code in labels.items()}
    by_key.update({name_key(code): code for code in labels.values()})
    found = by_key.get(name_key(raw))
    if found is None:
        listed = "; ".join(labels)
        raise CellProblem(f"«{raw}» không có trong danh sách ({listed})", f"'{raw}' is not in the list ({listed})")
    return found


def boolean(value: Any) -> bool:
    """Đạt / Chưa đạt (or Có / Không, true / false)."""
    if isinstance(value, bool):
        return value
    found = _BOOLEAN_WORDS.get(text(value).lower())
    if found is None:
        raise CellProblem(f"«{text(value)}» phải là «Đạt» hoặc «Chưa đạt»", f"'{value}' must be 'Đạt' or 'Chưa đạt'")
    return found


_READERS = {"text": text, "number": number, "amount": amount, "money": money, "percent": percent, "int": whole,
            "year": year, "date": date, "boolean": boolean}


def read_cell(column: Column, value: Any, vocabulary: Vocabulary) -> Any:
    """The cell as its column's type; None when blank (CellProblem when a required cell is blank)."""
    if _blank(value):
        if column.required:
            raise CellProblem("bắt buộc phải có", "required")
        return None
    if column.type == "value":  # read once the indicator is known
        return value
    if column.type == "choice":
        return choice(value, vocabulary[column.choices])
    return _READERS[column.type](value)


def parse_sheet(book: Any, kind: Kind, vocabulary: Vocabulary) -> tuple[list[Row], list[CellError]]:
    """Every data row of the kind's sheet read by column; rows with a bad cell are left out and named."""
    spec = SPECS[kind]
    rows, errors = [], []
    for number_, cells in data_rows(book, spec):
        row, row_errors = Row(number_), []
        for column, value in zip(spec.columns, cells, strict=True):
            if column.info:
                continue
            try:
                row.cells[column.key] = read_cell(column, value, vocabulary)
            except CellProblem as problem:
                row_errors.append(error_at(spec, number_, column.key, problem))
        errors += row_errors
        if not row_errors:
            rows.append(row)
    return rows, errors


# --- an indicator's value -----------------------------------------------------------------------

_FIELD_PREFIX = re.compile(r"^(trường «[^»]*»|field '[^']*'): ")


def _plain(err: BadInput) -> CellProblem:
    """A BadInput of the criteria checks as a cell problem, without its «field»: prefix (the column names it)."""
    return CellProblem(_FIELD_PREFIX.sub("", err.message_vi), _FIELD_PREFIX.sub("", err.message_en))


def observation_value(spec: SheetSpec, row: Row, ind: Indicator) -> Any:
    """The raw value record_observation takes for `ind` (None: nothing typed), checked; CellError otherwise."""
    cells = row.cells
    value, numerator, denominator = cells.get("value"), cells.get("numerator"), cells.get("denominator")
    if numerator is not None or denominator is not None:
        raw: Any = {"numerator": numerator, "denominator": denominator}
        column = "denominator" if denominator is None or denominator <= 0 else "numerator"
    elif value is None:
        return None
    else:
        column = "value"
        try:
            raw = boolean(value) if ind.value_type is ValueType.BOOLEAN else number(value)
        except CellProblem as problem:
            raise RowFault(error_at(spec, row.number, column, problem)) from None
    try:
        parse_value(ind, raw, field="x")
    except BadInput as err:
        at = "denominator" if (err.field or "").endswith(".denominator") else column
        raise RowFault(error_at(spec, row.number, at, _plain(err))) from None
    return raw


class RowFault(Exception):
    """A row refused by a check that needs more than its own cells (an unknown unit, a bad value)."""

    def __init__(self, error: CellError) -> None:
        super().__init__(error.en)
        self.error = error
