"""The editor pages: list with counts, create a variant, change one threshold, what-if, publish by another officer."""

import json

import pytest

from ntm.setstore.models import SetVersion

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.setstore.urls")]


@pytest.fixture
def demo(db):
    from ntm.monitoring.demo import load_demo

    return load_demo()


def new_variant(client):
    return client.post("/bo-tieu-chi/tao/", {
        "how": "variant", "parent": "th-32-2022", "set_id": "th-moi", "province": "38", "title": "Bộ mới Thanh Hóa",
        "decision_number": "12/2024/QĐ-UBND", "decision_date": "2024-05-02", "valid_from": "", "valid_to": ""})


def test_the_list_counts_thresholds_by_status(client, th_office):
    client.force_login(th_office)
    page = client.get("/bo-tieu-chi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="set-qd318-2022"' in html and "Đã xác nhận" in html and "Theo báo cáo" in html
    assert 'id="new-set"' in html  # an office may create sets
    th_row = html[html.index('id="set-th-32-2022"'):].split("</tr>")[0]
    assert ">Thanh Hóa</td>" in th_row and ">38</td>" not in th_row  # the province by name, not its code
    assert '<option value="38">Thanh Hóa</option>' in html


def test_an_office_creates_a_variant_changes_a_threshold_and_another_officer_publishes(
        client, th_office, th_office_2, demo):
    client.force_login(th_office)
    assert new_variant(client).status_code == 302
    form = client.get("/bo-tieu-chi/th-moi/chi-tieu/15.1/")
    assert form.status_code == 200 and 'name="threshold"' in form.content.decode()
    saved = client.post("/bo-tieu-chi/th-moi/chi-tieu/15.1/", {
        "revision": 1, "name": "Tỷ lệ người dân tham gia bảo hiểm y tế", "unit": "%", "value_type": "percent",
        "comparator": ">=", "aggregate": "ratio", "threshold": "0", "counts": "người", "status": "confirmed",
        "source": "QĐ 12/2024/QĐ-UBND, Phụ lục, dòng 15.1", "note": "", "decision_number": "12/2024/QĐ-UBND",
        "decision_date": "2024-05-02", "article": "Phụ lục, dòng 15.1"})
    assert saved.status_code == 302, saved.content.decode()[:500]
    detail = client.get("/bo-tieu-chi/th-moi/").content.decode()
    assert "≥ 0" in detail and 'id="publish"' not in detail  # the drafter does not publish
    whatif = client.get("/bo-tieu-chi/th-moi/thu-truoc/?tinh=legacy:province:38&ky=2024-Q4")
    assert whatif.status_code == 200
    assert 'id="tc-15"' in whatif.content.decode() and "/don-vi/legacy:" in whatif.content.decode()
    client.force_login(th_office_2)
    assert client.post("/bo-tieu-chi/th-moi/ban-hanh/", {"revision": 2}).status_code == 302
    assert SetVersion.objects.get(set_id="th-moi").state == "published"
    card = client.get("/don-vi/legacy:15169/?ky=2024-Q4")
    assert card.status_code == 200 and "th-moi" in card.content.decode()


def test_another_province_gets_404_and_a_national_set_403(client, th_variant, na_office, th_office):
    client.force_login(na_office)
    assert client.get("/bo-tieu-chi/th-thu/").status_code == 404
    assert client.get("/bo-tieu-chi/th-thu/chi-tieu/15.1/").status_code == 404
    client.force_login(th_office)
    refused = client.post("/bo-tieu-chi/tao/", {"how": "variant", "parent": "qd318-2022", "set_id": "qd-x",
                                                "province": "", "title": "x"})
    assert refused.status_code == 403


def test_a_broken_yaml_upload_names_line_and_field(client, th_office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(th_office)
    text = 'id: th-x\nextends: qd318-2022\nprovince: "38"\ntitle: "x"\nvalid_from: 2022-01-01\n' \
           'overrides:\n  "15.1":\n    comparator: ">>"\n'
    page = client.post("/bo-tieu-chi/nhap/", {"file": SimpleUploadedFile("bien-the.yaml", text.encode())})
    assert page.status_code == 422 and "bien-the.yaml, dòng 8" in page.content.decode()


def test_export_downloads_the_yaml(client, th_variant, th_office):
    client.force_login(th_office)
    response = client.get("/bo-tieu-chi/th-thu/xuat/")
    assert response.status_code == 200 and b"extends: th-32-2022" in response.content


def test_the_api_lists_drafts_edits_what_if_and_publishes(client, th_variant, th_office, th_office_2, demo):
    client.force_login(th_office)
    rows = {r["id"]: r for r in client.get("/api/set-store").json()}
    assert rows["th-thu"]["state"] == "draft" and rows["th-thu"]["editable"]
    current = client.get("/api/set-store/th-thu").json()
    content = current["content"].replace("overrides: {}", "overrides:\n  '15.1': {threshold: 99, status: seed}")
    edited = client.put("/api/set-store/th-thu", json.dumps({"content": content, "revision": current["revision"]}),
                        content_type="application/json")
    assert edited.status_code == 200, edited.content
    stale = client.put("/api/set-store/th-thu", json.dumps({"content": content, "revision": 1}),
                       content_type="application/json")
    assert stale.status_code == 409
    whatif = client.get("/api/set-store/th-thu/what-if?province=legacy:province:38&period=2024-Q4").json()
    assert whatif["baseline"] == "th-32-2022" and len(whatif["criteria"]) == 19
    assert client.post("/api/set-store/th-thu/publish", json.dumps({"revision": 2}),
                       content_type="application/json").status_code == 403
    client.force_login(th_office_2)
    assert client.post("/api/set-store/th-thu/publish", json.dumps({"revision": 2}),
                       content_type="application/json").json()["state"] == "published"
    bad = client.post("/api/set-store", json.dumps({"content": "id: x\n", "name": "x.yaml"}),
                      content_type="application/json")
    assert bad.status_code == 422 and "x.yaml" in bad.json()["message"]


def test_a_copy_of_the_source_page_is_kept_and_served_only_in_scope(client, th_variant, th_office, na_office,
                                                                     settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(th_office)
    saved = client.post("/bo-tieu-chi/th-thu/chi-tieu/15.1/", {
        "revision": 1, "name": "Tỷ lệ người dân tham gia bảo hiểm y tế", "unit": "%", "value_type": "percent",
        "comparator": ">=", "aggregate": "ratio", "threshold": "90", "status": "confirmed", "source": "QĐ thử",
        "decision_number": "32/2022/QĐ-UBND", "decision_date": "2022-08-10", "article": "Phụ lục, dòng 15.1",
        "copy": SimpleUploadedFile("trang.pdf", b"%PDF-1.4 thu", content_type="application/pdf")})
    assert saved.status_code == 302, saved.content.decode()[:400]
    detail = client.get("/bo-tieu-chi/th-thu/").content.decode()
    assert "32/2022/QĐ-UBND" in detail and "/bo-tieu-chi/th-thu/nguon/15.1/" in detail
    served = client.get("/bo-tieu-chi/th-thu/nguon/15.1/")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    client.force_login(na_office)
    assert client.get("/bo-tieu-chi/th-thu/nguon/15.1/").status_code == 404


def test_a_copy_that_is_not_a_pdf_or_image_is_refused(client, th_variant, th_office, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(th_office)
    refused = client.post("/bo-tieu-chi/th-thu/chi-tieu/15.1/", {
        "revision": 1, "name": "BHYT", "unit": "%", "value_type": "percent", "comparator": ">=",
        "aggregate": "ratio", "threshold": "90", "status": "confirmed", "decision_number": "1",
        "copy": SimpleUploadedFile("trang.exe", b"MZ", content_type="application/octet-stream")})
    assert refused.status_code == 422 and "exe" in refused.content.decode()
    assert SetVersion.objects.get(set_id="th-thu").revision == 1  # nothing saved: the threshold waits too
