"""A document about several units (a district bulletin) imports as one row per unit: confirm some, drop others."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.models import AuditEntry
from ntm.ingest.models import ImportRecord
from ntm.monitoring.models import ReportedResult

pytestmark = pytest.mark.django_db

# A bulletin in the shape of the corpus's district bulletins (tests/ingest/fixtures/corpus), naming seed
# communes of Thanh Hóa so that the register matches them.
BULLETIN = """BẢN TIN NÔNG THÔN MỚI HUYỆN
Đến hết năm 2023, xã Cao Ngọc (huyện Ngọc Lặc) đạt 16/19 tiêu chí; xã Cẩm Ngọc đạt 15/19 tiêu chí; \
các xã Ngọc Phụng và Thạch Cẩm đạt 17 tiêu chí.
"""


@pytest.fixture
def province_officer(make_user, unit):
    # The province office itself: it reads its archive of bulletins and records what they stated about its communes.
    return make_user("tinh_nhap", unit("legacy:province:38"), "province_office")


def _upload(client, officer) -> ImportRecord:
    client.force_login(officer)
    upload = SimpleUploadedFile("ban-tin.txt", BULLETIN.encode(), content_type="text/plain")
    assert client.post("/nhap-bao-cao/", {"files": [upload]}).status_code == 302
    return ImportRecord.objects.get()


def test_a_bulletin_shows_one_row_per_unit_with_the_register_match(client, province_officer):
    record = _upload(client, province_officer)
    names = [u["name"] for u in record.facts["units"]]
    assert names == ["Cao Ngọc", "Cẩm Ngọc", "Ngọc Phụng", "Thạch Cẩm"]
    assert record.facts["assessments"] == []     # nothing put on the document's own unit
    html = client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()
    assert html.count('name="chon_don_vi"') == 4
    assert '<option value="legacy:15079">' in html  # Cao Ngọc matched in the register
    assert 'id="chon-don-vi-0" checked' in html  # a sure row with its count is pre-selected
    assert 'id="chon-don-vi-3" checked' not in html  # "các xã … đạt 17 tiêu chí": no total, not pre-selected


def test_confirming_two_rows_saves_two_reported_results_and_drops_the_rest(client, province_officer):
    record = _upload(client, province_officer)
    form = {"don_vi": "1", "period": "2023", "chon_don_vi": ["0", "1"],
            "unit_0": "legacy:15079", "criteria_met_0": "16", "criteria_total_0": "19",
            "unit_1": "legacy:15169", "criteria_met_1": "15", "criteria_total_1": "19"}
    response = client.post(f"/nhap-bao-cao/{record.pk}/", form)
    assert response.status_code == 302
    rows = {r.unit.code: r for r in ReportedResult.objects.select_related("unit")}
    assert set(rows) == {"15079", "15169"}
    assert rows["15079"].criteria_met == 16 and rows["15079"].document == "ban-tin.txt"
    record.refresh_from_db()
    assert record.status == "confirmed" and len(record.confirmed_facts["units_saved"]) == 2
    assert AuditEntry.objects.filter(action="ingest.import.units_confirmed").count() == 1


def test_a_row_without_its_total_saves_nothing(client, province_officer):
    record = _upload(client, province_officer)
    form = {"don_vi": "1", "period": "2023", "chon_don_vi": ["0", "2"],
            "unit_0": "legacy:15079", "criteria_met_0": "16", "criteria_total_0": "19",
            "unit_2": "", "criteria_met_2": "17", "criteria_total_2": ""}
    response = client.post(f"/nhap-bao-cao/{record.pk}/", form)
    assert response.status_code == 422
    assert not ReportedResult.objects.exists()
    record.refresh_from_db()
    assert record.status == "pending"


def test_a_single_unit_report_has_no_unit_rows(client, make_user, unit):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_029306e97db87dbe.txt"
    officer = make_user("xa", unit("legacy:15079"), "commune_official")
    client.force_login(officer)
    client.post("/nhap-bao-cao/", {"files": [SimpleUploadedFile("a.txt", seed.read_bytes())]})
    record = ImportRecord.objects.get()
    assert record.facts["units"] == []
    assert 'id="units-form"' not in client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()


def test_the_pending_list_says_how_many_units_a_document_reports_on(client, province_officer):
    _upload(client, province_officer)
    assert "4 đơn vị" in client.get("/nhap-bao-cao/").content.decode()


def test_another_province_office_finds_no_commune_to_record(client, make_user, unit):
    other = make_user("tinh_khac", unit("legacy:province:40"), "province_office")
    record = _upload(client, other)
    html = client.get(f"/nhap-bao-cao/{record.pk}/").content.decode()
    assert '<option value="legacy:15079">' not in html
    assert "không có đơn vị cùng tên trong phạm vi của anh/chị" in html
    form = {"don_vi": "1", "period": "2023", "chon_don_vi": ["0"], "unit_0": "legacy:15079",
            "criteria_met_0": "16", "criteria_total_0": "19"}
    assert client.post(f"/nhap-bao-cao/{record.pk}/", form).status_code in (404, 422)  # not found for this office
    assert not ReportedResult.objects.exists()


def test_recording_stated_totals_gives_the_province_office_no_edit_of_the_data(province_officer, unit):
    from ntm.common.errors import OutOfScope
    from ntm.common.scope import Access, require_scope

    require_scope(province_officer, unit("legacy:15079"), Access.RECORD_STATED)
    with pytest.raises(OutOfScope):
        require_scope(province_officer, unit("legacy:15079"), Access.EDIT)
