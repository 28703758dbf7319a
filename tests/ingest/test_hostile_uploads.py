"""Hostile uploads through the real upload paths (the import page and POST /api/imports).

Each answers a 4xx naming the file and why, or is handed to a background job that ends with a clear
message: never a 500, never saved in part. Every file is read in a child process held to the request's
(or the job's) time and memory limits: the tests assert which limits each read ran under and how the
child ended, not how long it took.
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image

from ntm.api.models import ApiToken
from ntm.common.errors import NtmError
from ntm.common.models import Job, JobState
from ntm.ingest import jobs
from ntm.ingest.bounded import Limits
from ntm.ingest.models import ImportRecord

from .builders import build_docx, build_pdf
from .conftest import SEEDS

pytestmark = pytest.mark.django_db
PAGE, API = "/nhap-bao-cao/", "/api/imports"
SEED_TEXT = (SEEDS / "000_029306e97db87dbe.txt").read_text(encoding="utf-8")


# --- the files -----------------------------------------------------------------------------------------

def _docx_with(document_xml: bytes, tmp: Path) -> bytes:
    """A real DOCX (python-docx's own package) whose body is replaced by `document_xml`."""
    source = build_docx(tmp / "mau.docx", ["Báo cáo"])
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            data = document_xml if entry.filename == "word/document.xml" else original.read(entry)
            copy.writestr(entry.filename, data)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_bomb_docx(tmp: Path) -> bytes:
    """60 MB of zeros in the package, packed to about 60 KB."""
    return _docx_with(b"<w:document " + W + b"><w:body><w:p><w:r><w:t>" + b"0" * (60 * 2**20)
                      + b"</w:t></w:r></w:p></w:body></w:document>", tmp)


def deeply_nested_docx(tmp: Path) -> bytes:
    """5,000 nested elements (XML parsers stop far sooner)."""
    return _docx_with(b"<w:document " + W + b"><w:body>" + b"<w:p>" * 5000 + b"</w:p>" * 5000
                      + b"</w:body></w:document>", tmp)


def entity_bomb_docx(tmp: Path) -> bytes:
    """'Billion laughs': nested entities that would expand to gigabytes if resolved."""
    entities = b"".join(b'<!ENTITY e%d "' % i + b"&e%d;" % (i - 1) * 10 + b'">' for i in range(1, 10))
    return _docx_with(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e0 "ha">' + entities + b"]><w:document "
                      + W + b"><w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>", tmp)


def huge_xml_docx(tmp: Path) -> bytes:
    """A body of 40,000 paragraphs (about 4 MB of XML) within the unpacking limits."""
    body = b"".join(b"<w:p><w:r><w:t>Xa dat tieu chi %d.</w:t></w:r></w:p>" % i for i in range(40_000))
    return _docx_with(b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>", tmp)


def malformed_pdf(tmp: Path) -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EO"


def truncated_pdf(tmp: Path) -> bytes:
    whole = build_pdf(tmp / "day-du.pdf", SEED_TEXT[:2000]).read_bytes()
    return whole[: len(whole) // 2]


def huge_image_pdf(tmp: Path) -> bytes:
    """One page of the largest size PDF allows (200 × 200 inches), an image over all of it, no text."""
    png = io.BytesIO()
    Image.new("L", (8, 8), 128).save(png, format="PNG")
    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=0, y=0, w=14400, h=14400)
    return bytes(pdf.output())


def thousands_of_pages_pdf(tmp: Path) -> bytes:
    pdf = FPDF()
    for _ in range(2000):
        pdf.add_page()
    return bytes(pdf.output())


def pdf_named_docx(tmp: Path) -> bytes:
    return build_pdf(tmp / "that-ra-la-pdf.pdf", "Báo cáo").read_bytes()


def program_named_docx(tmp: Path) -> bytes:
    return b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 40


def nul_bytes_txt(tmp: Path) -> bytes:
    return b"\x00" * 20_000


def random_bytes_txt(tmp: Path) -> bytes:
    return os.urandom(20_000)


def windows_1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: â ă ê ô ơ ư đ precomposed, the tone marks as combining characters."""
    out = bytearray()
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in marks if m in "\u0302\u0306\u031b")
        tone = "".join(m for m in marks if m not in shape)
        out += (unicodedata.normalize("NFC", base + shape) + tone).encode("cp1258")
    return bytes(out)


def blank_txt(tmp: Path) -> bytes:
    return b" \r\n\t\n" * 100


# name, builder, what the refusal must say (in the page and in the API's fields[name])
REFUSED: list[tuple[str, Callable[[Path], bytes], str]] = [
    ("bom-nen.docx", zip_bomb_docx, "nghi là bom nén"),
    ("long-sau.docx", deeply_nested_docx, "không đọc được tệp Word"),
    ("bom-thuc-the.docx", entity_bomb_docx, "không đọc được tệp Word"),
    ("hong.pdf", malformed_pdf, "không có chữ nào"),
    ("cat-doi.pdf", truncated_pdf, "không đọc được tệp PDF"),
    ("anh-khong-lo.pdf", huge_image_pdf, "bộ nhớ nên đã dừng"),
    ("la-pdf.docx", pdf_named_docx, "tệp .docx bị hỏng"),
    ("chuong-trinh.docx", program_named_docx, "tệp .docx bị hỏng"),
    ("toan-nul.txt", nul_bytes_txt, "không phải là văn bản"),
    ("ngau-nhien.txt", random_bytes_txt, "không phải là văn bản"),
    ("trong.txt", blank_txt, "tệp trống"),
]


# --- the two interfaces --------------------------------------------------------------------------------

@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Limits, object]]:
    """Every read of an uploaded file: (file name, the child's limits, its Report or the error it raised)."""
    seen: list[tuple[str, Limits, object]] = []
    real = jobs.read_report_limited

    def spy(path: str | Path, limits: Limits):  # type: ignore[no-untyped-def]
        try:
            report = real(path, limits)
        except NtmError as err:
            seen.append((Path(path).name, limits, err))
            raise
        seen.append((Path(path).name, limits, report))
        return report

    monkeypatch.setattr(jobs, "read_report_limited", spy)
    return seen


@pytest.fixture
def send(client, commune_official, settings, tmp_path):  # type: ignore[no-untyped-def]
    """send(via, name, content, good=False): POST the file (after a good seed, when asked) to the page or the API."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(commune_official)
    token = ApiToken.issue(commune_official, "hostile")[1]

    def post(via: str, name: str, content: bytes, *, good: bool = False):  # type: ignore[no-untyped-def]
        files = [SimpleUploadedFile(name, content)]
        if good:
            files.insert(0, SimpleUploadedFile("tot.txt", SEED_TEXT.encode()))
        if via == "page":
            return client.post(PAGE, {"files": files})
        return client.post(API, {"files": files}, headers={"Authorization": f"Bearer {token}"})
    return post


def refusal_text(via: str, response, name: str) -> str:  # type: ignore[no-untyped-def]
    """What the official (page) or the program (API, `fields[name]`) is told about the file."""
    if via == "page":
        return str(response.content.decode())
    return str(response.json()["fields"].get(name, ""))


# --- refused at once -----------------------------------------------------------------------------------

@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize(("name", "build", "reason"), REFUSED, ids=[case[0] for case in REFUSED])
def test_a_hostile_file_beside_a_good_one_is_a_422_naming_it_and_keeps_nothing(
        send, reads, tmp_path, via, name, build, reason) -> None:  # type: ignore[no-untyped-def]
    response = send(via, name, build(tmp_path), good=True)
    assert response.status_code == 422
    told = refusal_text(via, response, name)
    assert f"«{name}»" in told and reason in told
    assert not ImportRecord.objects.exists() and not Job.objects.exists()
    assert [(file, limits) for file, limits, _ in reads] == [("tot.txt", jobs.REQUEST_LIMITS),
                                                             (name, jobs.REQUEST_LIMITS)]
    assert isinstance(reads[1][2], NtmError)


# --- read, as far as they can be ------------------------------------------------------------------------

@pytest.mark.parametrize("via", ["page", "api"])
def test_a_windows_1258_text_and_a_text_with_stray_nuls_are_read(send, reads, via) -> None:  # type: ignore[no-untyped-def]
    sentence = "Xã Cao Ngọc đạt 16/19 tiêu chí nông thôn mới năm 2024."
    assert send(via, "cu.txt", windows_1258(sentence)).status_code in (201, 302)
    assert send(via, "nul.txt", (sentence + "\x00\x00 Hết.").encode()).status_code in (201, 302)
    texts = dict(ImportRecord.objects.values_list("filename", "text"))
    assert texts["cu.txt"] == sentence and texts["nul.txt"] == sentence + " Hết."
    assert {limits for _, limits, _ in reads} == {jobs.REQUEST_LIMITS}


def test_a_huge_docx_body_is_read_within_the_request_limits(send, reads, tmp_path) -> None:  # type: ignore[no-untyped-def]
    response = send("api", "dai.docx", huge_xml_docx(tmp_path))
    (name, limits, outcome), = reads
    assert (name, limits) == ("dai.docx", jobs.REQUEST_LIMITS)
    if isinstance(outcome, NtmError):   # stopped by the child's limits: handed to the worker, never a 500
        assert response.status_code == 202 and "giây" in outcome.message_vi
    else:
        assert response.status_code == 201 and "Xa dat tieu chi 39999." in ImportRecord.objects.get().text


# --- handed to the worker, which ends with a clear message ----------------------------------------------

@pytest.mark.parametrize("via", ["page", "api"])
def test_a_4_mb_text_goes_to_the_worker_and_is_stopped_at_the_jobs_limit(
        send, reads, via) -> None:  # type: ignore[no-untyped-def]
    four_mb = (SEED_TEXT * (4 * 2**20 // len(SEED_TEXT.encode()) + 1)).encode()
    response = send(via, "bao-cao-4mb.txt", four_mb)
    assert response.status_code == (302 if via == "page" else 202) and reads == []   # nothing read in the request
    job = Job.objects.get()
    tight = Limits(seconds=1, memory_mb=1024)
    jobs.run_upload_job(job.pk, limits=tight)
    job.refresh_from_db()
    (name, limits, outcome), = reads
    assert (name, limits) == ("bao-cao-4mb.txt", tight) and isinstance(outcome, NtmError)
    assert job.state == JobState.FAILED and "«bao-cao-4mb.txt»: đọc tệp quá 1 giây nên đã dừng" in job.error
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize("via", ["page", "api"])
def test_a_pdf_of_thousands_of_pages_goes_to_the_worker_and_is_refused_there(
        send, reads, tmp_path, via, client) -> None:  # type: ignore[no-untyped-def]
    response = send(via, "nghin-trang.pdf", thousands_of_pages_pdf(tmp_path))
    assert response.status_code == (302 if via == "page" else 202) and reads == []
    job = Job.objects.get()
    jobs.run_upload_job(job.pk)
    job.refresh_from_db()
    assert [(name, limits) for name, limits, _ in reads] == [("nghin-trang.pdf", jobs.JOB_LIMITS)]
    assert job.state == JobState.FAILED and "«nghin-trang.pdf»: tệp PDF quá nhiều trang (tối đa 500)" in job.error
    page = client.get(f"{PAGE}?viec={job.pk}").content.decode()
    assert "quá nhiều trang" in page and 'id="upload-job-failed"' in page


@pytest.mark.parametrize(("sent", "kept"), [("bao\x00cao.txt", "baocao.txt"), ("../../etc/passwd.txt", "passwd.txt"),
                                            ("a" * 300 + ".txt", "a" * 251 + ".txt")])
def test_a_hostile_file_name_is_kept_as_a_plain_base_name(send, sent, kept) -> None:  # type: ignore[no-untyped-def]
    assert send("page", sent, SEED_TEXT.encode()).status_code == 302
    record = ImportRecord.objects.get()
    assert record.filename == kept and "/" not in record.file.name.removeprefix("imports/").split("/", 1)[1]
