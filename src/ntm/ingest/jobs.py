"""Uploaded reports read within bounds: small batches in the request, large or slow ones as a background job.

Every file is read in a child process held to a time and a memory limit (`bounded.read_report_limited`),
so no upload can hold a core or gigabytes of memory past its limit, in the request or in the worker.
A batch over `INLINE_BYTES` (or a PDF over `PDF_INLINE_BYTES`: scanned pages go through OCR) is kept aside
and read by `ntm manage db_worker` as a Job of kind `ingest.upload`; the import page polls it, and the
files, once read, wait for confirmation like any other upload (all of the batch, or none).
"""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from ntm.common.errors import BadInput, NotFound, NtmError
from ntm.common.jobs import fail_job, finish_job, mark_running, record_progress, start_job
from ntm.common.models import Job, JobState
from ntm.common.scope import visible_units
from ntm.geo.models import Unit

from .bounded import Limits, ReadTooLong, Report, read_report_limited
from .services import UploadRejected, upload_reports

KIND = "ingest.upload"
INLINE_BYTES = 1024 * 1024                           # a batch up to this size is read while the official waits
PDF_INLINE_BYTES = 64 * 1024                         # a larger PDF is likely a scan: it goes to the worker
REQUEST_LIMITS = Limits(seconds=20, memory_mb=1024)  # well inside the web server's request timeout
JOB_LIMITS = Limits(seconds=300, memory_mb=1536)     # per file, in the worker
QUEUED_FOLDER = "imports/queued"


def needs_background(uploads: list[Any]) -> bool:
    """A batch over INLINE_BYTES, or a PDF over PDF_INLINE_BYTES (likely scanned pages: OCR takes seconds a page)."""
    sizes = [(str(getattr(upload, "name", "")).lower(), getattr(upload, "size", 0) or 0) for upload in uploads]
    return sum(size for _, size in sizes) > INLINE_BYTES or \
        any(name.endswith(".pdf") and size > PDF_INLINE_BYTES for name, size in sizes)


def upload_or_queue(*, actor: Any, uploads: list[Any], replace: bool = False) -> Job | None:
    """Read a small batch now (None once kept), each file within REQUEST_LIMITS; queue a large one (the Job).

    A small batch whose reading goes past REQUEST_LIMITS is queued too, with the worker's longer limits;
    any other refusal is UploadRejected, as upload_reports raises it.
    """
    if needs_background(uploads):
        return start_upload_job(actor=actor, uploads=uploads, replace=replace)
    slow: list[str] = []

    def read(path: Path) -> Report:
        try:
            return read_report_limited(path, REQUEST_LIMITS)
        except ReadTooLong:
            slow.append(path.name)
            raise

    try:
        upload_reports(actor=actor, uploads=uploads, replace=replace, reader=read)
    except UploadRejected as err:
        if not slow or err.duplicates:
            raise
        for upload in uploads:
            upload.seek(0)
        return start_upload_job(actor=actor, uploads=uploads, replace=replace)
    return None


def start_upload_job(*, actor: Any, uploads: list[Any], replace: bool = False) -> Job:
    """Keep the files aside and queue their reading; BadInput when the actor has no unit to file the job under."""
    unit = _job_unit(actor)
    folder = f"{QUEUED_FOLDER}/{uuid.uuid4().hex}"
    names = [default_storage.save(f"{folder}/{Path(str(upload.name)).name}", upload) for upload in uploads]
    params = {"files": names, "replace": replace}
    return start_job(actor=actor, kind=KIND, unit=unit, params=params, task=import_uploads)


def _job_unit(actor: Any) -> Unit:
    """The unit a job is filed under: the actor's own (their first membership), else the first they may see."""
    membership = actor.memberships.select_related("unit").first()
    unit = membership.unit if membership else visible_units(actor).order_by("level", "pk").first()
    if unit is None:
        raise BadInput("tài khoản chưa được gán đơn vị nào, chưa tải lên được",
                       "the account has no unit yet; nothing can be uploaded", field="files")
    return unit


@task
def import_uploads(job_id: int) -> dict[str, int]:
    """Read the files kept aside for the job (see run_upload_job)."""
    return run_upload_job(job_id)


def run_upload_job(job_id: int, *, limits: Limits = JOB_LIMITS) -> dict[str, int]:
    """Read every file of the job within `limits` and keep them pending confirmation (all, or none).

    The files are read first, outside any transaction, the progress written after each; only then are
    they kept, in one short transaction (a write lock held for minutes would stop every other writer).
    """
    job = Job.objects.select_related("created_by").get(pk=job_id)
    names = list(job.params.get("files") or [])
    mark_running(job, total=len(names))
    try:
        read = _read_ahead(job, names, limits)
        uploads = [_stored(name) for name in names]
        records = upload_reports(actor=job.created_by, uploads=uploads, replace=bool(job.params.get("replace")),
                                 reader=lambda path: read(path.name))
    except NtmError as err:
        errors = err.errors if isinstance(err, UploadRejected) else [err.message_vi]
        record_progress(job, done=len(names), failures=[{"name": "", "message": e} for e in errors])
        fail_job(job, message="; ".join(errors))
        return {"imports": 0, "failed": len(errors)}
    finally:
        _discard_stored(names)
    job.params = {**job.params, "imports": [record.pk for record in records]}
    job.save(update_fields=["params"])
    finish_job(job)
    return {"imports": len(records), "failed": 0}


def _read_ahead(job: Job, names: list[str], limits: Limits) -> Callable[[str], Report]:
    """Read each stored file within `limits`, writing the progress; a lookup by file name for upload_reports."""
    results: dict[str, Report | NtmError] = {}
    for done, name in enumerate(names, start=1):
        try:
            results[posixpath.basename(name)] = read_report_limited(default_storage.path(name), limits)
        except NtmError as err:
            results[posixpath.basename(name)] = err
        record_progress(job, done=done, failures=[])

    def read(filename: str) -> Report:
        result = results[filename]
        if isinstance(result, NtmError):
            raise result
        return result
    return read


def _stored(name: str) -> Any:
    stored = default_storage.open(name, "rb")
    stored.name = posixpath.basename(name)
    return stored


def _discard_stored(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def upload_jobs(actor: Any, *, limit: int = 5) -> list[Job]:
    """The actor's latest upload jobs still worth showing: running or queued, or finished in the last hour."""
    recent = timezone.now() - timedelta(hours=1)
    jobs = Job.objects.filter(kind=KIND, created_by=actor).filter(
        Q(state__in=[JobState.QUEUED, JobState.RUNNING]) | Q(finished_at__gte=recent))
    return list(jobs[:limit])


def get_upload_job(actor: Any, pk: int) -> Job:
    """One of the actor's own upload jobs; NotFound otherwise."""
    job = Job.objects.filter(kind=KIND, created_by=actor, pk=pk).first()
    if job is None:
        raise NotFound(f"không tìm thấy việc số {pk}", f"job {pk} not found", field="job")
    return job
