"""The dossier as one ZIP: the index DOCX read back with python-docx, and the uploaded files beside it."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from ntm.recognition.export import INDEX_NAME, dossier_zip

from .conftest import advance

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def test_zip_holds_the_index_and_every_uploaded_file(village_dossier):
    dossier = advance(village_dossier, "recognised")
    name, content = dossier_zip(dossier)
    assert name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    assert INDEX_NAME in names
    assert {"nghi_quyet_chi_bo/nghi_quyet_chi_bo.pdf", "bien_ban_hop_dan/bien_ban_hop_dan.pdf",
            "bao_cao_tu_danh_gia/bao_cao_tu_danh_gia.pdf", "to_trinh/to_trinh.pdf"} <= names
    assert archive.read("to_trinh/to_trinh.pdf") == b"%PDF-1.4 test"

    text, tables = docx_text(archive.read(INDEX_NAME))
    assert "HỒ SƠ THÔN ĐẠT CHUẨN NÔNG THÔN MỚI KIỂU MẪU" in text
    assert "Đơn vị: Song Nga (Xã Cẩm Ngọc)" in text
    assert "Lấy ý kiến: 120/130 đồng ý (92,3%)" in text
    assert "Tỷ lệ đồng thuận yêu cầu: chưa rõ" in text
    assert "Quyết định số 12/QĐ-UBND ngày 20/12/2024, người ký: Chủ tịch UBND xã" in text
    checklist, assessment, findings = tables
    assert checklist[0] == ["Tài liệu", "Yêu cầu", "Tệp"]
    assert any(row[2] == "to_trinh.pdf" for row in checklist)
    assert any(row[2] == "chưa có" and row[1] == "không bắt buộc" for row in checklist)
    assert len(assessment) == 1 + len(dossier.self_assessment["criteria"])
    assert len(findings) == 1 + dossier.findings.count()
    assert findings[1][2] == "Đạt"


def test_a_dossier_without_steps_still_exports(village_dossier):
    text, tables = docx_text(zipfile.ZipFile(io.BytesIO(dossier_zip(village_dossier)[1])).read(INDEX_NAME))
    assert "Chưa tự đánh giá." in text and "Chưa có quyết định." in text
