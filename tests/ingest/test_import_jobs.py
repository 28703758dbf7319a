"""Uploads read within bounds: a child process with time and memory limits; large batches as a worker job."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ntm.common.errors import BadInput
from ntm.common.models import Job, JobState
from ntm.ingest import jobs
from ntm.ingest.bounded import Limits, ReadTooLong, read_report_limited
from ntm.ingest.models import ImportRecord
from ntm.ingest.ocr import ocr_pages

from .conftest import SEEDS
from .test_ocr import scanned_pdf

SEED = "000_029306e97db87dbe.txt"


def seed_upload(name: str = SEED) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SEEDS / name).read_bytes(), content_type="text/plain")


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def official(make_user, unit):  # type: ignore[no-untyped-def]
    return make_user("can_bo_nhap_nen", unit("legacy:15079"), "commune_official")


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ntm manage db_worker --batch` in the test's transaction (as tests/documents/test_batch_worker.py)."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.configure_signals", lambda self: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_a_file_is_read_in_a_child_process(tmp_path: Path) -> None:
    report = read_report_limited(SEEDS / SEED, Limits(seconds=60, memory_mb=1536))
    assert report.text.startswith("ỦY BAN NHÂN DÂN")
    assert report.facts["assessments"]


def test_a_file_past_the_memory_limit_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    big = tmp_path / "bao-cao-rat-dai.txt"
    big.write_text((SEEDS / SEED).read_text(encoding="utf-8") * 300, encoding="utf-8")   # about 3 MB
    with pytest.raises(BadInput) as stopped:
        read_report_limited(big, Limits(seconds=60, memory_mb=40))
    assert "quá 40 MB bộ nhớ nên đã dừng" in stopped.value.message_vi


def test_a_file_past_the_time_limit_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    big = tmp_path / "bao-cao-rat-dai.txt"
    big.write_text((SEEDS / SEED).read_text(encoding="utf-8") * 400, encoding="utf-8")   # about 4 MB
    with pytest.raises(ReadTooLong) as stopped:
        read_report_limited(big, Limits(seconds=1, memory_mb=1536))
    assert "quá 1 giây nên đã dừng" in stopped.value.message_vi
    assert stopped.value.field == "bao-cao-rat-dai.txt"


def test_an_unreadable_file_says_why_from_the_child(tmp_path: Path) -> None:
    bad = tmp_path / "bao-cao.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(BadInput) as refused:
        read_report_limited(bad, Limits())
    assert refused.value.message_vi == "không đọc được tệp PDF"


def test_small_batches_are_read_in_the_request_large_ones_and_big_pdfs_by_the_worker() -> None:
    small = SimpleUploadedFile("a.txt", b"x" * 1000)
    assert not jobs.needs_background([small, SimpleUploadedFile("b.pdf", b"%PDF" + b"x" * 1000)])
    assert jobs.needs_background([SimpleUploadedFile("scan.pdf", b"%PDF" + b"x" * 70_000)])
    assert jobs.needs_background([SimpleUploadedFile("a.txt", b"x" * (jobs.INLINE_BYTES + 1))])


@pytest.mark.django_db
def test_a_queued_upload_is_read_by_the_worker_and_waits_for_confirmation(media, official, monkeypatch):  # type: ignore[no-untyped-def]
    job = jobs.start_upload_job(actor=official, uploads=[seed_upload()])
    assert job.state == JobState.QUEUED and list((media / "imports" / "queued").rglob("*.txt"))
    run_worker(monkeypatch)
    job = Job.objects.get(pk=job.pk)
    assert (job.state, job.total, job.done) == (JobState.DONE, 1, 1)
    record = ImportRecord.objects.get(pk__in=job.params["imports"])
    assert (record.filename, record.status, record.uploaded_by) == (SEED, "pending", official)
    assert not list((media / "imports" / "queued").rglob("*.txt"))


@pytest.mark.django_db
def test_a_queued_batch_with_a_bad_file_keeps_none_and_says_which(media, official):  # type: ignore[no-untyped-def]
    bad = SimpleUploadedFile("hong.pdf", b"%PDF-1.4 not really", content_type="application/pdf")
    job = jobs.start_upload_job(actor=official, uploads=[seed_upload(), bad])
    jobs.run_upload_job(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.FAILED and "«hong.pdf»: không đọc được tệp PDF" in job.error
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_queues_a_large_batch_shows_progress_then_the_review(client, media, official, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(jobs, "INLINE_BYTES", 1000)
    client.force_login(official)
    response = client.post("/nhap-bao-cao/", {"files": [seed_upload()]})
    assert response.status_code == 302 and "?viec=" in response["Location"]
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and "đã đọc 0/0 tệp" in waiting.content.decode()
    assert not ImportRecord.objects.exists()
    run_worker(monkeypatch)
    done = client.get(response["Location"], follow=True)
    html = done.content.decode()
    assert "Đã đọc 1 tệp" in html and SEED in html


@pytest.mark.django_db
def test_another_users_upload_job_is_not_found(client, media, official, make_user, unit):  # type: ignore[no-untyped-def]
    job = jobs.start_upload_job(actor=official, uploads=[seed_upload()])
    client.force_login(make_user("nguoi_khac", unit("legacy:15079"), "commune_official"))
    assert client.get(f"/nhap-bao-cao/?viec={job.pk}").status_code == 404


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by .ci/run")
@pytest.mark.django_db
def test_a_scanned_pdf_uploaded_in_the_browser_is_read_by_ocr_in_the_worker(client, media, official, tmp_path):  # type: ignore[no-untyped-def]
    path = scanned_pdf(tmp_path, full_page=True)
    client.force_login(official)
    response = client.post("/nhap-bao-cao/", {"files": [SimpleUploadedFile(path.name, path.read_bytes())]})
    assert "?viec=" in response["Location"]
    jobs.run_upload_job(Job.objects.get().pk)
    record = ImportRecord.objects.get()
    assert ocr_pages(record.facts) == [1] and record.facts["assessments"][0]["criteria_met"] == 16
    review = client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()
    assert "đọc bằng OCR" in review


@pytest.mark.django_db
def test_a_scan_without_tesseract_fails_the_job_in_vietnamese(client, media, official, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-installed"))
    path = scanned_pdf(tmp_path, full_page=True)
    client.force_login(official)
    response = client.post("/nhap-bao-cao/", {"files": [SimpleUploadedFile(path.name, path.read_bytes())]})
    job = Job.objects.get()
    jobs.run_upload_job(job.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "cần cài Tesseract OCR với gói tiếng Việt" in page.content.decode()


def test_the_child_reader_imports_nothing_from_django() -> None:
    import subprocess
    import sys

    code = "import sys, ntm.ingest.bounded, ntm.ingest.ocr; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.django_db
def test_a_small_file_too_slow_for_the_request_is_handed_to_the_worker(client, media, official, monkeypatch):  # type: ignore[no-untyped-def]
    def too_slow_in_a_request(path: Path, limits: Limits) -> None:
        assert limits == jobs.REQUEST_LIMITS
        raise ReadTooLong("quá 20 giây", "over 20 s", field=path.name)

    monkeypatch.setattr(jobs, "read_report_limited", too_slow_in_a_request)
    slow = seed_upload()
    client.force_login(official)
    response = client.post("/nhap-bao-cao/", {"files": [slow]})
    assert response.status_code == 302 and "?viec=" in response["Location"]
    job = Job.objects.get()
    assert job.state == JobState.QUEUED and len(job.params["files"]) == 1
    assert default_storage.size(job.params["files"][0]) == slow.size


@pytest.mark.django_db
def test_a_duplicate_is_refused_at_once_not_queued(client, media, official):  # type: ignore[no-untyped-def]
    client.force_login(official)
    client.post("/nhap-bao-cao/", {"files": [seed_upload()]})
    again = client.post("/nhap-bao-cao/", {"files": [seed_upload()]})
    assert again.status_code == 422 and not Job.objects.exists()


@pytest.mark.django_db
def test_a_queued_batch_keeping_the_valid_files_keeps_them_and_lists_the_bad_one(media, official):  # type: ignore[no-untyped-def]
    bad = SimpleUploadedFile("hong.pdf", b"%PDF-1.4 not really", content_type="application/pdf")
    job = jobs.start_upload_job(actor=official, uploads=[seed_upload(), bad], keep_valid=True)
    assert jobs.run_upload_job(job.pk) == {"imports": 1, "failed": 1}
    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.DONE and job.failures == [
        {"unit": "", "name": "hong.pdf", "message": "«hong.pdf»: không đọc được tệp PDF"}]
    assert list(ImportRecord.objects.filter(pk__in=job.params["imports"]).values_list("filename", flat=True)) == [SEED]


def slow_for(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading `name` goes past the request's limit; other files are read as usual."""
    real = jobs.read_report_limited

    def read(path: Path, limits: Limits) -> object:
        if Path(path).name == name:
            raise ReadTooLong("quá 20 giây", "over 20 s", field=name)
        return real(path, limits)
    monkeypatch.setattr(jobs, "read_report_limited", read)


