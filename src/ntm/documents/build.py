"""Build a document straight from the data: the one entry point for the batch, the CLI and fresh drafts.

    render_document(unit, "2024-Q1", kind="bao-cao", fmt="docx") -> bytes
"""

from __future__ import annotations

from typing import Any

from ntm.common.errors import BadInput
from ntm.geo.models import Unit
from ntm.monitoring.periods import Period, PeriodKind

from . import rendering
from .outline import draft
from .selectors import document_facts

KINDS = {"bao-cao": "báo cáo", "ke-hoach": "kế hoạch"}
FORMATS = {"docx": rendering.DOCX_TYPE, "xlsx": rendering.XLSX_TYPE, "pdf": rendering.PDF_TYPE}


def check_kind(kind: str) -> str:
    """The kind, or BadInput naming the two accepted."""
    if kind not in KINDS:
        raise BadInput(f"loại văn bản «{kind}» không hợp lệ (bao-cao hoặc ke-hoach)",
                       f"unknown document kind '{kind}' (bao-cao or ke-hoach)", field="kind")
    return kind


def check_format(fmt: str) -> str:
    """The format, or BadInput naming the three accepted."""
    if fmt not in FORMATS:
        raise BadInput(f"định dạng «{fmt}» không hợp lệ (docx, xlsx hoặc pdf)",
                       f"unknown format '{fmt}' (docx, xlsx or pdf)", field="format")
    return fmt


def document_period(period_key: str, kind: str) -> Period:
    """The period of a document; a kế hoạch is yearly ("2024")."""
    period = Period.parse(period_key)
    if kind == "ke-hoach" and period.kind is not PeriodKind.YEAR:
        raise BadInput(f"kế hoạch lập theo năm: dùng «{period.year}», không phải «{period_key}»",
                       f"a kế hoạch is yearly: use '{period.year}', not '{period_key}'", field="period")
    return period


def render_context(context: dict[str, Any], fmt: str) -> bytes:
    """The file of a composed document in `fmt`."""
    check_format(fmt)
    if fmt == "xlsx":
        return rendering.render_xlsx(context)
    docx = rendering.render_docx(context)
    return rendering.render_pdf(docx) if fmt == "pdf" else docx


def render_document(unit: Unit, period_key: str, *, kind: str = "bao-cao", fmt: str = "docx",
                    set_id: str | None = None, actor: Any = None) -> bytes:
    """The document of `unit` for `period_key`, drafted from the data as it is now, undated and unnumbered.

    Raises BadInput (kind, format, period, set) and NotFound/OutOfScope (the unit is not the actor's).
    """
    return render_documents(unit, period_key, kind=kind, fmts=(fmt,), set_id=set_id, actor=actor)[fmt]


def render_documents(unit: Unit, period_key: str, *, kind: str = "bao-cao", fmts: tuple[str, ...] = ("docx", "xlsx"),
                     set_id: str | None = None, actor: Any = None) -> dict[str, bytes]:
    """The document in several formats (the báo cáo and its biểu), from one reading of the data: format → bytes."""
    check_kind(kind)
    for fmt in fmts:
        check_format(fmt)
    period = document_period(period_key, kind)
    facts = document_facts(actor=actor, unit=unit, period=period, kind=kind, set_id=set_id)
    context = rendering.compose(facts, draft(facts))
    docx = rendering.render_docx(context) if {"docx", "pdf"} & set(fmts) else b""
    made = {"docx": lambda: docx, "pdf": lambda: rendering.render_pdf(docx),
            "xlsx": lambda: rendering.render_xlsx(context)}
    return {fmt: made[fmt]() for fmt in fmts}


def filename(unit: Unit, period_key: str, kind: str, fmt: str) -> str:
    """"bao-cao_legacy-15079_2024-Q1.docx"."""
    return f"{kind}_{unit.key.replace(':', '-')}_{period_key}.{fmt}"
