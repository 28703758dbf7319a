"""What each exchange template holds: its sheet, its columns in order, and each column's type.

Pure data shared by the template builder and the parser, so a column cannot mean one thing on
download and another on upload. Columns marked `info` are shown to help whoever fills the file and
ignored on upload; `hidden` columns carry the row's identity and revision (stale edits are detected).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]


class Kind(StrEnum):
    """The four templates; the values are the slugs used in URLs and in the file's metadata."""

    OBSERVATIONS = "so-lieu"
    FUNDING = "nguon-von"
    WORKS = "cong-trinh"
    CONTRIBUTIONS = "dong-gop"


KIND_LABELS = {
    Kind.OBSERVATIONS: "Số liệu chỉ tiêu của kỳ (xã và các thôn)",
    Kind.FUNDING: "Nguồn vốn",
    Kind.WORKS: "Công trình",
    Kind.CONTRIBUTIONS: "Đóng góp của các thôn",
}


@dataclass(frozen=True)
class Column:
    """One column: `key` in code, headers in both languages, how its cells are read."""

    key: str
    header: str
    header_en: str
    type: str = "text"  # text, number, money, percent, year, date, choice, int, value (an indicator's value)
    required: bool = False
    info: bool = False
    hidden: bool = False
    choices: str = ""  # name of the label list (Vocabulary) for a `choice` column
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    """The data sheet of one template."""

    kind: Kind
    title: str
    columns: tuple[Column, ...]

    def letter(self, key: str) -> str:
        """The spreadsheet letter of column `key` ("G")."""
        return str(get_column_letter(self.index(key) + 1))

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column(self, key: str) -> Column:
        return self.columns[self.index(key)]


_ID = Column("id", "Mã dòng (không sửa)", "Row id (do not edit)", "int", hidden=True)
_REVISION = Column("revision", "Phiên bản (không sửa)", "Revision (do not edit)", "int", hidden=True)

OBSERVATIONS = SheetSpec(Kind.OBSERVATIONS, "Số liệu", (
    Column("unit", "Mã đơn vị", "Unit key", required=True, width=22),
    Column("unit_name", "Tên đơn vị", "Unit name", info=True, width=18),
    Column("criterion", "Tiêu chí", "Criterion", info=True, width=22),
    Column("indicator", "Mã chỉ tiêu", "Indicator code", required=True, width=10),
    Column("indicator_name", "Tên chỉ tiêu", "Indicator name", info=True, width=40),
    Column("measure", "Đơn vị tính", "Unit of measure", info=True, width=10),
    Column("value", "Giá trị", "Value", "value"),
    Column("numerator", "Tử số", "Numerator", "number"),
    Column("denominator", "Mẫu số", "Denominator", "number"),
    Column("note", "Ghi chú minh chứng", "Evidence note", width=30),
    Column("version", "Phiên bản (không sửa)", "Version (do not edit)", "int", hidden=True),
))

FUNDING = SheetSpec(Kind.FUNDING, "Nguồn vốn", (
    Column("year", "Năm", "Year", "year", required=True, width=8),
    Column("source_kind", "Nguồn vốn", "Source", "choice", required=True, choices="funding_source", width=34),
    Column("planned", "Kế hoạch (đồng)", "Planned (VND)", "money", width=18),
    Column("allocated", "Đã phân bổ (đồng)", "Allocated (VND)", "money", width=18),
    Column("disbursed", "Đã giải ngân (đồng)", "Disbursed (VND)", "money", width=18),
    Column("work", "Tên công trình (nếu có)", "Work name (optional)", width=36),
    _ID, _REVISION,
))

WORKS = SheetSpec(Kind.WORKS, "Công trình", (
    Column("name", "Tên công trình", "Work name", required=True, width=40),
    Column("village", "Thôn", "Village", width=16),
    Column("criterion", "Tiêu chí (số)", "Criterion (number)", "int", width=10),
    Column("year", "Năm", "Year", "year", required=True, width=8),
    Column("status", "Tình trạng", "Status", "choice", required=True, choices="work_status", width=18),
    Column("progress_pct", "Tiến độ (%)", "Progress (%)", "percent", width=10),
    Column("start", "Khởi công", "Start", "date", width=12),
    Column("end", "Hoàn thành", "End", "date", width=12),
    _ID, _REVISION,
))

CONTRIBUTIONS = SheetSpec(Kind.CONTRIBUTIONS, "Đóng góp", (
    Column("village", "Thôn", "Village", required=True, width=16),
    Column("year", "Năm", "Year", "year", required=True, width=8),
    Column("campaign", "Đợt, phong trào", "Campaign", width=28),
    Column("kind", "Loại đóng góp", "Kind", "choice", required=True, choices="contribution_kind", width=20),
    Column("item", "Nội dung", "Item", required=True, width=28),
    Column("quantity", "Số lượng", "Quantity", "amount", required=True, width=12),
    Column("measure_unit", "Đơn vị tính", "Unit of measure", required=True, width=12),
    Column("value_vnd", "Quy ra tiền (đồng)", "Value (VND)", "money", width=18),
    _ID, _REVISION,
))

SPECS = {spec.kind: spec for spec in (OBSERVATIONS, FUNDING, WORKS, CONTRIBUTIONS)}
META_SHEET = "ntm"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
