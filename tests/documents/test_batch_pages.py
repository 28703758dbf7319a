"""The batch page and API: a province office starts it, watches the progress and takes the ZIP; no one else can."""

import io
import zipfile

import pytest
from django.core.management import call_command

from ntm.common.errors import BadInput
from ntm.common.models import Job, JobState

PROVINCE = "legacy:province:38"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(make_user, unit):
    return make_user("vpdp_thanh_hoa", unit(PROVINCE), "province_office")


@pytest.fixture
def three(unit, monkeypatch):
    """The batch runs over three communes, one of which (Cao Ngọc) fails; the builder is a stand-in."""
    communes = [unit("legacy:15169"), unit("legacy:15079"), unit("legacy:15205")]

    def builder(commune, period_key, *, kind, fmt):
        if commune.code == "15079":
            raise BadInput("chưa có số liệu kỳ này", "no data for this period")
        return b"docx"

    monkeypatch.setattr("ntm.documents.batch.batch_communes", lambda actor, province, period: communes)
    monkeypatch.setattr("ntm.documents.batch._render_document", lambda: builder)
    return communes


def run_worker(monkeypatch):
    """The database worker, in-process, until the queue is empty (see test_batch_worker.py)."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.configure_signals", lambda self: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_a_province_office_starts_a_batch_watches_it_and_takes_the_zip(client, office, three, monkeypatch):
    client.force_login(office)
    page = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/")
    assert page.status_code == 200 and 'name="ky"' in page.text and "Chưa có lần nào" in page.text

    started = client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    job = Job.objects.get()
    assert started.status_code == 302 and started.url == f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/"
    waiting = client.get(started.url)
    assert "Đang chờ" in waiting.text
    assert f'hx-get="/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/tien-do/"' in waiting.text

    run_worker(monkeypatch)

    progress = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/tien-do/")
    assert "hx-get" not in progress.text  # finished: the polling stops
    assert 'aria-valuenow="100"' in progress.text and "Đã xử lý 3/3 xã: 2 báo cáo đã tạo, 1 xã lỗi." in progress.text
    assert "Xã Cao Ngọc" in progress.text and "chưa có số liệu kỳ này" in progress.text
    download = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/tai-ve/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert 'filename="bao-cao-thanh-hoa-2024-Q1.zip"' in download["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert len([n for n in names if n.endswith(".docx")]) == 2 and "loi.txt" in names
    listing = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/")
    assert f"/van-ban-hang-loat/{job.pk}/" in listing.text and "quý 1 năm 2024" in listing.text


def test_a_bad_period_is_said_on_the_form(client, office):
    client.force_login(office)
    response = client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q7"})
    assert response.status_code == 422 and "không hợp lệ" in response.text and not Job.objects.exists()


def test_the_zip_is_not_offered_before_the_end(client, office, three):
    client.force_login(office)
    client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    job = Job.objects.get()
    assert client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/tai-ve/").status_code == 404


@pytest.mark.parametrize("url", ["", "{pk}/", "{pk}/tien-do/", "{pk}/tai-ve/"])
def test_a_commune_official_sees_nothing_of_the_province_batch(client, office, commune_official, three, monkeypatch,
                                                                url):
    client.force_login(office)
    client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    run_worker(monkeypatch)
    job = Job.objects.get()
    client.force_login(commune_official)
    assert client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/" + url.format(pk=job.pk)).status_code == 404


def test_a_commune_official_cannot_start_a_province_batch(client, commune_official, three):
    client.force_login(commune_official)
    assert client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"}).status_code == 404
    response = client.post(f"/api/provinces/{PROVINCE}/document-batches", {"period": "2024-Q1"},
                           content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "ntm.not_found"
    assert not Job.objects.exists()


def test_another_province_office_cannot_read_the_job(client, office, make_user, unit, three, monkeypatch):
    client.force_login(office)
    client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    job = Job.objects.get()
    other = make_user("vpdp_nghe_an", unit("legacy:province:40"), "province_office")
    client.force_login(other)
    assert client.get(f"/api/jobs/{job.pk}").status_code == 404
    assert client.get(f"/tinh/legacy:province:40/van-ban-hang-loat/{job.pk}/").status_code == 404


def test_the_api_starts_a_batch_and_reports_its_progress(client, office, three, monkeypatch):
    client.force_login(office)
    response = client.post(f"/api/provinces/{PROVINCE}/document-batches", {"period": "2024-Q1"},
                           content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "queued" and body["params"] == {"period": "2024-Q1", "document": "bao-cao"}
    assert body["result_url"] is None

    run_worker(monkeypatch)

    body = client.get(f"/api/jobs/{body['id']}").json()
    assert (body["state"], body["done"], body["total"], body["percent"]) == ("done", 3, 3, 100)
    assert body["failures"] == [{"unit": "legacy:15079", "name": "Xã Cao Ngọc", "message": "chưa có số liệu kỳ này"}]
    result = client.get(body["result_url"])
    assert result.status_code == 200 and result["Content-Type"] == "application/zip"
    assert Job.objects.get().state == JobState.DONE


def test_the_api_refuses_a_bad_period_in_both_languages(client, office):
    client.force_login(office)
    response = client.post(f"/api/provinces/{PROVINCE}/document-batches", {"period": "Q1"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["fields"] == {"period": response.json()["message"]}
    assert "invalid period" in response.json()["message_en"]


def test_a_batch_whose_worker_was_killed_shows_as_stopped_and_can_be_started_again(client, office, three):
    import datetime as dt

    import time_machine
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    client.force_login(office)
    client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, total=3, done=1)  # then SIGKILL: nothing more
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        page = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/")
        assert "Tiến trình xử lý đã dừng bất thường" in page.text and "hx-get" not in page.text
        listed = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/")
        assert "Tiến trình xử lý đã dừng bất thường" in listed.text
        again = client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    assert again.status_code == 302 and Job.objects.count() == 2


def test_a_zip_deleted_after_its_time_is_said_so(client, office, three, monkeypatch):
    client.force_login(office)
    client.post(f"/tinh/{PROVINCE}/van-ban-hang-loat/", {"ky": "2024-Q1"})
    run_worker(monkeypatch)
    job = Job.objects.get()
    job.result.delete(save=True)
    page = client.get(f"/tinh/{PROVINCE}/van-ban-hang-loat/{job.pk}/")
    assert "đã được xoá" in page.text and 'id="job-download"' not in page.text
