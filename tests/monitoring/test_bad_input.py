"""Every bad input is a clear 4xx naming the field: periods, set levels, reported totals, empty writes, evidence."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.errors import BadInput
from ntm.monitoring.periods import Period
from ntm.monitoring.services import check_evidence_file, record_reported_result

CAM_NGOC = "legacy:15169"


@pytest.fixture
def api(client):
    """api(user).get(url) / .put(url, data) with a bearer token."""
    from ntm.api.models import ApiToken

    class Caller:
        def __init__(self, user):
            self.headers = {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}

        def get(self, url):
            return client.get(url, headers=self.headers)

        def put(self, url, data):
            return client.put(url, data, content_type="application/json", headers=self.headers)

    return Caller

BHYT = f"/api/units/{CAM_NGOC}/observations/th-32-2022/15.1/2024-Q1"


@pytest.mark.parametrize("key", ["0000", "0000-Q1", "1999-03", "2101", "9999-6M", "0001-9M"])
def test_a_period_outside_2000_to_2100_is_refused(key):
    with pytest.raises(BadInput, match="2000") as refused:
        Period.parse(key)
    assert refused.value.field == "period"


@pytest.mark.parametrize("key", ["2000", "2100-Q4", "2024-03"])
def test_periods_at_the_edges_are_accepted(key):
    assert Period.parse(key).key == key


@pytest.mark.django_db
def test_year_zero_is_a_422_on_the_api_and_on_the_page(api, client, commune_official):
    answer = api(commune_official).get(f"/api/units/{CAM_NGOC}/evaluation?period=0000-Q1")
    assert answer.status_code == 422 and answer.json()["fields"] == {"period": answer.json()["message"]}
    client.force_login(commune_official)
    page = client.get(f"/don-vi/{CAM_NGOC}/?ky=0000")
    assert page.status_code == 422 and "2000" in page.content.decode()


@pytest.mark.django_db
def test_a_commune_set_on_a_village_district_or_province_is_refused_naming_the_level(api, make_user, unit):
    from ntm.geo.services import create_village

    commune = unit(CAM_NGOC)
    admin = make_user("quan_tri_bad_input", commune.parent.parent, "administrator")
    village = create_village(actor=None, commune=commune, name="Song Nga")
    for other in (village, commune.parent, commune.parent.parent):
        answer = api(admin).put(f"/api/units/{other.key}/observations/th-32-2022/15.1/2024-Q1", {"value": 80})
        assert answer.status_code == 422, (other, answer.json())
        message, fields = answer.json()["message"], answer.json()["fields"]
        assert ("set" in fields and "cấp xã" in message) or ("unit" in fields and "xã hoặc thôn" in message)


@pytest.mark.django_db
@pytest.mark.parametrize(("totals", "field"), [
    ({"criteria_met": 99999999, "criteria_total": 19}, "criteria_met"),
    ({"criteria_met": 15, "criteria_total": 20}, "criteria_total"),
    ({"criteria_met": 0, "criteria_total": 0}, "criteria_total"),
    ({"criteria_met": -1, "criteria_total": 19}, "criteria_met"),
    ({"criteria_met": 15, "criteria_total": 19, "indicators_met": 51, "indicators_total": 99999}, "indicators_total"),
    ({"criteria_met": 15, "criteria_total": 19, "indicators_met": 58, "indicators_total": 57}, "indicators_met"),
    ({"criteria_met": 15, "criteria_total": 19, "indicators_met": 51}, "indicators_total"),
])
def test_reported_totals_beyond_the_set_are_refused(commune_official, unit, totals, field):
    with pytest.raises(BadInput) as refused:
        record_reported_result(actor=commune_official, unit=unit(CAM_NGOC), set_id="th-32-2022",
                               period=Period.parse("2023"), **totals)
    assert refused.value.field == field


@pytest.mark.django_db
def test_a_documents_own_indicator_count_is_kept(commune_official, unit):
    """Seed 001 states 15/19 criteria and 51/57 indicators under a set of 56: a fact, kept as stated."""
    saved = record_reported_result(actor=commune_official, unit=unit(CAM_NGOC), set_id="th-32-2022",
                                   period=Period.parse("2023"), criteria_met=15, criteria_total=19,
                                   indicators_met=51, indicators_total=57)
    assert (saved.indicators_met, saved.indicators_total) == (51, 57)


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"expected_version": 1}, {"value": None, "expected_version": 1},
                                  {"value": "", "expected_version": 1}])
def test_an_empty_write_is_refused_and_keeps_the_value(api, commune_official, body):
    caller = api(commune_official)
    assert caller.put(BHYT, {"value": 80}).status_code == 200
    answer = caller.put(BHYT, body)
    assert answer.status_code == 422 and "value" in answer.json()["fields"]
    [saved] = [o for o in caller.get(f"/api/units/{CAM_NGOC}/observations?period=2024-Q1").json()
               if o["indicator"] == "15.1"]
    assert saved["version"] == 1 and float(saved["value"]) == 80


@pytest.mark.django_db
def test_a_non_numeric_choice_on_the_import_confirmation_is_a_422(client, commune_official):
    client.force_login(commune_official)
    response = client.post("/nhap-bao-cao/xac-nhan/", {"chon": "abc"})
    assert response.status_code == 422 and "abc" in response.content.decode()


def office_file(kind):
    buffer = io.BytesIO()
    if kind == "docx":
        import docx

        docx.Document().save(buffer)
    else:
        import openpyxl

        openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\0" * 64
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600


@pytest.mark.parametrize(("name", "content"), [
    ("bien-ban.pdf", b"%PDF-1.4 minh chung"), ("anh.png", PNG), ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64),
    ("danh-sach.docx", "docx"), ("bang.xlsx", "xlsx"), ("cu.doc", OLE2), ("cu.xls", OLE2),
])
def test_evidence_whose_content_matches_its_name_is_accepted(name, content):
    data = office_file(content) if isinstance(content, str) else content
    check_evidence_file(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(("name", "content"), [
    ("bien-ban.pdf", PNG), ("anh.png", b"%PDF-1.4"), ("bien-ban.pdf", b"MZ\x90\x00" + b"\0" * 64),
    ("bien-ban.pdf", b"<html><script>alert(1)</script></html>"), ("danh-sach.docx", b"%PDF-1.4"),
    ("bien-ban.pdf", b""),
])
def test_evidence_whose_content_is_not_what_its_name_says_is_refused(name, content):
    with pytest.raises(BadInput, match="không phải là") as refused:
        check_evidence_file(SimpleUploadedFile(name, content))
    assert refused.value.field == "evidence_file"
