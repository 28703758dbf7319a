"""documents.batch: every commune's báo cáo into one ZIP; a failing commune is reported and the rest go on."""

import io
import os
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ntm.common.errors import BadInput, OutOfScope
from ntm.common.jobs import RESULTS_KEPT
from ntm.common.models import Job, JobState
from ntm.documents.batch import KIND, batch_communes, file_name, run_batch, start_province_batch
from ntm.geo.models import Unit
from ntm.monitoring.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(unit):
    return unit("legacy:province:38")


@pytest.fixture
def three_communes(unit):
    """Cẩm Ngọc and Cao Ngọc (seed communes) and one more commune of Thanh Hóa, in the batch's (name) order."""
    third = (Unit.objects.filter(scheme="legacy", level="commune", province_code="38")
             .exclude(code__in=["15169", "15079"]).order_by("name").first())
    return sorted([unit("legacy:15169"), unit("legacy:15079"), third], key=lambda u: (u.name, u.code))


def make_job(province, communes, period="2024-Q1"):
    return Job.objects.create(kind=KIND, unit=province,
                              params={"period": period, "document": "bao-cao", "units": [c.pk for c in communes]})


def docx_for(unit, period_key, *, kind, fmt):
    return f"{kind} {unit.name} {period_key} {fmt}".encode()


def test_a_failing_commune_is_reported_and_the_others_are_in_the_zip(province, three_communes):
    failing = three_communes[1]

    def builder(unit, period_key, *, kind, fmt):
        if unit == failing:
            raise BadInput("chưa chọn được bộ tiêu chí", "no criteria set", field="set")
        return docx_for(unit, period_key, kind=kind, fmt=fmt)

    summary = run_batch(make_job(province, three_communes).pk, builder=builder)
    job = Job.objects.get(kind=KIND)
    assert summary == {"total": 3, "failed": 1}
    assert (job.state, job.total, job.done) == (JobState.DONE, 3, 3)
    assert job.failures == [{"unit": failing.key, "name": failing.name, "message": "chưa chọn được bộ tiêu chí"}]
    archive = zipfile.ZipFile(io.BytesIO(job.result.read()))
    names = archive.namelist()
    assert sorted(n for n in names if n.endswith(".docx")) == sorted(
        file_name(c, "2024-Q1", set()) for c in three_communes if c != failing)
    assert "loi.txt" in names and len(names) == 3
    errors = archive.read("loi.txt").decode()
    assert f"{failing.name} ({failing.key}): chưa chọn được bộ tiêu chí" in errors and "1/3" in errors
    first = three_communes[0]
    assert archive.read(file_name(first, "2024-Q1", set())) == docx_for(first, "2024-Q1", kind="bao-cao", fmt="docx")


def test_an_internal_error_names_its_kind(province, three_communes):
    def builder(unit, period_key, *, kind, fmt):
        raise KeyError("17.1")

    run_batch(make_job(province, three_communes).pk, builder=builder)
    job = Job.objects.get(kind=KIND)
    assert job.state == JobState.DONE and len(job.failures) == 3
    assert job.failures[0]["message"].startswith("lỗi hệ thống (KeyError")
    assert zipfile.ZipFile(io.BytesIO(job.result.read())).namelist() == ["loi.txt"]


def test_no_failure_no_loi_txt(province, three_communes):
    run_batch(make_job(province, three_communes).pk, builder=docx_for)
    job = Job.objects.get(kind=KIND)
    assert job.failures == [] and job.result.name.endswith("bao-cao-thanh-hoa-2024-Q1.zip")
    assert "loi.txt" not in zipfile.ZipFile(io.BytesIO(job.result.read())).namelist()


def test_progress_is_saved_after_every_commune(province, three_communes):
    job = make_job(province, three_communes)
    seen = []

    def builder(unit, period_key, *, kind, fmt):
        row = Job.objects.get(pk=job.pk)
        seen.append((row.state, row.total, row.done, len(row.failures)))
        if unit == three_communes[0]:
            raise BadInput("thiếu số liệu", "no data")
        return b"docx"

    run_batch(job.pk, builder=builder)
    assert seen == [("running", 3, 0, 0), ("running", 3, 1, 1), ("running", 3, 2, 1)]


