"""common.jobs: a job and its task are queued together; progress, the result file and failure are recorded."""

import pytest
from django.tasks import task

from ntm.common.errors import NotFound
from ntm.common.jobs import (
    fail_job,
    finish_job,
    get_job_in_scope,
    mark_running,
    record_progress,
    result_filename,
    start_job,
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
