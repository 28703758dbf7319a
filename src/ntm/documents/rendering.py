"""One DOCX renderer (docxtpl over templates/*.docx), one XLSX writer (the biểu), one PDF converter.

`compose()` is pure: a draft, the official's edits and the issue details in, the template context out.
An issued document stores that context, so its export reproduces exactly what was issued.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ntm.common.errors import BadInput
from ntm.common.tabular import neutralise

from . import templating
from .outline import Draft

TEMPLATES = Path(__file__).parent / "templates"
_TEMPLATE = {"bao-cao": "bao_cao.docx", "ke-hoach": "ke_hoach.docx"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
_DEFAULT_TITLE = {"commune": "PHÓ CHỦ TỊCH", "village": "TRƯỞNG BAN", "province": "CHÁNH VĂN PHÒNG"}


BLANK = "\u00a0" * 6  # the room left for a number or a day to be written by hand (non-breaking: kept as typed)


def number_line(facts: dict[str, Any], number: str) -> str:
    """"      /BC-UBND" in a draft (the seeds leave the number blank), "45/BC-UBND" once issued
    (a number typed whole is kept whole)."""
    suffix = facts["header"]["number_suffix"]
    if facts["kind"] == "ke-hoach":
        suffix = suffix.replace("BC", "KH", 1)
    if number and "/" in number:
        return number
    return f"{number or BLANK}/{suffix}"


def place_date(place: str, day: dt.date | None, year: int) -> str:
    """"Cao Ngọc, ngày 14 tháng 3 năm 2024"; an undated draft leaves the day and month blank, as officials
    do ("Thạch Cẩm, ngày       tháng      năm 2024", seeds 002 and 003)."""
    if day is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{place}, ngày {day.day} tháng {day.month} năm {day.year}"


def draft_year(period_end: dt.date, kind: str, drafted_on: dt.date) -> int:
    """The year printed on an undated draft.

    A báo cáo is made in the year its period ends, or early in the next (seed 001: the 2023 report
    dated "tháng 5 năm 2024"); a kế hoạch in its own year or late in the year before. So the drafting
    year is printed when it is one of those; otherwise (a report drafted long after, from the records)
    the year the period ends — never the current year on an old report.
    """
    first = period_end.year - 1 if kind == "ke-hoach" else period_end.year
    if first <= drafted_on.year <= period_end.year + 1:
        return drafted_on.year
    return period_end.year


def signature_lines(level: str, signing_body: str, title: str) -> list[str]:
    """TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — "KT." when a deputy signs for the head."""
    title = (title or _DEFAULT_TITLE.get(level, "")).upper()
    lines = [signing_body] if signing_body else []
    if title.startswith("PHÓ "):
        lines.append(f"KT. {title[4:]}")
    return lines + [title]


def compose(facts: dict[str, Any], draft: Draft, edits: dict[str, str] | None = None, *, number: str = "",
            dated: dt.date | None = None, signer_name: str = "", signer_title: str = "",
            tables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The template context: header, title, body blocks (edited sections replace the drafted ones), signature."""
    edits = edits or {}
    header, level = facts["header"], facts["unit"]["level"]
    blocks: list[dict[str, str]] = []
    for kind, value in draft.outline:
        if kind != "section":
            blocks.append({"kind": kind, "text": value})
            continue
        blocks += [{"kind": "text", "text": line} for line in section_lines(draft, edits, value)]
    return {
        "parent_body": header["parent_body"], "issuing_body": header["issuing_body"],
        "number_line": number_line(facts, number), "place_date": place_date(header["place"], dated, _year(facts)),
        "title": draft.title, "subtitle": draft.subtitle, "blocks": blocks,
        "recipients": section_lines(draft, edits, "recipients"),
        "signature": signature_lines(level, header["signing_body"], signer_title), "signer_name": signer_name,
        "kind": facts["kind"], "unit": facts["unit"], "period": facts["period"],
        "tables": tables if tables is not None else bieu_tables(facts),
    }


def _year(facts: dict[str, Any]) -> int:
    from .selectors import today

    return draft_year(dt.date.fromisoformat(facts["period"]["end"]), facts["kind"], today())


