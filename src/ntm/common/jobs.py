"""Background jobs: start one on the task queue, record its progress, finish it with a file or a reason.

A Job row is what pages and the API read; the work runs as a Django task in `ntm manage db_worker`
(started beside the server by `ntm serve --with-worker`). Progress is written with plain UPDATEs outside
any transaction, so a page polling the job sees every step as soon as it is made.

Every write sets `updated_at`. A worker killed outright (SIGKILL, out of memory) cannot mark its job failed:
the selectors below mark it failed when it has been silent for STALLED_AFTER and its task is no longer
waiting in the queue. Result files are kept RESULTS_KEPT, then deleted (`ntm manage clean_jobs`, and at the
start of every document batch).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.tasks import Task, TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from ntm.geo.models import Unit

from .audit import audit
from .errors import NotFound
from .formats import format_date
from .models import Job, JobState
from .scope import Access, visible_units

# Each step (one commune's báo cáo, one file) takes seconds; a quarter of an hour without one is a dead worker.
STALLED_AFTER = timedelta(minutes=15)
STALLED_MESSAGE = "Tiến trình xử lý đã dừng bất thường (không còn cập nhật từ {since}); hãy tạo lại việc này."
RESULTS_KEPT = timedelta(days=30)
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


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
    job.updated_at = timezone.now()
    job.save(update_fields=["state", "total", "done", "failures", "updated_at"])


def record_progress(job: Job, *, done: int, failures: list[dict[str, Any]]) -> None:
    """`done` items handled so far (failed ones included), `failures` those that failed: one UPDATE."""
    job.done, job.failures, job.updated_at = done, failures, timezone.now()
    Job.objects.filter(pk=job.pk).update(done=done, failures=failures, updated_at=job.updated_at)


def finish_job(job: Job, *, path: Path | None = None, name: str = "") -> None:
    """The job is done; the file at `path` (if any: an import job has none) becomes its result, downloaded as `name`.

    On disk it is jobs/<year>/<job id>-<name>: unique, so the storage never adds a random suffix to it.
    """
    if path is not None:
        with path.open("rb") as handle:
            job.result.save(f"{job.pk}-{name}", File(handle), save=False)
    job.state, job.finished_at = JobState.DONE, timezone.now()
    job.updated_at = job.finished_at
    job.save(update_fields=["result", "state", "finished_at", "updated_at"])


def result_filename(job: Job) -> str:
    """The result's name for a download, without the job number that keeps it unique on disk."""
    return posixpath.basename(job.result.name).split("-", 1)[1]


def fail_job(job: Job, *, message: str) -> None:
    """The job stopped before its end, for `message`."""
    job.state, job.error, job.finished_at = JobState.FAILED, message, timezone.now()
    job.updated_at = job.finished_at
    job.save(update_fields=["state", "error", "finished_at", "updated_at"])


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
    fail_stalled([job])
    return job


def recent_jobs(actor: Any, *, unit: Unit, kind: str, limit: int = 10) -> list[Job]:
    """The latest jobs of this kind on this unit, if the actor oversees it."""
    jobs = Job.objects.filter(unit__in=visible_units(actor, Access.REVIEW), unit=unit, kind=kind)
    return fail_stalled(list(jobs.select_related("created_by")[:limit]))


def start_unique_job(*, actor: Any, kind: str, unit: Unit, params: dict[str, Any], task: Task) -> Job:
    """Start a job as start_job does, unless one of this kind on this unit with the same params is still queued
    or running: that one is returned instead of a second."""
    with transaction.atomic():
        list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk"))  # one start at a time per unit
        unfinished = fail_stalled(list(Job.objects.filter(kind=kind, unit=unit, state__in=UNFINISHED)))
        running = next((job for job in unfinished if not job.is_finished and job.params == params), None)
        return running or start_job(actor=actor, kind=kind, unit=unit, params=params, task=task)


def is_stalled(job: Job, *, now: datetime) -> bool:
    """Unfinished, silent for STALLED_AFTER, and its task taken by a worker (or gone): that worker is dead."""
    if job.is_finished or job.updated_at > now - STALLED_AFTER:
        return False
    try:
        return default_task_backend.get_result(job.task_id).status != TaskResultStatus.READY
    except TaskResultDoesNotExist:
        return True


def fail_stalled(jobs: Iterable[Job]) -> list[Job]:
    """The jobs, each stalled one marked failed (in the database and in place) with STALLED_MESSAGE."""
    now, found = timezone.now(), list(jobs)
    for job in found:
        if not is_stalled(job, now=now):
            continue
        since = timezone.localtime(job.updated_at)
        message = STALLED_MESSAGE.format(since=f"{since:%H:%M} {format_date(since.date())}")
        # Only if nothing was written since it was read: a worker that woke up meanwhile keeps its job.
        if Job.objects.filter(pk=job.pk, updated_at=job.updated_at, state=job.state).update(
                state=JobState.FAILED, error=message, finished_at=now, updated_at=now):
            job.state, job.error, job.finished_at, job.updated_at = JobState.FAILED, message, now, now
    return found


def delete_old_results(*, older_than: timedelta = RESULTS_KEPT) -> int:
    """Delete the result files of jobs finished more than `older_than` ago (the jobs stay listed); how many."""
    old = Job.objects.filter(finished_at__lt=timezone.now() - older_than).exclude(result="")
    deleted = 0
    for job in old:
        job.result.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result="")
        deleted += 1
    return deleted
