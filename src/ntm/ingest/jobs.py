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
from ntm.common.jobs import fail_job, fail_stalled, finish_job, mark_running, record_progress, start_job
from ntm.common.models import Job, JobState
from ntm.common.scope import visible_units
from ntm.geo.models import Unit

from .bounded import Limits, Report, read_report_limited
from .services import UploadOutcome, UploadRejected, upload_batch

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


def upload_or_queue(*, actor: Any, uploads: list[Any], replace: bool = False,
                    keep_valid: bool = False) -> UploadOutcome:
    """Read a small batch now, each file within REQUEST_LIMITS; queue a large one (the outcome's `job`).

    Files whose reading goes past REQUEST_LIMITS are queued, with the worker's longer limits: the whole
    batch when it is kept whole, only those files when `keep_valid` kept the others. Any other refusal
    is UploadRejected, as upload_batch raises it.
    """
    if needs_background(uploads):
        return UploadOutcome([], job=start_upload_job(actor=actor, uploads=uploads, replace=replace,
                                                      keep_valid=keep_valid))
    try:
        outcome = upload_batch(actor=actor, uploads=uploads, replace=replace, keep_valid=keep_valid,
                               reader=lambda path: read_report_limited(path, REQUEST_LIMITS))
    except UploadRejected as err:
        if not all(refusal.slow for refusal in err.refusals):
            raise
        return UploadOutcome([], job=_queue_again(actor, uploads, replace, keep_valid))
    slow = {refusal.filename for refusal in outcome.refused if refusal.slow}
    if slow:
        outcome.refused = [refusal for refusal in outcome.refused if not refusal.slow]
        outcome.job = _queue_again(actor, [u for u in uploads if Path(str(u.name)).name in slow], replace, True)
    return outcome


def _queue_again(actor: Any, uploads: list[Any], replace: bool, keep_valid: bool) -> Job:
    for upload in uploads:
        upload.seek(0)
    return start_upload_job(actor=actor, uploads=uploads, replace=replace, keep_valid=keep_valid)


def start_upload_job(*, actor: Any, uploads: list[Any], replace: bool = False, keep_valid: bool = False) -> Job:
    """Keep the files aside and queue their reading; BadInput when the actor has no unit to file the job under."""
    unit = _job_unit(actor)
    folder = f"{QUEUED_FOLDER}/{uuid.uuid4().hex}"
    names = [default_storage.save(f"{folder}/{Path(str(upload.name)).name}", upload) for upload in uploads]
    params = {"files": names, "replace": replace, "keep_valid": keep_valid}
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
    """Read every file of the job within `limits` and keep them pending confirmation (all, or none;
    or, when the official asked to keep the valid ones, those, the others listed as the job's failures).

    The files are read first, outside any transaction, the progress written after each; only then are
    they kept, in one short transaction (a write lock held for minutes would stop every other writer).
    """
    job = Job.objects.select_related("created_by").get(pk=job_id)
    names = list(job.params.get("files") or [])
    mark_running(job, total=len(names))
    try:
        read = _read_ahead(job, names, limits)
        uploads = [_stored(name) for name in names]
        outcome = upload_batch(actor=job.created_by, uploads=uploads, replace=bool(job.params.get("replace")),
                               keep_valid=bool(job.params.get("keep_valid")), reader=lambda path: read(path.name))
    except NtmError as err:
        failures = [_failure(r.filename, r.message_vi) for r in err.refusals] if isinstance(err, UploadRejected) \
            else [_failure("", err.message_vi)]
        record_progress(job, done=len(names), failures=failures)
        fail_job(job, message=err.message_vi)
        return {"imports": 0, "failed": len(failures)}
    finally:
        _discard_stored(names)
    record_progress(job, done=len(names), failures=[_failure(r.filename, r.message_vi) for r in outcome.refused])
    job.params = {**job.params, "imports": [record.pk for record in outcome.records]}
    job.save(update_fields=["params"])
    finish_job(job)
    return {"imports": len(outcome.records), "failed": len(outcome.refused)}


def _failure(name: str, message: str) -> dict[str, str]:
    return {"unit": "", "name": name, "message": message}


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
    return fail_stalled(jobs[:limit])


def get_upload_job(actor: Any, pk: int) -> Job:
    """One of the actor's own upload jobs; NotFound otherwise."""
    job = Job.objects.filter(kind=KIND, created_by=actor, pk=pk).first()
    if job is None:
        raise NotFound(f"không tìm thấy việc số {pk}", f"job {pk} not found", field="job")
    fail_stalled([job])
    return job
