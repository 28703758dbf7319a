"""The exchange API: template download and upload, errors in both languages, scope.

The router is mounted here on its own API (with the project's auth and error handlers) until the lead
adds it to api/urls.py; the calls are the same then.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path
from ninja import NinjaAPI
from openpyxl import load_workbook
from tests.ingest.test_exchange import cam_ngoc, filled, row_of  # noqa: F401  (fixture)

from ntm.api import errors, exchange
from ntm.api.auth import AUTH
from ntm.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
_api = NinjaAPI(title="exchange test", auth=AUTH, urls_namespace="exchange_test")
errors.install(_api)
_api.add_router("/", exchange.router)
urlpatterns = [path("api/", _api.urls)]


def test_download_fill_and_upload_through_the_api(cam_ngoc, commune_official, client):  # noqa: F811
    client.force_login(commune_official)
    url = f"/api/units/{cam_ngoc.key}/exchange"
    response = client.get(f"{url}/template?kind=so-lieu&period=2024-Q1")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Số liệu"]
    good, bad = row_of(sheet, cam_ngoc.key, "15.1"), row_of(sheet, cam_ngoc.key, "2.1")
    sheet[f"G{good}"], sheet[f"G{bad}"] = 85, "abc"
    upload = SimpleUploadedFile("mau.xlsx", filled(book))
    response = client.post(url, {"file": upload})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "ntm.import_rejected"
    assert body["report"]["errors"] == [{
        "sheet": "Số liệu", "row": bad, "column": "G", "header": "Giá trị",
        "message": f"Trang «Số liệu», dòng {bad}, cột G (Giá trị): «abc» không phải là số",
        "message_en": f"Sheet 'Số liệu', row {bad}, column G (Value): 'abc' is not a number"}]
    assert not Observation.objects.filter(unit=cam_ngoc).exists()
    response = client.post(f"{url}?keep_valid=true", {"file": SimpleUploadedFile("mau.xlsx", filled(book))})
    assert response.status_code == 200 and response.json()["saved"] == 1


def test_outsider_gets_404_and_no_file_is_422(cam_ngoc, commune_official, outsider, client):  # noqa: F811
    url = f"/api/units/{cam_ngoc.key}/exchange"
    client.force_login(outsider)
    assert client.get(f"{url}/template?kind=so-lieu&period=2024-Q1").status_code == 404
    assert client.post(url, {}).status_code == 404
    client.force_login(commune_official)
    response = client.post(url, {})
    assert response.status_code == 422
    assert response.json()["fields"] == {"file": "cần gửi tệp Excel trong trường «file»"}
