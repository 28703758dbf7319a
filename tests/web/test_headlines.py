"""The seed communes' headlines agree with their reports: computed where the data decides every criterion,
the stated figure (with its document) where it does not; never "Đạt 0/19" when nothing is known."""

import re

import pytest

pytestmark = pytest.mark.django_db


def summary(html: str) -> str:
    found = re.search(r'id="summary">(.*?)</p>', html, re.S)
    assert found, "no #summary on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


@pytest.fixture
def province(demo, signed_in, make_user):
    """An administrator: the seeds span Thanh Hóa and Quảng Ngãi."""
    return signed_in(make_user("admin", is_superuser=True))


@pytest.mark.parametrize(("key", "period", "expected"), [
    ("legacy:15079", "2024-Q1", "16 đạt 3 chưa đạt 0 chưa rõ / 19 tiêu chí"),        # Cao Ngọc, seed 000
    ("legacy:15205", "2023", "18 đạt 1 chưa đạt 0 chưa rõ / 19 tiêu chí"),           # Thạch Cẩm, seed 003
    ("legacy:15205", "2024-Q1", "17 đạt 2 chưa đạt 0 chưa rõ / 19 tiêu chí"),
    ("legacy:15169", "2023", "Báo cáo ghi: đạt 15/19 tiêu chí, 51/57 chỉ tiêu"),     # Cẩm Ngọc, seed 001
    ("legacy:21493", "2024", "Báo cáo ghi: đạt 10/19 tiêu chí"),                     # Ba Thành, seed 002
    ("2025:15127", "2023", "Báo cáo ghi: đạt 15/19 tiêu chí, 51/57 chỉ tiêu (Xã Cẩm Ngọc)"),  # merged: Cẩm Thủy
])
def test_seed_headline_agrees_with_the_report(province, key, period, expected):
    html = province.get(f"/don-vi/{key}/?ky={period}").content.decode()
    assert summary(html).startswith(expected), summary(html)
    assert "Đạt 0/" not in html


def test_partial_computation_is_shown_beside_the_stated_figure(province):
    html = province.get("/don-vi/legacy:21493/?ky=2024").content.decode()
    assert "0 đạt" in html and "5 chưa đạt" in html and "14 chưa rõ" in html  # criteria 3, 11, 12, 16, 18


def test_a_period_without_anything_says_so(province):
    html = province.get("/don-vi/legacy:15079/?ky=2022-Q1").content.decode()
    assert summary(html) == "Chưa có số liệu cho kỳ này."


def test_comparison_with_an_empty_period_says_so(province):
    html = province.get("/don-vi/legacy:15079/?ky=2024-Q1").content.decode()
    assert "kỳ trước chưa có số liệu để so sánh" in html and "0/19 → 16/19" not in html


def test_every_indicator_row_shows_its_threshold_provenance(province):
    html = province.get("/don-vi/legacy:15205/?ky=2024-Q1").content.decode()
    assert html.count('class="prov prov-') == 56
    assert "Theo báo cáo của xã" in html  # 15.1 = 90 % comes from seed 003
    assert "kết quả theo số đo dựa trên ngưỡng chưa được xác nhận" in html


def test_merged_commune_history_carries_its_predecessors(demo, signed_in, commune_official):
    html = signed_in(commune_official).get("/don-vi/2025:15127/lich-su/").content.decode()  # Cẩm Ngọc's official
    assert "Xã Cẩm Ngọc" in html and "báo cáo ghi đạt 15/19" in html and "Thị trấn Phong Sơn" in html


def test_evidence_file_is_served_only_within_scope(demo, signed_in, commune_official, outsider, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ntm.monitoring.periods import Period
    from ntm.monitoring.services import Entry, Target, record_observations

    pdf = SimpleUploadedFile("bhyt.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf")
    saved = record_observations(actor=commune_official, unit=unit("legacy:15169"), period=Period.parse("2024-Q1"),
                                entries=[Entry(Target("th-32-2022", indicator="15.1"), 91, None)],
                                evidence_note="Danh sách BHYT", evidence_file=pdf)
    url = f"/minh-chung/{saved[0].pk}/"
    own = signed_in(commune_official).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert signed_in(outsider).get(url).status_code == 404
    page = signed_in(commune_official).get("/don-vi/legacy:15169/?ky=2024-Q1").content.decode()
    assert url in page and "Danh sách BHYT" in page
