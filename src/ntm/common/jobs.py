"""Background jobs: start one on the task queue, record its progress, finish it with a file or a reason.

A Job row is what pages and the API read; the work runs as a Django task in `ntm manage db_worker`
(started beside the server by `ntm serve --with-worker`). Progress is written with plain UPDATEs outside
any transaction, so a page polling the job sees every step as soon as it is made.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from ntm.geo.models import Unit

from .audit import audit
from .errors import NotFound
from .models import Job, JobState
from .scope import Access, visible_units


def start_job(*, actor: Any, kind: str, unit: Unit, params: dict[str, Any], task: Task) -> Job:
    """Create the job and put `task(job_id)` on the queue, in one transaction: the worker sees both or neither."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, unit=unit, params=params,
                                 created_by=actor if getattr(actor, "pk", None) else None)
        job.task_id = str(task.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
        audit(actor, "common.job.started", job, unit_code=unit.code, after={"kind": kind, **params})
    return job


def mark_running(job: Job, *, total: int) -> None:
    """The job has started and has `total` items to handle."""
    job.state, job.total, job.done, job.failures = JobState.RUNNING, total, 0, []
    job.save(update_fields=["state", "total", "done", "failures"])


def record_progress(job: Job, *, done: int, failures: list[dict[str, Any]]) -> None:
    """`done` items handled so far (failed ones included), `failures` those that failed: one UPDATE."""
    job.done, job.failures = done, failures
    Job.objects.filter(pk=job.pk).update(done=done, failures=failures)


def finish_job(job: Job, *, path: Path | None = None, name: str = "") -> None:
    """The job is done; the file at `path` (if any: an import job has none) becomes its result, downloaded as `name`.

    On disk it is jobs/<year>/<job id>-<name>: unique, so the storage never adds a random suffix to it.
    """
    if path is not None:
        with path.open("rb") as handle:
            job.result.save(f"{job.pk}-{name}", File(handle), save=False)
    job.state, job.finished_at = JobState.DONE, timezone.now()
    job.save(update_fields=["result", "state", "finished_at"])


def result_filename(job: Job) -> str:
    """The result's name for a download, without the job number that keeps it unique on disk."""
    return posixpath.basename(job.result.name).split("-", 1)[1]


def fail_job(job: Job, *, message: str) -> None:
    """The job stopped before its end, for `message`."""
    job.state, job.error, job.finished_at = JobState.FAILED, message, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def get_job_in_scope(actor: Any, pk: int, *, kind: str | None = None, unit: Unit | None = None) -> Job:
    """The job, if the actor oversees its unit (the access needed to start it); NotFound otherwise."""
    jobs = Job.objects.filter(unit__in=visible_units(actor, Access.REVIEW))
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    if unit is not None:
        jobs = jobs.filter(unit=unit)
    job = jobs.select_related("unit").filter(pk=pk).first()
    if job is None:
        raise NotFound(f"không tìm thấy việc số {pk}", f"job {pk} not found", field="job")
    return job


def recent_jobs(actor: Any, *, unit: Unit, kind: str, limit: int = 10) -> list[Job]:
    """The latest jobs of this kind on this unit, if the actor oversees it."""
    jobs = Job.objects.filter(unit__in=visible_units(actor, Access.REVIEW), unit=unit, kind=kind)
    return list(jobs.select_related("created_by")[:limit])
