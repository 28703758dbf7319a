"""API: bulk exchange by XLSX template (download pre-filled, upload filled); scope is checked again in the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from ntm.api.errors import Error, with_errors
from ntm.common.errors import BadInput
from ntm.common.scope import Access, get_unit_in_scope
from ntm.ingest.exchange.apply import ExchangeReport, upload_exchange
from ntm.ingest.exchange.sheets import Kind
from ntm.ingest.exchange.templates import build_template
from ntm.monitoring.periods import Period

from .errors import error_body

router = Router(tags=["bulk exchange"])
MAX_UPLOAD = 5 * 1024 * 1024


class RowErrorOut(Schema):
    sheet: str
    row: int
    column: str
    header: str
    message: str
    message_en: str


class ExchangeOut(Schema):
    kind: str
    unit: str
    period: str
    rows: int
    saved: int
    unchanged: int
    rejected: bool
    errors: list[RowErrorOut]


class ExchangeRejectedOut(Schema):
    code: str
    message: str
    message_en: str
    fields: dict[str, str]
    report: ExchangeOut


def _report(report: ExchangeReport) -> dict[str, Any]:
    return {"kind": report.kind.value, "unit": report.unit.key, "period": report.period.key, "rows": report.rows,
            "saved": report.saved, "unchanged": report.unchanged, "rejected": report.rejected,
            "errors": [e.as_dict() for e in report.errors]}


@router.get("/units/{key}/exchange/template", response=with_errors({200: None}))
def download_template(request: HttpRequest, key: str, period: str, kind: Kind = Kind.OBSERVATIONS) -> HttpResponse:
    """The XLSX template of `kind` (so-lieu, nguon-von, cong-trinh, dong-gop) pre-filled for `period`
    ("2024-Q1"; funding, works and contributions use the period's year)."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    built = build_template(actor=request.user, unit=unit, kind=kind, period=Period.parse(period))
    response = HttpResponse(built.content, content_type=built.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


@router.post("/units/{key}/exchange", response=with_errors({200: ExchangeOut, 422: ExchangeRejectedOut | Error}))
def upload(request: HttpRequest, key: str, keep_valid: bool = False,
           file: UploadedFile | None = File(None)) -> tuple[int, dict[str, Any]]:  # noqa: B008 - ninja's idiom
    """Upload a filled template (multipart field `file`). Every row is checked; by default nothing is saved
    if any row is at fault (422 with every error by sheet, row and column); `keep_valid=true` saves the valid rows."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    if file is None:
        raise BadInput("cần gửi tệp Excel trong trường «file»", "send the Excel file in the field 'file'", field="file")
    if file.size and file.size > MAX_UPLOAD:
        raise BadInput("tệp lớn hơn 5 MB", "the file is larger than 5 MB", field="file")
    report = upload_exchange(actor=request.user, unit=unit, content=file.read(), keep_valid=keep_valid)
    if not report.rejected:
        return 200, _report(report)
    count = len(report.errors)
    body = error_body("ntm.import_rejected", f"chưa lưu dòng nào: tệp có {count} lỗi",
                      f"nothing was saved: the file has {count} errors",
                      {f"{e.sheet}!{e.column}{e.row}": e.message_vi for e in report.errors})
    return 422, {**body, "report": _report(report)}
