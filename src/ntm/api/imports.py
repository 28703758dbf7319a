"""API: upload legacy reports (a batch kept whole, or its valid files when asked) and list those waiting.

The same services as the import page (`ingest.jobs.upload_or_queue`): each file read in a child process
held to a time and memory limit, a large batch read by the worker (answered 202 with the job to poll at
/jobs/{id}); confirmation is done on the review page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from ntm.api.errors import with_errors
from ntm.api.jobs import JobOut, job_to_dict
from ntm.common.errors import BadInput
from ntm.ingest.jobs import upload_jobs, upload_or_queue
from ntm.ingest.models import ImportRecord
from ntm.ingest.services import Refusal, pending_imports

router = Router(tags=["imports"])


class ImportOut(Schema):
    id: int
    filename: str
    status: str
    sha256: str
    uploaded_at: dt.datetime
    unit_name: str       # the unit the document names, as read ("" when none was read)
    replaces: int | None


class RefusedOut(Schema):
    filename: str
    message: str
    message_en: str


class UploadOut(Schema):
    imports: list[ImportOut]
    refused: list[RefusedOut]
    job: JobOut | None


class ImportsOut(Schema):
    pending: list[ImportOut]
    jobs: list[JobOut]


def _import(record: ImportRecord) -> dict[str, Any]:
    return {"id": record.pk, "filename": record.filename, "status": record.status, "sha256": record.content_hash,
            "uploaded_at": record.uploaded_at, "unit_name": (record.facts.get("unit") or {}).get("name") or "",
            "replaces": record.replaces_id}


def _refused(refusal: Refusal) -> dict[str, str]:
    return {"filename": refusal.filename, "message": refusal.message_vi, "message_en": refusal.message_en}


@router.post("/imports", url_name="imports_upload", response=with_errors({201: UploadOut, 202: UploadOut}))
def upload_imports(request: HttpRequest, replace: bool = False, keep_valid: bool = False,
                   files: list[UploadedFile] = File(None)) -> Status[dict[str, Any]]:  # noqa: B008 - ninja's idiom
    """Upload report files (multipart field `files`, repeated). By default all are kept or none: any file
    refused answers 422 naming each one and why (`fields`: {file name: reason}). `keep_valid=true` keeps the
    readable ones and lists the others in `refused`. 201 when read now; 202 with `job` when the worker reads
    them (poll /jobs/{id}). `replace=true` replaces an earlier import of the same bytes."""
    if not files:
        raise BadInput("cần gửi ít nhất một tệp trong trường «files»", "send at least one file in the field 'files'",
                       field="files")
    outcome = upload_or_queue(actor=request.user, uploads=files, replace=replace, keep_valid=keep_valid)
    body = {"imports": [_import(r) for r in outcome.records], "refused": [_refused(r) for r in outcome.refused],
            "job": job_to_dict(outcome.job) if outcome.job is not None else None}
    return Status(202 if outcome.job is not None else 201, body)


@router.get("/imports", url_name="imports_list", response=with_errors(ImportsOut))
def list_imports(request: HttpRequest) -> dict[str, Any]:
    """The caller's uploads waiting for confirmation, and their upload jobs still running (or ended in the
    last hour) with their progress."""
    return {"pending": [_import(r) for r in pending_imports(request.user)],
            "jobs": [job_to_dict(job) for job in upload_jobs(request.user)]}
