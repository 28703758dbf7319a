"""The real queue: a batch queued in the database is run by the `db_worker` command, in this process.

The worker runs in-process with `--batch` (process what is queued, then exit) rather than on the immediate
backend: the task goes through the same table, JSON arguments and worker loop as under `make run`.
"""

import io
import zipfile

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ntm.common.models import Job, JobState
from ntm.documents.batch import start_province_batch
from ntm.monitoring.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_worker(monkeypatch):
    """`ntm manage db_worker --batch` inside the test's transaction.

    The worker recycles connections between tasks (it would drop the test's transaction) and takes over
    SIGINT/SIGTERM (pytest's own): both are left out here, the loop itself runs as in production.
    """
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.configure_signals", lambda self: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_the_worker_runs_a_queued_batch_from_the_database(make_user, unit, monkeypatch):
    province = unit("legacy:province:38")
    office = make_user("vpdp", province, "province_office")
    failing = unit("legacy:15079")

    def builder(commune, period_key, *, kind, fmt):
        if commune == failing:
            raise ValueError("mẫu văn bản hỏng")
        return b"docx of " + commune.code.encode()

    monkeypatch.setattr("ntm.documents.batch._render_document", lambda: builder)
    monkeypatch.setattr("ntm.documents.batch.batch_communes",
                        lambda actor, p, period: [unit("legacy:15169"), failing])
    job = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q1"))
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"

    run_worker(monkeypatch)

    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    job = Job.objects.get(pk=job.pk)
    assert (job.state, job.total, job.done) == (JobState.DONE, 2, 2)
    assert [f["unit"] for f in job.failures] == [failing.key]
    names = zipfile.ZipFile(io.BytesIO(job.result.read())).namelist()
    assert sorted(names) == ["bao-cao-cam-ngoc-2024-Q1.docx", "loi.txt"]


def test_a_batch_that_breaks_leaves_a_failed_job_and_a_failed_task(make_user, unit, monkeypatch):
    province = unit("legacy:province:38")
    office = make_user("vpdp", province, "province_office")
    monkeypatch.setattr("ntm.documents.batch._render_document", lambda: lambda *a, **k: b"docx")
    monkeypatch.setattr("ntm.documents.batch.batch_communes", lambda actor, p, period: [unit("legacy:15169")])

    def broken(job, *, total):
        raise RuntimeError("database went away")

    monkeypatch.setattr("ntm.documents.batch.mark_running", broken)
    job = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q1"))

    run_worker(monkeypatch)

    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.FAILED and "database went away" in job.error
