"""Importing a legacy report: upload, review beside the text, confirm; nothing saved before that."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.models import AuditEntry
from ntm.ingest.models import ImportRecord
from ntm.monitoring.models import Observation, ReportedResult

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SEEDS / name).read_bytes(), content_type="text/plain")


@pytest.fixture
def cao_ngoc_official(make_user, unit):
    return make_user("can_bo_cao_ngoc_2", unit("legacy:15079"), "commune_official")


def test_upload_extracts_but_saves_no_observation(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    response = client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    assert response.status_code == 302
    record = ImportRecord.objects.get()
    assert record.facts["assessments"][0]["criteria_met"] == 16 and record.status == "pending"
    assert not Observation.objects.exists()


def test_review_page_highlights_the_sentences_facts_came_from(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    page = client.get(f"/nhap-bao-cao/{ImportRecord.objects.get().pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "<mark" in html and "legacy:15079" in html


def test_confirming_a_seed_fills_the_scorecard(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    record = ImportRecord.objects.get()
    form = {"unit": "legacy:15079", "set": "th-32-2022", "period": "2024-Q1", "criteria_met": "16",
            "criteria_total": "19", "met": "1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19",
            "unmet": "6, 15", "unmet_indicators": "17.1", "values": ""}
    response = client.post(f"/nhap-bao-cao/{record.pk}/", form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "đạt 16/19 tiêu chí" in page.lower()  # the reported line, whatever the summary looks like
    assert Observation.objects.filter(source="imported", unit__code="15079").count() == 19
    assert ReportedResult.objects.get(unit__code="15079").criteria_met == 16
    record.refresh_from_db()
    assert record.status == "confirmed" and record.confirmed_facts["signer"]["name"] == "Phạm Văn Lưu"


def test_a_bad_correction_saves_nothing(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    record = ImportRecord.objects.get()
    form = {"unit": "legacy:15079", "set": "th-32-2022", "period": "2024-Q1", "met": "1, 2",
            "unmet": "6", "values": "15.1 = 120"}
    response = client.post(f"/nhap-bao-cao/{record.pk}/", form)
    assert response.status_code == 422 and "vượt quá 100%" in response.content.decode()
    assert not Observation.objects.exists()
    record.refresh_from_db()
    assert record.status == "pending"


def test_a_batch_of_files_is_confirmed_together(client, make_user, unit):
    officer = make_user("tinh", unit("legacy:province:38"), "commune_official")  # edits every Thanh Hóa unit
    client.force_login(officer)
    files = [seed_file("000_029306e97db87dbe.txt"), seed_file("003_f60837212bbc1c6b.txt")]
    assert client.post("/nhap-bao-cao/", {"files": files}).status_code == 302
    ids = [str(r.pk) for r in ImportRecord.objects.all()]
    response = client.post("/nhap-bao-cao/xac-nhan/", {"chon": ids})
    assert response.status_code == 302
    assert set(ImportRecord.objects.values_list("status", flat=True)) == {"confirmed"}
    assert Observation.objects.filter(unit__code="15205", indicator="15.1").get().value == Decimal("79.9")


def test_unreadable_file_is_refused_with_its_name(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    bad = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")
    response = client.post("/nhap-bao-cao/", {"files": [bad]})
    assert response.status_code == 422 and "bao-cao.pdf" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_another_officials_upload_is_not_found(client, cao_ngoc_official, outsider):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    client.force_login(outsider)
    assert client.get(f"/nhap-bao-cao/{ImportRecord.objects.get().pk}/").status_code == 404


def test_batch_confirm_of_another_officials_upload_is_not_found(client, cao_ngoc_official, outsider):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    client.force_login(outsider)
    response = client.post("/nhap-bao-cao/xac-nhan/", {"chon": [str(ImportRecord.objects.get().pk)]})
    assert response.status_code == 404 and ImportRecord.objects.get().status == "pending"


def confirm_cao_ngoc_form(**extra: str) -> dict[str, str]:
    form = {"unit": "legacy:15079", "set": "th-32-2022", "period": "2024-Q1", "criteria_met": "16",
            "criteria_total": "19", "met": "1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19",
            "unmet": "6, 15", "unmet_indicators": "17.1", "values": ""}
    return {**form, **extra}


def seed_as(seed: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SEEDS / seed).read_bytes(), content_type="text/plain")


def test_the_same_file_uploaded_again_is_refused_naming_the_earlier_import(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    earlier = ImportRecord.objects.get()
    response = client.post("/nhap-bao-cao/", {"files": [seed_as("000_029306e97db87dbe.txt", "gui-lai.txt")]})
    html = response.content.decode()
    assert response.status_code == 422
    assert "tệp này đã được nhập" in html and "«000_029306e97db87dbe.txt»" in html and "can_bo_cao_ngoc_2" in html
    assert "chờ xác nhận" in html and f'href="/nhap-bao-cao/{earlier.pk}/"' in html
    assert ImportRecord.objects.count() == 1 and len(earlier.content_hash) == 64


def test_a_batch_with_one_duplicate_keeps_none_of_its_files(client, make_user, unit):
    officer = make_user("tinh", unit("legacy:province:38"), "commune_official")
    client.force_login(officer)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    batch = [seed_file("003_f60837212bbc1c6b.txt"), seed_as("000_029306e97db87dbe.txt", "ban-sao.txt")]
    response = client.post("/nhap-bao-cao/", {"files": batch})
    html = response.content.decode()
    assert response.status_code == 422 and "«ban-sao.txt»: tệp này đã được nhập" in html
    assert list(ImportRecord.objects.values_list("filename", flat=True)) == ["000_029306e97db87dbe.txt"]


def test_replacing_a_confirmed_import_does_not_double_its_results(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    old = ImportRecord.objects.get()
    assert client.post(f"/nhap-bao-cao/{old.pk}/", confirm_cao_ngoc_form()).status_code == 302
    response = client.post("/nhap-bao-cao/", {"files": [seed_as("000_029306e97db87dbe.txt", "bao-cao-lai.txt")],
                                              "thay_the": "1"})
    assert response.status_code == 302
    new = ImportRecord.objects.get(status="pending")
    assert new.replaces == old
    assert client.post(f"/nhap-bao-cao/{new.pk}/", confirm_cao_ngoc_form()).status_code == 302
    assert ReportedResult.objects.filter(unit__code="15079").get().document == "bao-cao-lai.txt"
    assert Observation.objects.filter(source="imported", unit__code="15079").count() == 19
    assert set(Observation.objects.filter(unit__code="15079").values_list("version", flat=True)) == {2}
    old.refresh_from_db()
    assert old.status == "replaced"
    entry = AuditEntry.objects.get(action="ingest.import.replaced")
    assert entry.object_id == str(old.pk) and entry.after["replaced_by"] == new.pk
    assert entry.before["reported_results"][0]["document"] == "000_029306e97db87dbe.txt"
    page = client.get(f"/nhap-bao-cao/{old.pk}/").content.decode()
    assert 'id="import-status"' in page and 'id="confirm"' not in page
    evidence = AuditEntry.objects.filter(action="monitoring.evidence.replaced")
    assert evidence.count() == 19 and AuditEntry.objects.filter(action="monitoring.evidence.attached").count() == 19
    assert {(e.before["file"], e.before["sha256"], e.after["file"], e.after["sha256"]) for e in evidence} == {
        (old.file.name, old.content_hash, new.file.name, new.content_hash)}


def test_a_discarded_import_may_be_uploaded_again(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    first = ImportRecord.objects.get()
    assert client.post(f"/nhap-bao-cao/{first.pk}/", {"bo": "1"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "discarded" and AuditEntry.objects.filter(action="ingest.import.discarded").exists()
    assert client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]}).status_code == 302
    assert ImportRecord.objects.filter(status="pending").count() == 1


def test_another_communes_report_confirmed_without_the_tick_is_refused(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("004_44ef3ee715d4a130.txt")]})
    record = ImportRecord.objects.get()
    page = client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()
    assert 'id="unit-mismatch"' in page and "«Xã Ngọc Phụng»" in page
    response = client.post(f"/nhap-bao-cao/{record.pk}/", confirm_cao_ngoc_form(criteria_met="19", unmet=""))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Tôi xác nhận văn bản nói về đơn vị khác tên: «Xã Ngọc Phụng» ≠ «Xã Cao Ngọc»" in html
    assert not Observation.objects.exists() and not ReportedResult.objects.exists()
    record.refresh_from_db()
    assert record.status == "pending"


def test_another_communes_report_confirmed_with_the_tick_is_saved_and_audited(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("004_44ef3ee715d4a130.txt")]})
    record = ImportRecord.objects.get()
    form = confirm_cao_ngoc_form(criteria_met="19", unmet="", khac_ten="1")
    assert client.post(f"/nhap-bao-cao/{record.pk}/", form).status_code == 302
    entry = AuditEntry.objects.get(action="ingest.import.other_name_accepted")
    assert entry.after == {"document_unit": "Xã Ngọc Phụng", "chosen_unit": "Xã Cao Ngọc"}
    assert entry.actor == cao_ngoc_official and entry.unit_code == "legacy:15079"


def test_a_report_naming_the_chosen_unit_needs_no_tick(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt")]})
    record = ImportRecord.objects.get()
    page = client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()
    assert 'id="unit-mismatch"' not in page and 'name="khac_ten"' not in page
    assert client.post(f"/nhap-bao-cao/{record.pk}/", confirm_cao_ngoc_form()).status_code == 302
    assert not AuditEntry.objects.filter(action="ingest.import.other_name_accepted").exists()


def test_a_batch_with_a_name_differing_in_marks_needs_the_tick_for_that_file(client, cao_ngoc_official):
    typed_without_marks = (SEEDS / "000_029306e97db87dbe.txt").read_text(encoding="utf-8").replace(
        "Cao Ngọc", "Cao Ngoc").replace("CAO NGỌC", "CAO NGOC")
    client.force_login(cao_ngoc_official)
    upload = SimpleUploadedFile("khong-dau.txt", typed_without_marks.encode(), content_type="text/plain")
    client.post("/nhap-bao-cao/", {"files": [upload]})
    record = ImportRecord.objects.get()
    listing = client.get("/nhap-bao-cao/").content.decode()
    assert "«Xã Cao Ngoc» ≠ «Xã Cao Ngọc»" in listing
    refused = client.post("/nhap-bao-cao/xac-nhan/", {"chon": [str(record.pk)]})
    assert refused.status_code == 422 and not Observation.objects.exists()
    accepted = client.post("/nhap-bao-cao/xac-nhan/", {"chon": [str(record.pk)], "khac_ten": [str(record.pk)]})
    assert accepted.status_code == 302
    record.refresh_from_db()
    assert record.status == "confirmed"
    assert AuditEntry.objects.get(action="ingest.import.other_name_accepted").after["document_unit"] == "Xã Cao Ngoc"


def hong_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("hong.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")


def test_a_batch_with_a_bad_file_keeps_nothing_and_says_which_file_and_why(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    response = client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt"), hong_pdf()]})
    html = response.content.decode()
    assert response.status_code == 422 and "«hong.pdf»: không đọc được tệp PDF" in html
    assert "Lưu các tệp hợp lệ, bỏ tệp lỗi" in html and 'name="giu_hop_le"' in html
    assert not ImportRecord.objects.exists()


def test_keeping_the_valid_files_saves_them_and_names_the_one_left_out(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    response = client.post("/nhap-bao-cao/", {"files": [seed_file("000_029306e97db87dbe.txt"), hong_pdf()],
                                              "giu_hop_le": "1"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "Đã bỏ tệp lỗi «hong.pdf»: không đọc được tệp PDF" in html
    assert list(ImportRecord.objects.values_list("filename", flat=True)) == ["000_029306e97db87dbe.txt"]


def test_an_empty_text_file_is_refused_naming_it(client, cao_ngoc_official):
    client.force_login(cao_ngoc_official)
    response = client.post("/nhap-bao-cao/", {"files": [SimpleUploadedFile("trong.txt", b"  \n\t ")]})
    assert response.status_code == 422 and "«trong.txt»: tệp trống" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_the_imports_list_shows_running_upload_jobs_with_their_progress(client, cao_ngoc_official, settings,
                                                                         tmp_path):
    from ntm.ingest import jobs

    settings.MEDIA_ROOT = tmp_path
    job = jobs.start_upload_job(actor=cao_ngoc_official, uploads=[seed_file("000_029306e97db87dbe.txt"),
                                                                  seed_file("003_f60837212bbc1c6b.txt")])
    job.state, job.total, job.done = "running", 2, 1
    job.save()
    client.force_login(cao_ngoc_official)
    html = client.get("/nhap-bao-cao/").content.decode()
    assert 'id="upload-jobs"' in html and f"Việc số {job.pk}" in html and "đã đọc 1/2 tệp" in html
    assert 'aria-valuenow="50"' in html and f'href="/nhap-bao-cao/?viec={job.pk}"' in html
