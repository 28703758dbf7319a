"""The dossier as one ZIP: an index DOCX (summary, checklist with file names, self-assessment table,
findings, decision) and the uploaded files, each under its checklist item's folder."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from docx.shared import Pt

from ntm.common.formats import format_date, format_percent
from ntm.criteria.report import STATUS_VI

from .kinds import get_kind, share_note
from .models import Dossier
from .selectors import checklist_of

INDEX_NAME = "muc-luc-ho-so.docx"


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _summary(doc: Any, dossier: Dossier) -> None:
    kind = get_kind(dossier.kind)
    share = dossier.share_in_favour
    required = kind.required_share
    lines = [
        ("Đơn vị", dossier.unit.name + (f" ({dossier.unit.parent.name})" if dossier.unit.parent else "")),
        ("Loại công nhận", kind.label), ("Năm đăng ký", str(dossier.target_year)),
        ("Bộ tiêu chí", dossier.set_id), ("Trạng thái", dossier.get_state_display()),
        ("Lấy ý kiến", f"{dossier.votes_for}/{dossier.votes_total} đồng ý ({format_percent(share * 100)})"
         if share is not None else "chưa có"),
        ("Tỷ lệ đồng thuận yêu cầu", format_percent(float(required) * 100) if required is not None
         else f"chưa rõ — {share_note()}"),
    ]
    for label, value in lines:
        doc.add_paragraph(f"{label}: {value}")


def _self_assessment(doc: Any, dossier: Dossier) -> None:
    doc.add_heading("III. Bản tự đánh giá", level=1)
    snap = dossier.self_assessment
    if not snap:
        doc.add_paragraph("Chưa tự đánh giá.")
        return
    doc.add_paragraph(f"Kỳ số liệu {snap['period_label']}: {snap['headline']}")
    rows = [[c["number"].__str__(), c["name"], STATUS_VI.get(c["status"], c["status"]),
             "; ".join(i["evidence_note"] for i in c["indicators"] if i.get("evidence_note"))]
            for c in snap["criteria"]]
    _table(doc, ["TT", "Tiêu chí", "Tự đánh giá", "Minh chứng"], rows)


def _findings_and_decision(doc: Any, dossier: Dossier) -> None:
    doc.add_heading("IV. Kết quả thẩm định", level=1)
    findings = list(dossier.findings.all())
    if findings:
        _table(doc, ["TT", "Tiêu chí", "Kết luận", "Nhận xét"],
               [[str(f.criterion), f.name, "Đạt" if f.met else "Chưa đạt", f.comment] for f in findings])
    else:
        doc.add_paragraph("Chưa thẩm định.")
    doc.add_heading("V. Quyết định công nhận", level=1)
    decision = getattr(dossier, "decision", None)
    if decision is None:
        doc.add_paragraph("Chưa có quyết định.")
        return
    doc.add_paragraph(f"Quyết định số {decision.number} ngày {format_date(decision.signed_on)}, "
                      f"người ký: {decision.signer}")
    if decision.revoked:
        doc.add_paragraph(f"Đã thu hồi: {dossier.revocation_reason}")


def index_docx(dossier: Dossier) -> bytes:
    """The index document of the dossier, in Vietnamese."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_heading(f"HỒ SƠ {get_kind(dossier.kind).label.upper()}", level=0)
    doc.add_heading("I. Thông tin chung", level=1)
    _summary(doc, dossier)
    doc.add_heading("II. Danh mục tài liệu", level=1)
    rows = [[line.item.label, "bắt buộc" if line.item.required else "không bắt buộc",
             ", ".join(f.original_name for f in line.files) or "chưa có"] for line in checklist_of(dossier)]
    _table(doc, ["Tài liệu", "Yêu cầu", "Tệp"], rows)
    _self_assessment(doc, dossier)
    _findings_and_decision(doc, dossier)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def dossier_zip(dossier: Dossier) -> tuple[str, bytes]:
    """(file name, ZIP bytes): the index DOCX and every uploaded file under "<item code>/<name>"."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX_NAME, index_docx(dossier))
        for line in checklist_of(dossier):
            for number, stored in enumerate(line.files, start=1):
                name = stored.original_name if number == 1 else f"{number}-{stored.original_name}"
                with stored.file.open("rb") as handle:
                    archive.writestr(f"{line.item.code}/{name}", handle.read())
    return f"ho-so-{dossier.pk}-{dossier.kind}-{dossier.target_year}.zip", buffer.getvalue()
