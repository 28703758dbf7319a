"""Reading files: .txt encodings, DOCX (tables, TCVN3 runs), PDF, and every refusal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ntm.common.errors import BadInput
from ntm.ingest import readers
from ntm.ingest.extract import extract
from ntm.ingest.readers import read_file

from .builders import build_docx, build_pdf

TITLE = ["ỦY BAN NHÂN DÂN", "XÃ CAO NGỌC", "Cao Ngọc, ngày 14 tháng 3 năm 2024", "BÁO CÁO",
         "Tình hình thực hiện chương trình nông thôn mới quý 1 năm 2024",
         "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí."]


def test_utf8_text_is_read(tmp_path: Path, seed_text) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_text(seed_text("000"), encoding="utf-8")
    assert "Cao Ngọc" in read_file(path).text


def test_utf16_and_windows_1258_text_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xã Thạch Cẩm đạt 17/19 tiêu chí", encoding="utf-16")
    assert read_file(tmp_path / "a.txt").text == "Xã Thạch Cẩm đạt 17/19 tiêu chí"
    (tmp_path / "b.txt").write_bytes("Báo cáo năm 2024".encode("cp1258"))
    assert read_file(tmp_path / "b.txt").text == "Báo cáo năm 2024"


def test_docx_paragraphs_tables_and_tcvn3_runs_are_read(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "r.docx", TITLE, legacy="X· Cao Ngäc ®¹t 16/19 tiªu chÝ",
                      table=[["Nguồn vốn", "Số tiền"], ["Vốn của xã", "1.000.000.000 đồng"]])
    text = read_file(path).text
    assert "Xã Cao Ngọc đạt 16/19 tiêu chí" in text
    assert "Vốn của xã | 1.000.000.000 đồng" in text
    assert extract(text)["assessments"][0]["criteria_met"] == 16


def test_pdf_text_is_read_and_extracted(tmp_path: Path, seed_text) -> None:  # type: ignore[no-untyped-def]
    path = build_pdf(tmp_path / "r.pdf", seed_text("003"))
    read = read_file(path)
    assert read.pages and read.pages > 1
    facts = extract(read.text)
    assert facts["unit"]["name"] == "Thạch Cẩm"
    assert [a["criteria_met"] for a in facts["assessments"]] == [17, 18]


def test_encrypted_pdf_is_refused_clearly(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "locked.pdf", "Báo cáo", password="secret")
    with pytest.raises(BadInput, match="encrypted") as caught:
        read_file(path)
    assert "mã hóa" in caught.value.message_vi and caught.value.field == "locked.pdf"


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("a" * 5000, encoding="utf-8")
    with pytest.raises(BadInput, match="too large"):
        read_file(path, max_bytes=1000)


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(BadInput, match="zip bomb"):
        read_file(path)


def test_doc_without_libreoffice_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(BadInput) as caught:
        read_file(path)
    assert caught.value.message_vi == "cần cài LibreOffice để đọc tệp .doc"


def test_damaged_docx_and_pdf_are_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n garbage")
    for name in ("x.docx", "x.pdf"):
        with pytest.raises(BadInput):
            read_file(tmp_path / name)


def test_binary_bytes_named_txt_are_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(bytes(range(32)) * 50)
    with pytest.raises(BadInput, match="not text"):
        read_file(tmp_path / "x.txt")


REPORT = ("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.\n"
          "Báo cáo kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024.\n"
          "Đến hết năm 2024 xã đã đạt 16/19 tiêu chí; tỷ lệ người dân tham gia bảo hiểm y tế đạt 91,2%.")


def legacy_bytes(text: str, encoding: str) -> bytes:
    """`text` as a .txt saved from a .VnTime (TCVN3) or VNI-Times document: each Vietnamese letter
    spelled with the legacy table's look-alikes, written one byte a character."""
    from viparse.normalize.encodings import CHARMAPS

    spelled: dict[str, str] = {}
    for surface, letter in CHARMAPS[encoding].pairs:
        spelled.setdefault(letter, surface)
    encoded = "".join(spelled.get(ch, ch) for ch in text)
    assert encoded != text and encoded.isascii() is False
    return encoded.encode("latin-1")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_tcvn3_and_vni_text_files_are_converted_like_docx_runs(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bao-cao-cu.txt"
    path.write_bytes(legacy_bytes(REPORT, encoding))
    assert read_file(path).text == REPORT


def test_a_utf8_file_still_holding_tcvn3_look_alikes_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "dan-tu-vntime.txt"
    path.write_text("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
                    "B¸o c¸o kÕt qu¶ x©y dùng n«ng th«n míi n¨m 2024", encoding="utf-8")
    assert read_file(path).text == ("Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
                                    "Báo cáo kết quả xây dựng nông thôn mới năm 2024")


def test_unicode_vietnamese_and_other_latin_text_are_left_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("Informe del año: señor Muñoz, niño, acción pública.".encode("cp1252"))
    assert read_file(tmp_path / "a.txt").text == REPORT
    assert read_file(tmp_path / "b.txt").text.startswith("Informe del a")


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n  ", "\ufeff \n".encode()])
def test_an_empty_or_blank_file_is_refused_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "trong.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput) as refused:
        read_file(path)
    assert refused.value.field == "trong.txt" and "tệp trống" in refused.value.message_vi


def test_stray_nul_characters_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes((REPORT + "\x00\x00 h\x00ết.").encode())
    text = read_file(path).text
    assert "\x00" not in text and text.endswith("hết.")