def section_lines(draft: Draft, edits: dict[str, str], key: str) -> list[str]:
    """The official's text for the section when edited (one paragraph per line), else the drafted lines."""
    if key in edits:
        return [line.rstrip() for line in edits[key].splitlines() if line.strip()]
    return list(draft.sections.get(key, []))


def render_docx(context: dict[str, Any]) -> bytes:
    """The DOCX of a composed document, from its kind's template (compiled once per process)."""
    return templating.render(TEMPLATES / _TEMPLATE[context["kind"]], context)


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx: bytes) -> bytes:
    """The PDF of a DOCX through LibreOffice headless; BadInput (in Vietnamese) when LibreOffice is missing."""
    binary = soffice()
    if binary is None:
        raise BadInput("không xuất được PDF: máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui); "
                       "hãy tải bản DOCX hoặc nhờ quản trị cài LibreOffice",
                       "PDF export needs LibreOffice (libreoffice-writer-nogui) on the server; download the DOCX",
                       field="format")
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as folder:
        source = Path(folder) / "van-ban.docx"
        source.write_bytes(docx)
        # A private profile per call: two conversions at once must not share LibreOffice's user folder.
        profile = f"-env:UserInstallation=file://{folder}/profile"
        subprocess.run([binary, profile, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=120)
        return (Path(folder) / "van-ban.pdf").read_bytes()


def bieu_tables(facts: dict[str, Any]) -> dict[str, Any]:
    """The attached tables as plain rows (kept with an issued document)."""
    crit = facts.get("criteria") or {}
    tables: dict[str, Any] = {
        "criteria": [[r["criterion"], f"{r['code']}. {r['name']}", _cell(r["threshold"]), r["comparator"],
                      r["provenance"], _cell(r["value"]), r["unit"], _STATUS.get(r["status"], r["status"]),
                      r["evidence"]] for r in crit.get("rows", [])],
        "funding": [[s["label"], s["amount"]] for s in (facts.get("funding") or {}).get("sources", [])],
        "works": [[w["name"], w["village"], w["criterion"], w["status"], _cell(w["progress"]), w["budget"]]
                  for w in facts.get("works") or []],
        "villages": [[v["name"], v["met"], v["total"], _STATUS.get(v["state"], v["state"])]
                     for v in facts.get("villages") or []],
    }
    if facts.get("funding"):
        tables["funding"].append(["Tổng cộng", facts["funding"]["total"]])
    if facts.get("province"):
        tables["communes"] = [[c["name"], c["met"], c["total"], c["unknown"]] for c in facts["province"]["communes"]]
    return tables


_STATUS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa có số liệu"}


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


_SHEETS = (
    ("criteria", "Tiêu chí", ["Tiêu chí", "Chỉ tiêu", "Ngưỡng", "So sánh", "Nguồn của ngưỡng", "Giá trị", "Đơn vị",
                              "Kết quả", "Minh chứng"], [28, 48, 10, 8, 40, 12, 10, 16, 40]),
    ("funding", "Nguồn vốn", ["Nguồn vốn", "Số tiền (đồng)"], [50, 22]),
    ("works", "Công trình", ["Công trình", "Thôn", "Tiêu chí", "Tình trạng", "Tiến độ (%)", "Kinh phí dự kiến (đồng)"],
     [50, 20, 10, 18, 12, 22]),
    ("villages", "Thôn", ["Thôn", "Số tiêu chí đạt", "Tổng số tiêu chí", "Kết quả"], [30, 16, 16, 18]),
    ("communes", "Các xã", ["Xã", "Số tiêu chí đạt", "Tổng số tiêu chí", "Số tiêu chí chưa có số liệu"],
     [34, 16, 16, 26]),
)


def render_xlsx(context: dict[str, Any]) -> bytes:
    """The biểu: one sheet per table, Vietnamese labels, "#,##0", A4 landscape, fit to width, header repeated."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    title = f"{context['subtitle']} — {context['issuing_body']}"
    for key, name, header, widths in _SHEETS:
        if key not in context["tables"]:
            continue
        sheet = book.create_sheet(name)
        sheet.append([f"Biểu: {name} — {title}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        rows = context["tables"][key] or [["Chưa có số liệu"]]
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        _format_sheet(sheet, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _format_sheet(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.0"
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
