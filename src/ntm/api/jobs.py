"""API: background jobs — start a province's batch of báo cáo, read a job's progress, fetch its result file.

Only those who oversee the unit (its province office, an administrator) start or see its jobs; the
services check the scope again.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from ntm.api.errors import with_errors
from ntm.common.errors import NotFound
from ntm.common.jobs import get_job_in_scope, result_filename
from ntm.common.models import Job, JobState
from ntm.common.scope import Access, get_unit_in_scope
from ntm.documents.batch import start_province_batch
from ntm.monitoring.periods import Period

router = Router(tags=["jobs"])


class DocumentBatchIn(Schema):
    period: str  # "2024-Q1", "2024-6M", "2024"


class FailureOut(Schema):
    unit: str
    name: str
    message: str


class JobOut(Schema):
    id: int
    kind: str
    unit: str
    params: dict[str, Any]
    state: str
    total: int
    done: int
    percent: int
    failures: list[FailureOut]
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    result_url: str | None


def job_to_dict(job: Job) -> dict[str, Any]:
    """The fields of JobOut; the unit ids of the batch's list are left out (the count is `total`)."""
    result_url = reverse("api:job_result", args=[job.pk]) if job.state == JobState.DONE and job.result else None
    params = {k: v for k, v in job.params.items() if k != "units"}
    return {"id": job.pk, "kind": job.kind, "unit": job.unit.key, "params": params, "state": job.state,
            "total": job.total, "done": job.done, "percent": job.percent, "failures": job.failures,
            "error": job.error, "created_at": job.created_at, "finished_at": job.finished_at,
            "result_url": result_url}


@router.post("/provinces/{key}/document-batches", response=with_errors({202: JobOut}))
def start_document_batch(request: HttpRequest, key: str, body: DocumentBatchIn) -> Status[dict[str, Any]]:
    """Queue the báo cáo (DOCX) of every commune of the province for the period; poll /jobs/{id} for progress."""
    province = get_unit_in_scope(request.user, key, Access.REVIEW)
    job = start_province_batch(actor=request.user, province=province, period=Period.parse(body.period))
    return Status(202, job_to_dict(job))


@router.get("/jobs/{job_id}", response=with_errors(JobOut))
def read_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A job's state and progress: done of total, the failed items with their reason, the result's URL."""
    return job_to_dict(get_job_in_scope(request.user, job_id))


@router.get("/jobs/{job_id}/result", url_name="job_result", response=with_errors({200: None}))
def job_result(request: HttpRequest, job_id: int) -> FileResponse:
    """The finished job's file (a ZIP for a batch of documents)."""
    job = get_job_in_scope(request.user, job_id)
    if job.state != JobState.DONE or not job.result:
        raise NotFound("việc này chưa có tệp kết quả", "this job has no result file yet", field="job")
    name = result_filename(job)
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name,
                        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
