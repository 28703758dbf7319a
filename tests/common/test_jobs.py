"""common.jobs: a job and its task are queued together; progress, the result file and failure are recorded;
a job whose worker died is failed, the same job is not started twice, old result files are deleted."""

import io
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from ntm.common.errors import NotFound
from ntm.common.jobs import (
    STALLED_AFTER,
    delete_old_results,
    fail_job,
    finish_job,
    get_job_in_scope,
    mark_running,
    recent_jobs,
    record_progress,
    result_filename,
    start_job,
    start_unique_job,
)
from ntm.common.models import AuditEntry, Job, JobState

pytestmark = pytest.mark.django_db


@task
def noop(job_id: int) -> int:
    return job_id


@pytest.fixture
def province(unit):
    return unit("2025:province:38")


@pytest.fixture
def province_office(make_user, province):
    return make_user("vpdp_thanh_hoa", province, "province_office")


def test_a_started_job_is_queued_with_its_task_and_audited(province_office, province):
    from django_tasks_db.models import DBTaskResult

    job = start_job(actor=province_office, kind="test.noop", unit=province, params={"period": "2024-Q1"}, task=noop)
    queued = DBTaskResult.objects.get(pk=job.task_id)
    assert queued.task_path.endswith(".noop") and queued.args_kwargs["args"] == [job.pk]
    assert job.state == JobState.QUEUED and job.created_by == province_office
    assert AuditEntry.objects.filter(action="common.job.started", object_id=str(job.pk)).exists()


def test_progress_is_written_to_the_row_at_once(province):
    job = Job.objects.create(kind="test.noop", unit=province)
    mark_running(job, total=4)
    record_progress(job, done=2, failures=[{"unit": "legacy:1", "name": "Xã A", "message": "thiếu số liệu"}])
    row = Job.objects.get(pk=job.pk)
    assert (row.state, row.total, row.done, row.percent) == (JobState.RUNNING, 4, 2, 50)
    assert row.failures[0]["name"] == "Xã A"


def test_a_finished_job_holds_its_file(province, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "out.zip"
    source.write_bytes(b"PK-test")
    job = Job.objects.create(kind="test.noop", unit=province)
    finish_job(job, path=source, name="bao-cao.zip")
    row = Job.objects.get(pk=job.pk)
    assert row.state == JobState.DONE and row.finished_at is not None and row.is_finished
    assert row.result.name.startswith("jobs/") and row.result.read() == b"PK-test"
    assert result_filename(row) == "bao-cao.zip"


def test_a_second_result_of_the_same_name_keeps_its_clean_download_name(province, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "out.zip"
    source.write_bytes(b"PK")
    jobs = [Job.objects.create(kind="test.noop", unit=province) for _ in range(2)]
    for job in jobs:
        finish_job(job, path=source, name="bao-cao-thanh-hoa-2024.zip")
    assert [result_filename(j) for j in jobs] == ["bao-cao-thanh-hoa-2024.zip"] * 2
    assert jobs[0].result.name != jobs[1].result.name


def test_a_failed_job_says_why(province):
    job = Job.objects.create(kind="test.noop", unit=province)
    fail_job(job, message="hết chỗ trên đĩa")
    row = Job.objects.get(pk=job.pk)
    assert row.state == JobState.FAILED and row.error == "hết chỗ trên đĩa" and row.is_finished


def test_only_those_who_oversee_the_unit_see_its_job(province_office, province, commune_official):
    job = Job.objects.create(kind="test.noop", unit=province, created_by=province_office)
    assert get_job_in_scope(province_office, job.pk) == job
    with pytest.raises(NotFound):
        get_job_in_scope(commune_official, job.pk)
    with pytest.raises(NotFound):
        get_job_in_scope(province_office, job.pk, kind="other.kind")


def started(actor, province, *, taken: bool) -> Job:
    """A running job whose task a worker has taken (`taken`) or that still waits in the queue."""
    from django_tasks_db.models import DBTaskResult

    job = start_unique_job(actor=actor, kind="test.noop", unit=province, params={"period": "2024-Q1"}, task=noop)
    mark_running(job, total=3)
    if taken:
        DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    return job


def test_a_job_silent_too_long_after_its_worker_took_it_is_failed_on_the_list(province_office, province):
    job = started(province_office, province, taken=True)
    with time_machine.travel(timezone.now() + STALLED_AFTER + timedelta(minutes=1)):
        [listed] = recent_jobs(province_office, unit=province, kind="test.noop")
    assert listed.state == JobState.FAILED
    assert listed.error.startswith("Tiến trình xử lý đã dừng bất thường")
    assert Job.objects.get(pk=job.pk).state == JobState.FAILED and listed.finished_at is not None


def test_a_job_that_reported_recently_keeps_running(province_office, province):
    job = started(province_office, province, taken=True)
    with time_machine.travel(timezone.now() + STALLED_AFTER - timedelta(minutes=1)):
        assert get_job_in_scope(province_office, job.pk).state == JobState.RUNNING


def test_a_job_still_waiting_for_a_worker_is_not_failed(province_office, province):
    job = started(province_office, province, taken=False)
    with time_machine.travel(timezone.now() + 10 * STALLED_AFTER):
        assert get_job_in_scope(province_office, job.pk).state == JobState.RUNNING


def test_the_same_job_started_twice_is_one_job(province_office, province):
    first = started(province_office, province, taken=True)
    again = start_unique_job(actor=province_office, kind="test.noop", unit=province, params={"period": "2024-Q1"},
                             task=noop)
    other = start_unique_job(actor=province_office, kind="test.noop", unit=province, params={"period": "2024-Q2"},
                             task=noop)
    assert again.pk == first.pk and other.pk != first.pk
    assert Job.objects.filter(params={"period": "2024-Q1"}).count() == 1


def test_a_finished_or_dead_job_does_not_block_a_new_one(province_office, province):
    first = started(province_office, province, taken=True)
    with time_machine.travel(timezone.now() + STALLED_AFTER + timedelta(minutes=1)):
        after_death = start_unique_job(actor=province_office, kind="test.noop", unit=province,
                                       params={"period": "2024-Q1"}, task=noop)
    assert after_death.pk != first.pk and Job.objects.get(pk=first.pk).state == JobState.FAILED
    finish_job(after_death)
    again = start_unique_job(actor=province_office, kind="test.noop", unit=province, params={"period": "2024-Q1"},
                             task=noop)
    assert again.pk not in (first.pk, after_death.pk)


def finished_with_file(province, tmp_path, name: str) -> Job:
    source = tmp_path / name
    source.write_bytes(b"PK-test")
    job = Job.objects.create(kind="test.noop", unit=province)
    finish_job(job, path=source, name=name)
    return job


def test_result_files_older_than_the_limit_are_deleted_and_the_jobs_stay(province, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        old = finished_with_file(province, tmp_path, "cu.zip")
    recent = finished_with_file(province, tmp_path, "moi.zip")
    old_path = old.result.path
    assert delete_old_results(older_than=timedelta(days=30)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result and old.state == JobState.DONE
    assert recent.result.read() == b"PK-test"
    assert not os.path.exists(old_path)


def test_the_clean_jobs_command_reports_what_it_deleted(province, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        finished_with_file(province, tmp_path, "cu.zip")
    out = io.StringIO()
    call_command("clean_jobs", "--days", "7", "--json", stdout=out)
    assert out.getvalue().strip() == '{"deleted": 1, "days": 7}'
    call_command("clean_jobs", "--days", "7", stdout=out)
    assert "Đã xoá 0 tệp" in out.getvalue()
