"""The pages as a commune official and a province office use them (Django test client)."""

import pytest

from ntm.monitoring.models import Observation

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


def test_sign_in_page_is_vietnamese(client):
    page = client.get("/dang-nhap/")
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()


def test_pages_require_sign_in(client):
    assert client.get(f"/don-vi/{CAM_NGOC}/").status_code == 302


def test_scorecard_shows_tiles_and_reported_totals(demo, signed_in, commune_official):
    page = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/?ky=2023")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="tile-15"' in html and "Báo cáo ghi: đạt 15/19 tiêu chí, 51/57 chỉ tiêu" in html
    assert "Song Nga" in html  # the villages


def test_saving_a_value_changes_the_scorecard_at_once(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    response = client.post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/",
                           {"bo": "th-32-2022", "v_15.1": "79,9", "evidence_note_15": "Số liệu BHXH"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'id="value-15.1">79,9 %' in html
    assert 'class="tile not_met" id="tile-15"' in html


def test_percent_over_100_is_refused_with_the_field_and_nothing_saved(demo, signed_in, commune_official):
    response = signed_in(commune_official).post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/",
                                                {"bo": "th-32-2022", "v_15.1": "120"})
    assert response.status_code == 422 and "vượt quá 100%" in response.content.decode()
    assert not Observation.objects.filter(unit__code="15169").exists()


def test_text_in_a_number_field_is_refused(demo, signed_in, commune_official):
    response = signed_in(commune_official).post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/",
                                                {"bo": "th-32-2022", "v_15.1": "nhiều lắm"})
    assert response.status_code == 422 and "không phải là một số" in response.content.decode()


def test_stale_form_gets_a_conflict_page_with_both_values(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    url = f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/"
    client.post(url, {"bo": "th-32-2022", "v_15.1": "85"})
    stale = client.post(url, {"bo": "th-32-2022", "v_15.1": "88", "ver_15.1": ""})
    html = stale.content.decode()
    assert stale.status_code == 409 and 'id="theirs">85' in html and "88" in html
    assert Observation.objects.get(unit__code="15169", indicator="15.1").value == 85


def test_file_of_a_forbidden_type_is_refused(demo, signed_in, commune_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evil = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = signed_in(commune_official).post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/", {
        "bo": "th-32-2022", "v_15.1": "85", "evidence_file_15": evil})
    assert response.status_code == 422 and "không thuộc loại cho phép" in response.content.decode()
    assert not Observation.objects.filter(unit__code="15169").exists()


def test_free_text_is_escaped(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    client.post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/", {"bo": "th-32-2022", "v_15.1": "85",
                                                       "evidence_note_15": "<script>alert(1)</script>"})
    html = client.get(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/?bo=th-32-2022").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_outsider_gets_404_for_another_commune(demo, signed_in, outsider):
    client = signed_in(outsider)
    assert client.get(f"/don-vi/{CAM_NGOC}/").status_code == 404
    assert client.get("/don-vi/legacy:99999999/").status_code == 404


def test_review_submit_approve_lock_and_reopen(demo, signed_in, commune_official, province_office):
    official = signed_in(commune_official)
    url = f"/don-vi/{CAM_NGOC}/duyet/2024-Q1/"
    assert official.post(url, {"transition": "submit", "bo": "th-32-2022"}).status_code == 302
    assert official.post(url, {"transition": "approve", "bo": "th-32-2022"}).status_code == 403  # not its own
    province = signed_in(province_office)
    assert province.post(url, {"transition": "approve", "bo": "th-32-2022"}).status_code == 302
    official = signed_in(commune_official)
    locked = official.post(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/", {"bo": "th-32-2022", "v_15.1": "85"})
    assert locked.status_code == 422 and "đã được duyệt" in locked.content.decode()
    month = official.post(f"/don-vi/{CAM_NGOC}/nhap/2024-03/", {"bo": "th-32-2022", "v_15.1": "85"})
    assert month.status_code == 422  # a month inside the approved quarter is locked too
    assert official.post(url, {"transition": "reopen", "bo": "th-32-2022", "reason": "sửa"}).status_code == 403
    province = signed_in(province_office)
    assert province.post(url, {"transition": "reopen", "bo": "th-32-2022"}).status_code == 422  # reason required
    reopened = province.post(url, {"transition": "reopen", "bo": "th-32-2022", "reason": "Sai số liệu BHYT"})
    assert reopened.status_code == 302


def test_review_url_answers_get_with_a_page(demo, signed_in, commune_official):
    page = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/duyet/2024-Q1/")
    assert page.status_code == 200 and "Trạng thái duyệt" in page.content.decode()


def test_a_bad_transition_is_a_clear_422_not_a_500(demo, signed_in, commune_official):
    page = signed_in(commune_official).post(f"/don-vi/{CAM_NGOC}/duyet/2024-Q1/", {"transition": "xyz"})
    assert page.status_code == 422 and "không hợp lệ" in page.content.decode()


def test_merged_commune_page_lists_predecessors(demo, signed_in, province_office):
    page = signed_in(province_office).get("/don-vi/2025:15127/?ky=2024&bo=th-32-2022")
    html = page.content.decode()
    assert page.status_code == 200 and "Trước sáp nhập" in html and "Xã Cẩm Ngọc" in html


def test_login_is_throttled_after_repeated_failures(client, make_user):
    make_user("someone")
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "someone", "password": "wrong"})
    response = client.post("/dang-nhap/", {"username": "someone", "password": "pw"})
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()


def test_interface_is_vietnamese_by_default_and_english_on_request(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    english_browser = client.get(f"/don-vi/{CAM_NGOC}/?ky=2023", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Chi tiết chỉ tiêu" in english_browser.content.decode()  # the browser's language does not decide
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/don-vi/{CAM_NGOC}/?ky=2023").content.decode()
    assert "Indicators" in html and "Enter data" in html and "Chi tiết chỉ tiêu" not in html
    assert '<html lang="en">' in html