@pytest.mark.django_db
def test_keeping_the_valid_files_saves_the_quick_ones_and_queues_only_the_slow_one(media, official, monkeypatch):  # type: ignore[no-untyped-def]
    slow_for("cham.txt", monkeypatch)
    slow = SimpleUploadedFile("cham.txt", (SEEDS / "003_f60837212bbc1c6b.txt").read_bytes())
    outcome = jobs.upload_or_queue(actor=official, uploads=[seed_upload(), slow], keep_valid=True)
    assert [r.filename for r in outcome.records] == [SEED] and outcome.refused == []
    assert outcome.job is not None and [Path(f).name for f in outcome.job.params["files"]] == ["cham.txt"]
    assert outcome.job.params["keep_valid"] is True


@pytest.mark.django_db
def test_a_bad_file_beside_a_slow_one_refuses_the_batch_at_once(media, official, monkeypatch):  # type: ignore[no-untyped-def]
    slow_for("cham.txt", monkeypatch)
    slow = SimpleUploadedFile("cham.txt", (SEEDS / "003_f60837212bbc1c6b.txt").read_bytes())
    bad = SimpleUploadedFile("hong.pdf", b"%PDF-1.4 not really")
    with pytest.raises(jobs.UploadRejected) as refused:
        jobs.upload_or_queue(actor=official, uploads=[seed_upload(), slow, bad])
    assert [r.filename for r in refused.value.refusals] == ["cham.txt", "hong.pdf"]
    assert not Job.objects.exists() and not ImportRecord.objects.exists()
