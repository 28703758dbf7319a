"""Labels translated once before a loop (scorecard, data entry) still label every row, in each language."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


def cells_by_label(html: str) -> dict[str, int]:
    labels: dict[str, int] = {}
    for label in re.findall(r'<td data-label="([^"]*)"', html):
        labels[label] = labels.get(label, 0) + 1
    return labels


def test_every_indicator_row_of_the_scorecard_has_its_six_labels(demo, signed_in, commune_official):
    page = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/?ky=2024-Q1&bo=th-32-2022").content.decode()
    html = page.split('<table class="table table-sm ntm-cards indicators">')[1].split("</table>")[0]
    rows = html.count('<td data-label="Chỉ tiêu">')
    assert rows > 40
    labels = cells_by_label(html)
    assert all(labels[name] == rows for name in ("Giá trị", "Ngưỡng", "Kết quả", "Còn thiếu", "Minh chứng"))


def test_the_labels_follow_the_interface_language(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/don-vi/{CAM_NGOC}/?ky=2024-Q1&bo=th-32-2022").content.decode()
    assert '<td data-label="Chỉ tiêu">' not in html
    assert html.count('<td data-label="Indicator">') > 40


def test_every_indicator_of_the_entry_form_says_what_it_holds(demo, signed_in, commune_official):
    html = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/?bo=th-32-2022").content.decode()
    fields = html.count('class="ntm-indicator')
    assert fields > 40
    assert html.count("Hiện có:") == fields and html.count("— không đổi —") >= fields
    assert html.count("Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 10 MB)") == html.count('name="c_')
