"""Background tasks of the documents app (Django's Tasks framework; run by `ntm manage db_worker`)."""

from __future__ import annotations

from django.tasks import task

from .batch import run_batch


@task
def build_province_reports(job_id: int) -> dict[str, int]:
    """The báo cáo of every commune listed in the job, into one ZIP (see batch.run_batch)."""
    return run_batch(job_id)
