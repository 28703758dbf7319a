"""Read a report file into text: .txt, .docx, .pdf, and .doc through LibreOffice. Pure Python.

A PDF page without a text layer (a scan) is read by OCR: the page is rendered with pypdfium2 and
read by Tesseract with its Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie). Its text is
put between two marker lines that say OCR, so the review page, the stored text and `ocr.mark_ocr`
(lowered confidence for facts read there) all know which text a machine read from an image.

Every failure becomes `BadInput` with a Vietnamese and an English message and the file name as
`field`: a file that is too large, a DOCX that unpacks to far more than it weighs (a zip bomb),
an encrypted PDF, bytes that are no document at all. Never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm.common.errors import BadInput

from .repair import convert_legacy, convert_run, legacy_text_encoding, normalize

MAX_BYTES = 20 * 1024 * 1024          # a commune report is well under 5 MB
MAX_UNPACKED = 200 * 1024 * 1024      # a DOCX may unpack to at most this much
MAX_RATIO = 100                       # … and to at most this many times its own size
MAX_ENTRIES = 5_000
MAX_PAGES = 500
SOFFICE_TIMEOUT = 120
OCR_TIMEOUT = 120                     # seconds for Tesseract on one page
OCR_DPI = 300                         # Tesseract reads typed A4 pages best at 300 dpi
OCR_LANGUAGE = "vie"


@dataclass(frozen=True)
class ReadText:
    """The text of a file, and how many pages it had where the format knows (PDF)."""

    text: str
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()   # page numbers (from 1) read by OCR


def ocr_begin(page: int) -> str:
    """The line put before the text OCR read from page `page` (it ends with a full stop: never joined)."""
    return f"[OCR, trang {page}: chữ đọc từ ảnh quét, cần soát lại]."


def ocr_end(page: int) -> str:
    """The line put after it."""
    return f"[OCR, hết trang {page}]."


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> ReadText:
    """Read .txt, .docx, .pdf or .doc into text; raise BadInput for anything unreadable."""
    path = Path(path)
    _check_size(path, max_bytes)
    head = path.read_bytes()[:8]
    reader = _READERS.get(path.suffix.lower()) or _reader_by_magic(head)
    read = reader(path)
    if not read.text.strip():
        raise _bad(path, "tệp trống: không có chữ nào để nhập", "an empty file: no text to import")
    return read


def _bad(path: Path, vi: str, en: str) -> BadInput:
    return BadInput(vi, en, field=path.name)


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise _bad(path, "không mở được tệp", "the file cannot be opened") from err
    if not path.is_file():
        raise _bad(path, "không phải là tệp", "not a file")
    if size > max_bytes:
        raise _bad(path, f"tệp quá lớn ({size // 1024} KB, tối đa {max_bytes // 1024} KB)",
                   f"file too large ({size // 1024} KB, at most {max_bytes // 1024} KB)")


def _reader_by_magic(head: bytes) -> Callable[[Path], ReadText]:
    if head.startswith(b"%PDF"):
        return read_pdf
    if head.startswith(b"PK\x03\x04"):
        return read_docx
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return read_doc
    return read_txt


def read_txt(path: Path) -> ReadText:
    """Plain text: UTF-8 (with or without BOM), UTF-16 with a BOM or NULs, TCVN3 or VNI (recognised by
    content and converted as DOCX runs are), else Windows-1258. Stray NUL characters are dropped."""
    data = path.read_bytes()
    text = _decode(data)
    if _looks_binary(text):
        raise _bad(path, "tệp không phải là văn bản", "the file is not text")
    return ReadText(normalize(text.replace("\x00", "")))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.count(b"\x00") > len(data) // 4 and len(data) >= 2:
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    try:
        return _unlegacy(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    look_alike = data.decode("latin-1")    # TCVN3 and VNI bytes, as the legacy fonts' tables expect them
    encoding = legacy_text_encoding(look_alike)
    if encoding is not None:
        return convert_legacy(look_alike, encoding)
    return data.decode("cp1258", errors="replace")


def _unlegacy(text: str) -> str:
    """A UTF-8 text that still holds TCVN3 or VNI look-alikes (copied out of a .VnTime document), converted."""
    encoding = legacy_text_encoding(text)
    return convert_legacy(text, encoding) if encoding else text


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    odd = control + text.count("\ufffd")
    return odd > max(8, len(text) // 20)


def read_docx(path: Path) -> ReadText:
    """A Word document: paragraphs and tables in order; legacy-font runs converted."""
    _check_zip(path)
    try:
        import docx

        document = docx.Document(str(path))
        text = "\n".join(_docx_lines(document))
    # python-docx and lxml raise many different types on malformed packages (KeyError,
    # ValueError, XMLSyntaxError, …): every one of them means "not a readable DOCX".
    except Exception as err:  # noqa: BLE001
        raise _bad(path, "không đọc được tệp Word (.docx)", f"not a readable .docx ({type(err).__name__})") from err
    return ReadText(normalize(text))


def _check_zip(path: Path) -> None:
    """Refuse a zip bomb before anything unpacks it: sizes are read from the zip directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise _bad(path, "tệp .docx bị hỏng", "the .docx file is damaged") from err
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, path.stat().st_size)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * packed:
        raise _bad(path, "tệp .docx giải nén ra quá lớn (nghi là bom nén), không đọc",
                   "the .docx unpacks to far more than its size (a zip bomb?), not read")


