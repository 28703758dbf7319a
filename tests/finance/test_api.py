"""Finance API: reads and writes in scope, errors in the API's one shape, endpoints in the OpenAPI schema."""

import pytest

from ntm.finance import services

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


def test_funding_put_then_summary(api, commune_official, cam_ngoc):
    caller = api(commune_official)
    created = caller.put(f"/api/units/{CAM_NGOC}/funding/2023/enterprise", {"planned": "3.886.000.000"})
    assert created.status_code == 200 and created.json()["planned"] == 3_886_000_000
    caller.put(f"/api/units/{CAM_NGOC}/stated-totals/2023/planned", {"amount": 4_000_000_000})
    summary = caller.get(f"/api/units/{CAM_NGOC}/funding/2023").json()
    assert (summary["total_vnd"], summary["stated_total_vnd"]) == (3_886_000_000, 4_000_000_000)
    assert summary["by_source"] == {"enterprise": 3_886_000_000}
    assert "4.000.000.000 đồng" in summary["warnings"][0]["message"]


def test_stale_and_bad_writes_answer_409_and_422_naming_the_field(api, commune_official, cam_ngoc):
    caller = api(commune_official)
    url = f"/api/units/{CAM_NGOC}/funding/2023/people"
    assert caller.put(url, {"planned": 1}).status_code == 200
    assert caller.put(url, {"planned": 2, "expected_revision": 1}).status_code == 200
    stale = caller.put(url, {"planned": 3, "expected_revision": 1})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    bad = caller.put(url, {"disbursed": "-1", "expected_revision": 2})
    assert bad.status_code == 422 and "disbursed" in bad.json()["fields"]
    assert bad.json()["code"] == "ntm.bad_input" and bad.json()["message_en"]


def test_outsider_gets_404_and_province_office_403(api, outsider, province_office, cam_ngoc):
    work = services.create_work(actor=None, unit=cam_ngoc, values={"name": "Cầu", "year": 2023})
    assert api(outsider).get(f"/api/units/{CAM_NGOC}/works").status_code == 404
    assert api(outsider).get(f"/api/works/{work.pk}").status_code == 404
    assert api(outsider).request("patch", f"/api/works/{work.pk}", {"progress_pct": 5}).status_code == 404
    assert api(province_office).get(f"/api/works/{work.pk}").status_code == 200
    refused = api(province_office).request("patch", f"/api/works/{work.pk}", {"progress_pct": 5,
                                                                             "expected_revision": 1})
    assert refused.status_code == 403


def test_works_create_filter_patch_and_detail(api, commune_official, song_nga):
    caller = api(commune_official)
    created = caller.request("post", f"/api/units/{CAM_NGOC}/works", {
        "name": "Rãnh thoát nước có nắp đậy", "year": 2023, "criterion": 2, "village": song_nga.key})
    assert created.status_code == 201
    pk = created.json()["id"]
    caller.put(f"/api/works/{pk}/funding/2023/central_province", {"planned": "217.000.000", "disbursed": 109_000_000})
    patched = caller.request("patch", f"/api/works/{pk}", {"progress_pct": "100", "status": "done",
                                                           "expected_revision": 1})
    assert patched.status_code == 200 and patched.json()["status"] == "done"
    listed = caller.get(f"/api/units/{CAM_NGOC}/works?criterion=2").json()
    assert [(w["planned_vnd"], w["disbursed_vnd"]) for w in listed] == [(217_000_000, 109_000_000)]
    assert caller.get(f"/api/units/{CAM_NGOC}/works?criterion=3").json() == []
    detail = caller.get(f"/api/works/{pk}").json()
    assert detail["work"]["village"] == song_nga.key and len(detail["funding"]) == 1


def _xlsx() -> bytes:
    """A real workbook: files are checked by their content, not their name."""
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_work_document_upload(client, commune_official, cam_ngoc, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    work = services.create_work(actor=None, unit=cam_ngoc, values={"name": "Cầu", "year": 2023})
    client.force_login(commune_official)
    from django.middleware.csrf import _get_new_csrf_string  # noqa: PLC0415 - the session API needs a CSRF token

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = client.post(f"/api/works/{work.pk}/documents", {"title": "Dự toán",
                                                              "file": SimpleUploadedFile("du-toan.xlsx", _xlsx())},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Dự toán"
    too_big = SimpleUploadedFile("x.pdf", b"0" * (10 * 1024 * 1024 + 1))
    refused = client.post(f"/api/works/{work.pk}/documents", {"file": too_big}, headers={"X-CSRFToken": token})
    assert refused.status_code == 422 and "file" in refused.json()["fields"]


def test_contributions_ocop_and_campaigns(api, commune_official, village_board, song_nga, dong_lao):
    board = api(village_board)
    added = board.request("post", f"/api/units/{song_nga.key}/contributions", {
        "year": 2023, "kind": "land", "item": "Hiến đất", "quantity": "120", "measure_unit": "m2"})
    assert added.status_code == 201 and added.json()["measure_unit"] == "m²"
    other = board.request("post", f"/api/units/{dong_lao.key}/contributions", {
        "year": 2023, "kind": "land", "item": "Hiến đất", "quantity": "1", "measure_unit": "m²"})
    assert other.status_code == 404
    summary = api(commune_official).get(f"/api/units/{CAM_NGOC}/contributions/2023").json()
    assert [(ln["item"], ln["measure_unit"], float(ln["quantity"])) for ln in summary["lines"]] == [
        ("Hiến đất", "m²", 120.0)]
    caller = api(commune_official)
    assert caller.request("post", f"/api/units/{CAM_NGOC}/ocop", {"name": "Mật ong", "producer": "HTX",
                                                                   "stars": 3}).status_code == 201
    products = caller.get(f"/api/units/{CAM_NGOC}/ocop").json()
    assert [p["stars"] for p in products] == [3]
    stale = caller.request("delete", f"/api/ocop/{products[0]['id']}?expected_revision=7")
    assert stale.status_code == 409
    assert caller.request("delete", f"/api/ocop/{products[0]['id']}?expected_revision=1").status_code == 204
    assert caller.get(f"/api/units/{CAM_NGOC}/ocop").json() == []
    assert caller.request("post", f"/api/units/{CAM_NGOC}/campaigns", {
        "kind": "training", "title": "Tập huấn", "year": 2023, "people": 40}).status_code == 201
    assert [c["people"] for c in caller.get(f"/api/units/{CAM_NGOC}/campaigns?year=2023").json()] == [40]


def test_finance_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/units/{key}/funding/{year}", "/api/units/{key}/funding/{year}/{source_kind}",
                 "/api/units/{key}/works", "/api/works/{pk}", "/api/works/{pk}/documents",
                 "/api/units/{key}/contributions/{year}", "/api/units/{key}/ocop", "/api/units/{key}/campaigns"):
        assert path in paths, path