def test_a_job_that_cannot_finish_ends_failed_with_its_reason(province, three_communes, monkeypatch):
    def no_disk(job, *, path, name):
        raise OSError("No space left on device")

    monkeypatch.setattr("ntm.documents.batch.finish_job", no_disk)
    with pytest.raises(OSError):
        run_batch(make_job(province, three_communes).pk, builder=docx_for)
    job = Job.objects.get(kind=KIND)
    assert job.state == JobState.FAILED and "No space left on device" in job.error and job.finished_at


def test_a_worker_stopped_mid_batch_leaves_the_job_failed_not_running(province, three_communes):
    def builder(unit, period_key, *, kind, fmt):
        raise SystemExit(1)  # what db_worker does on a second SIGTERM/SIGINT

    with pytest.raises(SystemExit):
        run_batch(make_job(province, three_communes).pk, builder=builder)
    job = Job.objects.get(kind=KIND)
    assert job.state == JobState.FAILED and job.error.startswith("tiến trình chạy nền bị dừng")


def test_the_batch_takes_the_communes_alive_at_the_period_end(make_user, unit):
    new_province = unit("2025:province:38")
    office = make_user("vpdp", new_province, "province_office")
    before_merger = batch_communes(office, new_province, Period.parse("2024-Q1"))
    after_merger = batch_communes(office, new_province, Period.parse("2026-Q1"))
    assert before_merger and {u.scheme for u in before_merger} == {"legacy"}
    assert unit("legacy:15169") in before_merger
    assert after_merger and {u.scheme for u in after_merger} == {"2025"}
    assert len(before_merger) == Unit.objects.filter(scheme="legacy", level="commune", province_code="38").count()


def test_a_province_office_starts_a_batch_of_its_communes(make_user, province):
    office = make_user("vpdp", province, "province_office")
    job = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q1"))
    assert job.kind == KIND and job.params["period"] == "2024-Q1" and job.task_id
    assert len(job.params["units"]) == len(batch_communes(office, province, Period.parse("2024-Q1")))


def test_a_commune_official_cannot_start_a_province_batch(commune_official, province):
    with pytest.raises(OutOfScope):
        start_province_batch(actor=commune_official, province=province, period=Period.parse("2024-Q1"))
    assert not Job.objects.exists()


def test_a_province_without_communes_then_is_refused(make_user, province):
    office = make_user("vpdp", province, "province_office")
    with pytest.raises(BadInput):
        start_province_batch(actor=office, province=province, period=Period.parse("2026-Q1"))


def test_two_communes_of_one_name_get_two_files(unit):
    taken: set[str] = set()
    first, second = unit("legacy:15169"), unit("legacy:15079")
    second.short_name = first.short_name
    assert file_name(first, "2024", taken) == "bao-cao-cam-ngoc-2024.docx"
    assert file_name(second, "2024", taken) == "bao-cao-cam-ngoc-15079-2024.docx"


def test_starting_the_same_batch_again_while_it_runs_returns_the_running_one(make_user, province):
    office = make_user("vpdp", province, "province_office")
    first = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q1"))
    again = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q1"))
    other_period = start_province_batch(actor=office, province=province, period=Period.parse("2024-Q2"))
    assert again.pk == first.pk and other_period.pk != first.pk
    assert Job.objects.filter(kind=KIND).count() == 2


def test_a_batch_run_deletes_the_zips_of_old_batches(province, three_communes):
    with time_machine.travel(timezone.now() - timedelta(days=RESULTS_KEPT.days + 1)):
        run_batch(make_job(province, three_communes).pk, builder=docx_for)
    old = Job.objects.get(kind=KIND)
    old_path = old.result.path
    run_batch(make_job(province, three_communes, period="2024-Q2").pk, builder=docx_for)
    old.refresh_from_db()
    assert not old.result and not os.path.exists(old_path)
    assert Job.objects.get(kind=KIND, params__period="2024-Q2").result
