"""Importing a legacy report: upload, review beside the text, confirm; nothing saved before that."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
    assert "Đạt 16/19 tiêu chí" in page
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
