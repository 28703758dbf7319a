"""Uploads of legacy reports: each file read (within bounds), refused whole or kept pending confirmation."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, ImportRejected, NotFound, NtmError
from ntm.common.formats import format_date

from ..bounded import ReadTooLong, Report, read_report
from ..models import ImportRecord, ImportStatus
from ..readers import MAX_BYTES

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf", ".doc")


@dataclass(frozen=True)
class DuplicateUpload:
    """A file whose bytes were already imported: the earlier import, and whether the actor may open it."""

    filename: str
    earlier: ImportRecord
    visible: bool


@dataclass(frozen=True)
class Refusal:
    """One file of a batch refused at upload, and why, in Vietnamese and English."""

    filename: str
    reason_vi: str
    reason_en: str
    slow: bool = False   # its reading went past the request's time limit: the worker, with longer ones, may read it

    @property
    def message_vi(self) -> str:
        """«bao-cao.pdf»: không đọc được tệp PDF."""
        named = self.reason_vi.startswith(f"«{self.filename}»")
        return self.reason_vi if named else f"«{self.filename}»: {self.reason_vi}"

    @property
    def message_en(self) -> str:
        """'bao-cao.pdf': not a readable PDF."""
        named = self.reason_en.startswith(f"'{self.filename}'")
        return self.reason_en if named else f"'{self.filename}': {self.reason_en}"


@dataclass
class UploadRejected(ImportRejected):
    """Files refused at upload (nothing of the batch was kept); `duplicates` names earlier imports."""

    duplicates: list[DuplicateUpload] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


@dataclass
class UploadOutcome:
    """What an upload kept (pending confirmation), the files it left out (only when asked to keep the
    valid ones), and the background job reading the rest, if any (`ingest.jobs.upload_or_queue`)."""

    records: list[ImportRecord]
    refused: list[Refusal] = field(default_factory=list)
    job: Any = None


@dataclass(frozen=True)
class _ReadFile:
    name: str
    upload: Any
    content_hash: str
    text: str
    facts: dict[str, Any]


def content_hash(upload: Any) -> str:
    """The SHA-256 of an uploaded file's bytes, as 64 hex digits; the file is rewound."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _read_upload(upload: Any, reader: Callable[[Path], Report]) -> _ReadFile:
    name = Path(getattr(upload, "name", "") or "tệp").name
    if not name.lower().endswith(ALLOWED_SUFFIXES) or upload.size > MAX_BYTES:
        raise BadInput(f"«{name}»: chỉ nhận .txt, .docx, .pdf, .doc đến {MAX_BYTES // 2**20} MB",
                       f"'{name}': only .txt, .docx, .pdf, .doc up to {MAX_BYTES // 2**20} MB", field=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        report = reader(path)
    upload.seek(0)
    return _ReadFile(name, upload, content_hash(upload), report.text, report.facts)


def may_open(actor: Any, record: ImportRecord) -> bool:
    """The uploader and administrators may open (and replace) an import; nobody else."""
    return bool(getattr(actor, "is_superuser", False) or record.uploaded_by_id == actor.pk)


def live_twins(content_hash: str) -> list[ImportRecord]:
    """Imports of the same bytes that still count: pending or confirmed (discarded ones do not)."""
    return list(ImportRecord.objects.filter(content_hash=content_hash,
                                            status__in=[ImportStatus.PENDING, ImportStatus.CONFIRMED])
                .select_related("uploaded_by", "unit").order_by("uploaded_at", "id"))


def describe_import(record: ImportRecord, *, visible: bool = True) -> str:
    """«bao-cao.txt», tải lên ngày 30/11/2026 bởi can_bo, đơn vị Xã Cao Ngọc, Đã xác nhận."""
    when = format_date(timezone.localdate(record.uploaded_at))
    if not visible:
        return f"tải lên ngày {when} bởi một cán bộ khác, {record.get_status_display().lower()}"
    who = record.uploaded_by.username if record.uploaded_by else "hệ thống"
    unit = f"đơn vị {record.unit.name}" if record.unit else "chưa chọn đơn vị"
    return (f"lần nhập số {record.pk}, tệp «{record.filename}», tải lên ngày {when} bởi {who}, "
            f"{unit}, {record.get_status_display().lower()}")


def _duplicate_problem(actor: Any, item: _ReadFile, earlier: ImportRecord, replace: bool) -> DuplicateUpload | None:
    """None when `item` may go ahead (replacement asked and allowed); otherwise what to tell the official."""
    visible = may_open(actor, earlier)
    if replace and visible:
        return None
    return DuplicateUpload(item.name, earlier, visible)


def _duplicate_message(problem: DuplicateUpload) -> str:
    told = describe_import(problem.earlier, visible=problem.visible)
    if not problem.visible:
        return (f"«{problem.filename}»: tệp này đã được nhập ({told}); chỉ người đã nhập hoặc quản trị viên "
                "mới thay thế được")
    return (f"«{problem.filename}»: tệp này đã được nhập ({told}). Không tạo bản trùng; nếu muốn thay bản cũ "
            "bằng tệp này, đánh dấu «Thay thế bản đã nhập» rồi tải lên lại")


@transaction.atomic
def upload_batch(*, actor: Any, uploads: list[Any], replace: bool = False, keep_valid: bool = False,
                 reader: Callable[[Path], Report] = read_report) -> UploadOutcome:
    """Read every file and keep their facts, pending confirmation: all files, or none (UploadRejected
    naming each refused file and why); with `keep_valid`, the valid files and the refused ones listed.

    A file whose bytes match a pending or confirmed import is refused, naming it, unless `replace`:
    then a pending twin is discarded now and a confirmed one is retired when the new file is confirmed.
    `reader` reads one file (the upload job passes one held to a time and memory limit).
    """
    read, refused, duplicates, seen = [], [], [], set()
    for upload in uploads:
        try:
            item = _read_upload(upload, reader)
        except NtmError as err:
            name = Path(str(getattr(upload, "name", "") or "tệp")).name
            refused.append(Refusal(name, err.message_vi, err.message_en, slow=isinstance(err, ReadTooLong)))
            continue
        if item.content_hash in seen:
            refused.append(Refusal(item.name, "trùng nội dung với một tệp khác trong cùng lần tải lên",
                                   "the same content as another file of this upload"))
            continue
        seen.add(item.content_hash)
        twins = live_twins(item.content_hash)
        problem = next((p for p in (_duplicate_problem(actor, item, t, replace) for t in twins) if p), None)
        if problem is not None:
            duplicates.append(problem)
            refused.append(Refusal(item.name, _duplicate_message(problem),
                                   f"already imported (import {problem.earlier.pk})" if problem.visible
                                   else "already imported by another official"))
            continue
        read.append((item, twins))
    if refused and not (keep_valid and read):
        raise _rejected(refused, duplicates)
    return UploadOutcome([_save_upload(actor, item, twins) for item, twins in read], refused)


def _rejected(refused: list[Refusal], duplicates: list[DuplicateUpload]) -> UploadRejected:
    errors = [r.message_vi for r in refused]
    return UploadRejected("Không tệp nào được lưu: " + "; ".join(errors),
                          "Nothing was kept: " + "; ".join(r.message_en for r in refused),
                          errors=errors, duplicates=duplicates, refusals=refused,
                          fields={r.filename: r.message_vi for r in refused})


def upload_reports(*, actor: Any, uploads: list[Any], replace: bool = False,
                   reader: Callable[[Path], Report] = read_report) -> list[ImportRecord]:
    """`upload_batch`, all files or none: the imports kept."""
    return upload_batch(actor=actor, uploads=uploads, replace=replace, reader=reader).records


def _save_upload(actor: Any, item: _ReadFile, twins: list[ImportRecord]) -> ImportRecord:
    confirmed = next((t for t in twins if t.status == ImportStatus.CONFIRMED), None)
    record = ImportRecord(filename=item.name, uploaded_by=actor if getattr(actor, "pk", None) else None,
                          content_hash=item.content_hash, text=item.text, facts=item.facts, replaces=confirmed)
    record.file.save(item.name, item.upload, save=False)
    record.save()
    audit(actor, "ingest.import.uploaded", record,
          after={"filename": item.name, "sha256": item.content_hash, "replaces": confirmed.pk if confirmed else None})
    for twin in twins:
        if twin.status == ImportStatus.PENDING:
            discard_import(actor=actor, record=twin, reason=f"thay bằng lần nhập số {record.pk}")
    return record


def upload_report(*, actor: Any, upload: Any, replace: bool = False) -> ImportRecord:
    """Read one uploaded report and keep its extracted facts, pending confirmation."""
    return upload_reports(actor=actor, uploads=[upload], replace=replace)[0]


@transaction.atomic
def discard_import(*, actor: Any, record: ImportRecord, reason: str = "") -> ImportRecord:
    """Set a pending upload aside (nothing of it was saved); the same file may then be uploaded again."""
    if not may_open(actor, record):
        raise NotFound("không tìm thấy tệp đã tải lên", "upload not found", field="import")
    if record.status != ImportStatus.PENDING:
        raise BadInput(f"«{record.filename}» đã được xử lý, không bỏ được",
                       f"'{record.filename}' was already handled", field=record.filename)
    record.status = ImportStatus.DISCARDED
    record.save(update_fields=["status"])
    audit(actor, "ingest.import.discarded", record, before={"status": ImportStatus.PENDING},
          after={"status": ImportStatus.DISCARDED, "reason": reason})
    return record


def pending_imports(actor: Any) -> list[ImportRecord]:
    """The actor's own uploads still waiting for confirmation."""
    return list(ImportRecord.objects.filter(uploaded_by=actor, status=ImportStatus.PENDING))


def get_import(actor: Any, pk: int) -> ImportRecord:
    """An upload of the actor's (or any, for an administrator); NotFound otherwise."""
    found = ImportRecord.objects.filter(pk=pk).first()
    if found is None or not may_open(actor, found):
        raise NotFound("không tìm thấy tệp đã tải lên", "upload not found", field="import")
    return found