def _docx_lines(document: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    default_font = _default_font(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph_text(block, default_font)
        elif isinstance(block, Table):
            yield from _table_lines(block, default_font)


def _table_lines(table: Any, default_font: str | None) -> Iterator[str]:
    for row in table.rows:
        cells = [" ".join(_paragraph_text(p, default_font) for p in cell.paragraphs) for cell in row.cells]
        yield " | ".join(dict.fromkeys(cell.strip() for cell in cells))


def _paragraph_text(paragraph: Any, default_font: str | None) -> str:
    style_font = _style_font(paragraph.style) or default_font
    parts: list[str] = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if hasattr(item, "runs") else [item]
        parts.extend(convert_run(run.text, _run_font(run) or style_font) for run in runs)
    return "".join(parts)


def _run_font(run: Any) -> str | None:
    """The run's font: w:rFonts ascii/hAnsi, set directly on the run."""
    if run.font.name:
        return str(run.font.name)
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return fonts.get(_qn("w:hAnsi")) if fonts is not None else None


def _style_font(style: Any) -> str | None:
    while style is not None:
        if style.font is not None and style.font.name:
            return str(style.font.name)
        style = style.base_style
    return None


def _default_font(document: Any) -> str | None:
    defaults = document.styles.element.find(_qn("w:docDefaults"))
    fonts = defaults.find(".//" + _qn("w:rFonts")) if defaults is not None else None
    return fonts.get(_qn("w:ascii")) if fonts is not None else None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def read_pdf(path: Path) -> ReadText:
    """A PDF's text, page by page (pdfplumber); scanned pages by OCR; encrypted files refused clearly."""
    if _is_encrypted(path):
        raise _bad(path, "tệp PDF được mã hóa hoặc đặt mật khẩu, không đọc được",
                   "the PDF is encrypted or password-protected")
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise _bad(path, f"tệp PDF quá nhiều trang (tối đa {MAX_PAGES})",
                           f"too many pages (at most {MAX_PAGES})")
            pages = [page.extract_text() or "" for page in pdf.pages]
            scanned = [i for i, page in enumerate(pdf.pages) if not pages[i].strip() and page.images]
    except BadInput:
        raise
    # pdfminer raises many types on damaged files (PSSyntaxError, KeyError, TypeError, …).
    except Exception as err:  # noqa: BLE001
        raise _bad(path, "không đọc được tệp PDF", f"not a readable PDF ({type(err).__name__})") from err
    for index, text in zip(scanned, ocr_pdf_pages(path, scanned), strict=True):
        pages[index] = "\n".join([ocr_begin(index + 1), text, ocr_end(index + 1)])
    return ReadText(normalize("\n".join(pages)), pages=len(pages),
                    ocr_pages=tuple(index + 1 for index in scanned))


def ocr_pdf_pages(path: Path, indexes: list[int]) -> list[str]:
    """The text Tesseract reads on these pages (from 0) of the PDF; BadInput when OCR is not installed."""
    if not indexes:
        return []
    tesseract = _tesseract(path, indexes)
    import pypdfium2

    texts = []
    try:
        pdf = pypdfium2.PdfDocument(str(path))
        images = (pdf[index].render(scale=OCR_DPI / 72).to_pil() for index in indexes)
        for index, image in zip(indexes, images, strict=True):
            texts.append(_ocr_image(path, tesseract, image, index + 1))
        pdf.close()
    except pypdfium2.PdfiumError as err:
        raise _bad(path, "không dựng được ảnh trang PDF để đọc OCR",
                   "a PDF page could not be rendered for OCR") from err
    return texts


def _tesseract(path: Path, indexes: list[int]) -> str:
    """The tesseract program, when it and its Vietnamese model are installed."""
    pages = ", ".join(str(i + 1) for i in indexes)
    program = shutil.which("tesseract")
    languages = ""
    if program is not None:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
        languages = listed.stdout + listed.stderr
    if program is None or OCR_LANGUAGE not in languages.split():
        raise _bad(path, f"trang {pages} của tệp PDF là ảnh quét, không có lớp chữ; cần cài Tesseract OCR "
                         "với gói tiếng Việt (tesseract-ocr, tesseract-ocr-vie) để đọc được",
                   f"page(s) {pages} are scanned images without a text layer; Tesseract OCR with its "
                   "Vietnamese model (tesseract-ocr, tesseract-ocr-vie) is needed to read them")
    return program


def _ocr_image(path: Path, tesseract: str, image: Any, page: int) -> str:
    """One page image through Tesseract (PNG on stdin, text on stdout)."""
    import io

    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run([tesseract, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(OCR_DPI)],
                              input=png.getvalue(), capture_output=True, timeout=OCR_TIMEOUT, check=True)
    except subprocess.TimeoutExpired as err:
        raise _bad(path, f"OCR trang {page} quá {OCR_TIMEOUT} giây, dừng lại",
                   f"OCR of page {page} took over {OCR_TIMEOUT} s, stopped") from err
    except (subprocess.CalledProcessError, OSError) as err:
        raise _bad(path, f"Tesseract không đọc được trang {page}", f"Tesseract could not read page {page}") from err
    return done.stdout.decode("utf-8", errors="replace").strip()


def _is_encrypted(path: Path) -> bool:
    """A PDF with an /Encrypt entry that an empty password does not open."""
    if b"/Encrypt" not in path.read_bytes():
        return False
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages) < 0
    except Exception:  # noqa: BLE001 - any failure to open an encrypted PDF means it is locked
        return True


def read_doc(path: Path) -> ReadText:
    """An old Word .doc: converted to .docx by LibreOffice when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise _bad(path, "cần cài LibreOffice để đọc tệp .doc",
                   "LibreOffice is needed to read .doc files; it is not installed")
    with tempfile.TemporaryDirectory() as out:
        try:
            subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", out, str(path)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
        except (subprocess.SubprocessError, OSError) as err:
            raise _bad(path, "LibreOffice không chuyển được tệp .doc",
                       "LibreOffice could not convert the .doc") from err
        converted = Path(out) / (path.stem + ".docx")
        if not converted.exists():
            raise _bad(path, "LibreOffice không chuyển được tệp .doc", "LibreOffice could not convert the .doc")
        return read_docx(converted)


_READERS: dict[str, Callable[[Path], ReadText]] = {
    ".txt": read_txt, ".docx": read_docx, ".pdf": read_pdf, ".doc": read_doc,
}
