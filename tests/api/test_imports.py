"""API: report uploads kept whole or not at all (each refused file named, in both languages), or their
valid files when asked; the caller's pending imports and running upload jobs listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.models import Job
from ntm.ingest import jobs
from ntm.ingest.models import ImportRecord

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
GOOD = "000_029306e97db87dbe.txt"


def good() -> SimpleUploadedFile:
    return SimpleUploadedFile(GOOD, (SEEDS / GOOD).read_bytes(), content_type="text/plain")


def bad() -> SimpleUploadedFile:
    return SimpleUploadedFile("hong.pdf", b"%PDF-1.4 not a document", content_type="application/pdf")


@pytest.fixture
def post(client, token_for, commune_official):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token_for(commune_official)}"}

    def send(files: list[SimpleUploadedFile], query: str = ""):  # type: ignore[no-untyped-def]
        return client.post(f"/api/imports{query}", {"files": files}, headers=headers)
    return send


def test_a_batch_with_a_bad_file_keeps_nothing_and_names_it_in_both_languages(post) -> None:  # type: ignore[no-untyped-def]
    response = post([good(), bad()])
    body = response.json()
    assert response.status_code == 422 and body["code"] == "ntm.import_rejected"
    assert body["fields"] == {"hong.pdf": "«hong.pdf»: không đọc được tệp PDF"}
    assert "'hong.pdf': not a readable PDF" in body["message_en"] and "Nothing was kept" in body["message_en"]
    assert not ImportRecord.objects.exists()


def test_keep_valid_keeps_the_good_file_and_lists_the_bad_one(post) -> None:  # type: ignore[no-untyped-def]
    response = post([good(), bad()], "?keep_valid=true")
    body = response.json()
    assert response.status_code == 201 and [i["filename"] for i in body["imports"]] == [GOOD]
    [refused] = body["refused"]
    assert (refused["filename"], refused["message"]) == ("hong.pdf", "«hong.pdf»: không đọc được tệp PDF")
    assert refused["message_en"].startswith("'hong.pdf': not a readable PDF")
    assert body["job"] is None and list(ImportRecord.objects.values_list("filename", flat=True)) == [GOOD]


def test_keep_valid_with_no_valid_file_is_still_refused(post) -> None:  # type: ignore[no-untyped-def]
    assert post([bad()], "?keep_valid=true").status_code == 422
    assert not ImportRecord.objects.exists()


def test_an_empty_text_file_is_refused_naming_it(post) -> None:  # type: ignore[no-untyped-def]
    response = post([SimpleUploadedFile("trong.txt", b" \r\n\t \n", content_type="text/plain")])
    assert response.status_code == 422 and "trong.txt" in response.json()["fields"]
    assert "tệp trống" in response.json()["fields"]["trong.txt"]


def test_no_file_is_a_422_naming_the_field(post) -> None:  # type: ignore[no-untyped-def]
    response = post([])
    assert response.status_code == 422 and "files" in response.json()["fields"]


def test_a_large_batch_answers_202_with_the_job_listed_with_its_progress(
        client, post, token_for, commune_official, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(jobs, "INLINE_BYTES", 100)
    response = post([good()])
    assert response.status_code == 202 and response.json()["job"]["state"] == "queued"
    listed = client.get("/api/imports", headers={"Authorization": f"Bearer {token_for(commune_official)}"}).json()
    assert [j["id"] for j in listed["jobs"]] == [Job.objects.get().pk] and listed["jobs"][0]["total"] == 0
    assert listed["pending"] == []
