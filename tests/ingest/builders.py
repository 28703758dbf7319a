"""Small builders of real DOCX and PDF files for the reader tests (python-docx, fpdf2)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def build_docx(path: Path, paragraphs: list[str], *, legacy: str | None = None,
               table: list[list[str]] | None = None) -> Path:
    """A DOCX with the given paragraphs, one run typed in `.VnTime` (TCVN3) and a table."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if legacy is not None:
        run = document.add_paragraph().add_run(legacy)
        run.font.name = ".VnTime"
        run._element.rPr.rFonts.set(qn("w:hAnsi"), ".VnTime")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def build_pdf(path: Path, text: str, *, password: str | None = None) -> Path:
    """A PDF of the text in DejaVu Sans (covers Vietnamese), optionally password-protected."""
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(DEJAVU))
    pdf.set_font("dejavu", size=11)
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
