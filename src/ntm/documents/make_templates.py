"""Build the DOCX templates (templates/bao_cao.docx, templates/ke_hoach.docx) with python-docx.

    .venv/bin/python -m ntm.documents.make_templates

The generated files are committed: an office may restyle them in Word (fonts, spacing, the named
paragraph styles "NTM Đoạn", "NTM Mục", …) without touching code, as long as the {{ … }} and
{%p … %} tags stay. Layout per Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; margins top 20 mm,
bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the two-column header (parent body and
issuing body with a short rule and "Số:" on the left; Quốc hiệu, Tiêu ngữ with its rule and the
italic place-date line on the right); title and subtitle; body; "Nơi nhận" and the signature.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

TEMPLATES = Path(__file__).parent / "templates"
FONT = "Times New Roman"


def _font(style_or_run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    font = style_or_run.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style(doc, name: str, size: float, *, bold: bool = False, italic: bool = False, align=None,
           first_line: float | None = None, after: float = 0):
    style = doc.styles.add_style(name, 1)  # 1 = paragraph style
    style.base_style = doc.styles["Normal"]
    _font(style, size, bold=bold, italic=italic)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    if align is not None:
        fmt.alignment = align
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    return style


def _rule(paragraph, indent_cm: float) -> None:
    """A short horizontal rule: the paragraph's top border, narrowed by equal indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    border.append(top)
    paragraph._p.get_or_add_pPr().append(border)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, *widths) -> None:
    """Fixed column widths (Word and LibreOffice both honour the cell widths once autofit is off)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell_paragraph(cell, text: str, style: str, *, first: bool = False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = style
    paragraph.add_run(text)
    return paragraph


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)


def _styles(doc) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "NTM Cơ quan chủ quản", 13, align=center)
    _style(doc, "NTM Cơ quan ban hành", 13, bold=True, align=center)
    _style(doc, "NTM Số", 13, align=center)
    _style(doc, "NTM Quốc hiệu", 12, bold=True, align=center)
    _style(doc, "NTM Tiêu ngữ", 14, bold=True, align=center)
    _style(doc, "NTM Địa danh", 14, italic=True, align=center)
    _style(doc, "NTM Tên loại", 14, bold=True, align=center)
    _style(doc, "NTM Trích yếu", 14, bold=True, align=center)
    headings = (_style(doc, "NTM Phần", 14, bold=True, align=center, after=6),
                _style(doc, "NTM Mục", 14, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1, after=6),
                _style(doc, "NTM Tiểu mục", 14, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1, after=6))
    for heading in headings:  # a heading never ends a page
        heading.paragraph_format.keep_with_next = True
    _style(doc, "NTM Đoạn", 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1, after=6)
    _style(doc, "NTM Nơi nhận", 12, bold=True, italic=True)
    _style(doc, "NTM Nơi nhận dòng", 11)
    _style(doc, "NTM Chữ ký", 14, bold=True, align=center)


def _header(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, Cm(6), Cm(10.5))
    left, right = table.rows[0].cells
    # An Ủy ban nhân dân has no body above it in the header: the line is dropped when empty.
    _cell_paragraph(left, "{%p if parent_body %}", "NTM Cơ quan chủ quản", first=True)
    _cell_paragraph(left, "{{ parent_body }}", "NTM Cơ quan chủ quản")
    _cell_paragraph(left, "{%p endif %}", "NTM Cơ quan chủ quản")
    _cell_paragraph(left, "{{ issuing_body }}", "NTM Cơ quan ban hành")
    _rule(_cell_paragraph(left, "", "NTM Số"), 2.2)
    _cell_paragraph(left, "Số: {{ number_line }}", "NTM Số")
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NTM Quốc hiệu", first=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", "NTM Tiêu ngữ")
    _rule(_cell_paragraph(right, "", "NTM Số"), 2.1)
    _cell_paragraph(right, "{{ place_date }}", "NTM Địa danh")


def _body(doc) -> None:
    doc.add_paragraph("", style="NTM Đoạn")
    doc.add_paragraph("{{ title }}", style="NTM Tên loại")
    doc.add_paragraph("{{ subtitle }}", style="NTM Trích yếu")
    _rule(doc.add_paragraph("", style="NTM Trích yếu"), 6.5)
    tags = (("{%p for block in blocks %}", "NTM Đoạn"), ("{%p if block.kind == 'part' %}", "NTM Đoạn"),
            ("{{ block.text }}", "NTM Phần"), ("{%p elif block.kind == 'h1' %}", "NTM Đoạn"),
            ("{{ block.text }}", "NTM Mục"), ("{%p elif block.kind == 'h2' %}", "NTM Đoạn"),
            ("{{ block.text }}", "NTM Tiểu mục"), ("{%p else %}", "NTM Đoạn"),
            ("{{ block.text }}", "NTM Đoạn"), ("{%p endif %}", "NTM Đoạn"), ("{%p endfor %}", "NTM Đoạn"))
    for text, style in tags:
        doc.add_paragraph(text, style=style)


def _signature(doc) -> None:
    doc.add_paragraph("", style="NTM Đoạn")
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, Cm(8), Cm(8.5))
    left, right = table.rows[0].cells
    _cell_paragraph(left, "Nơi nhận:", "NTM Nơi nhận", first=True)
    _cell_paragraph(left, "{%p for line in recipients %}", "NTM Nơi nhận dòng")
    _cell_paragraph(left, "{{ line }}", "NTM Nơi nhận dòng")
    _cell_paragraph(left, "{%p endfor %}", "NTM Nơi nhận dòng")
    _cell_paragraph(right, "{%p for line in signature %}", "NTM Chữ ký", first=True)
    _cell_paragraph(right, "{{ line }}", "NTM Chữ ký")
    _cell_paragraph(right, "{%p endfor %}", "NTM Chữ ký")
    for _ in range(4):  # room for the signature and the seal
        _cell_paragraph(right, "", "NTM Chữ ký")
    _cell_paragraph(right, "{{ signer_name }}", "NTM Chữ ký")
    _keep_together(table.rows[0])


def _keep_together(row) -> None:
    """Nơi nhận and the signature are never split over two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _end(doc) -> None:
    """The paragraph a document must end with after a table, 1 pt high: at 14 pt it spilled onto a blank
    last page whenever the signature table ended near the bottom margin."""
    style = _style(doc, "NTM Cuối", 1)
    style.paragraph_format.line_spacing = Pt(1)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    doc.add_paragraph("", style="NTM Cuối")


def _drop_thumbnail(doc) -> None:
    """python-docx's blank document carries a sample thumbnail; a file browser would show it for every báo cáo."""
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del package.rels[key]


def build_template(path: Path) -> Path:
    """Write one template to `path`."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _header(doc)
    _body(doc)
    _signature(doc)
    _end(doc)
    doc.core_properties.author = "ntm"
    _drop_thumbnail(doc)
    doc.save(str(path))
    return path


def main() -> None:
    """Regenerate both templates (the báo cáo and the kế hoạch share a layout; each may be restyled alone)."""
    TEMPLATES.mkdir(exist_ok=True)
    for name in ("bao_cao.docx", "ke_hoach.docx"):
        print(build_template(TEMPLATES / name))


if __name__ == "__main__":
    main()
