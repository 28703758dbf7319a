"""The province heat-map as a province office uses it: set and period chosen for it, filters, order, pages,
summary, exports, and a query count that does not grow with the number of communes."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.geo.models import Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, record_observation
from ntm.web import heatmap

pytestmark = pytest.mark.django_db
THANH_HOA = "/tinh/legacy:province:38/"
SMALL = "legacy:province:58"  # a province without demo data: the fixtures below are all it has


def communes_of(province_code: str, scheme: str = "legacy") -> list[Unit]:
    return list(Unit.objects.filter(level="commune", scheme=scheme, province_code=province_code).order_by("code"))


def assess(unit: Unit, period: str, met: int, of: int = 19, set_id: str = "qd318-2022") -> None:
    """Record criteria 1..`met` as met and the rest of `of` as not met, as the demo loader does."""
    for number in range(1, of + 1):
        record_observation(actor=None, unit=unit, target=Target(set_id, criterion=number), period=Period.parse(period),
                           raw="met" if number <= met else "not_met")


@pytest.fixture
def small_province(db, unit):
    """Four communes with data: 19, 15 and 5 criteria met in 2024-Q1, and one with 12 met in 2023 only."""
    full, high, low, old = communes_of("58")[:4]
    assess(full, "2024-Q1", 19)
    assess(high, "2024-Q1", 15)
    assess(low, "2024-Q1", 5)
    assess(old, "2023", 12)
    return {"province": unit(SMALL), "full": full, "high": high, "low": low, "old": old}


@pytest.fixture
def superuser(make_user):
    return make_user("quan_tri", is_superuser=True)


def body_rows(html: str) -> list[str]:
    """The names in the table's body, in order."""
    tbody = html.split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    return re.findall(r'<th scope="row" class="name"><a [^>]*>([^<]+)</a>', tbody)


def select_options(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', found.group(1)) if found else []


# The set and the period


def test_set_is_a_choice_of_the_sets_that_fit_the_province(demo, signed_in, province_office):
    html = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1").content.decode()
    offered = select_options(html, "bo")
    assert {"th-32-2022", "qd318-2022", "th-33-2022", "qd319-2022"} <= set(offered)
    assert not [s for s in offered if s.startswith("th-41")]  # village sets are not for communes
    assert "qd51-2025" not in offered  # the pre-2025 communes were gone before it applied
    assert "QĐ 32/2022/QĐ-UBND (10/08/2022) · Bộ tiêu chí xã nông thôn mới tỉnh Thanh Hóa" in html
    assert '<input id="bo"' not in html


def test_the_two_level_province_is_offered_the_2026_set(demo, signed_in, province_office):
    html = signed_in(province_office).get("/tinh/2025:province:38/?ky=2026-Q2").content.decode()
    assert select_options(html, "bo")[0] == "qd51-2025" and "QĐ 51/2025/QĐ-TTg (29/12/2025) · Bộ tiêu chí" in html


def test_another_province_is_not_offered_thanh_hoa_variants(small_province, signed_in, superuser):
    html = signed_in(superuser).get(f"/tinh/{SMALL}/").content.decode()
    offered = select_options(html, "bo")
    assert "qd318-2022" in offered and not [s for s in offered if s.startswith("th-")]


def test_default_period_is_the_latest_with_data_and_its_set_in_force(demo, signed_in, province_office):
    html = signed_in(province_office).get(THANH_HOA).content.decode()
    assert re.search(r'<option value="2024-Q1" selected>', html)
    assert re.search(r'<option value="th-32-2022" title="[^"]*" selected>', html)


def test_default_period_reads_the_communes_data_in_one_query(small_province):
    communes = heatmap.province_communes(None, small_province["province"])
    with CaptureQueriesContext(connection) as queries:
        assert heatmap.latest_period_with_data(communes) == Period.parse("2024-Q1")
    assert len(queries) == 1


def test_a_set_that_does_not_fit_the_province_falls_back_to_the_one_in_force(small_province, superuser):
    heat = heatmap.heat_map(superuser, small_province["province"], {"ky": "2024-Q1", "bo": "th-32-2022"})
    assert heat.cset.id == "qd318-2022"


# Filters filled from the data


def test_region_list_is_filled_from_the_communes_with_the_sets_names(demo, signed_in, province_office):
    html = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1").content.decode()
    assert select_options(html, "vung") == ["", "BTB"] and ">Bắc Trung Bộ</option>" in html


def test_group_list_is_hidden_when_no_commune_has_a_group(demo, signed_in, province_office):
    html = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1").content.decode()
    assert 'id="nhom"' not in html


def test_group_list_shows_the_groups_present_with_the_sets_short_names(small_province, superuser):
    Unit.objects.filter(pk=small_province["full"].pk).update(group="1")
    Unit.objects.filter(pk=small_province["low"].pk).update(group="3")
    heat = heatmap.heat_map(superuser, small_province["province"], {"ky": "2026-Q2", "bo": "qd51-2025"})
    assert [(o.value, o.label) for o in heat.groups] == [("1", "Xã nhóm 1"), ("3", "Xã nhóm 3")]
    only_one = heatmap.heat_map(superuser, small_province["province"], {"ky": "2026-Q2", "bo": "qd51-2025",
                                                                        "nhom": "3"})
    assert [r.unit.pk for r in only_one.rows] == [small_province["low"].pk]


# Communes told apart


def test_namesakes_are_told_apart_by_district_and_type(demo, province_office, unit):
    heat = heatmap.heat_map(province_office, unit("legacy:province:38"), {"ky": "2024-Q1"})
    ba_dinh = {(r.unit.division_type, r.district) for r in heat.rows if r.unit.short_name == "Ba Đình"}
    assert ba_dinh == {("phường", "Thành phố Thanh Hóa"), ("phường", "Thị xã Bỉm Sơn"), ("xã", "Huyện Nga Sơn")}


def test_page_shows_the_district_and_type_columns(demo, signed_in, province_office):
    html = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1&sap=huyen").content.decode()
    assert '<th scope="col">Huyện</th>' in html and '<th scope="col">Loại</th>' in html
    assert "<td class=\"text-nowrap\">Huyện Bá Thước</td>" in html  # first district in order


def test_rural_filter_keeps_only_communes_of_type_xa(demo, signed_in, province_office, unit):
    heat = heatmap.heat_map(province_office, unit("legacy:province:38"), {"ky": "2024-Q1", "loai": "xa"})
    all_rural = Unit.objects.filter(level="commune", scheme="legacy", province_code="38", division_type="xã")
    assert heat.total == all_rural.count() and {r.unit.division_type for r in heat.rows} == {"xã"}
    html = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1&loai=xa").content.decode()
    assert 'name="loai" value="xa" checked' in html and "<td>phường</td>" not in html


# Order and pages


def test_sorting_by_criteria_met_both_ways(small_province, signed_in, superuser):
    client = signed_in(superuser)
    names = {k: small_province[k].short_name for k in ("full", "high", "low", "old")}
    most_first = body_rows(client.get(f"/tinh/{SMALL}/?ky=2024-Q1&sap=-dat").content.decode())
    assert most_first[:4] == [names["full"], names["high"], names["old"], names["low"]]
    fewest_first = heatmap.heat_map(superuser, small_province["province"], {"ky": "2024-Q1", "sap": "dat"}).rows
    assert [r.unit.short_name for r in fewest_first[-4:]] == [names["low"], names["old"], names["high"], names["full"]]


def test_sorting_by_name_follows_the_vietnamese_alphabet():
    names = ["Đông Sơn", "Bãi Trành", "Dân Lý", "Ba Đình", "An Nông", "Ân Tiến"]
    assert sorted(names, key=heatmap.vi_sort_key) == ["An Nông", "Ân Tiến", "Ba Đình", "Bãi Trành", "Dân Lý",
                                                      "Đông Sơn"]


def test_page_links_keep_the_filters_and_the_order(demo, signed_in, province_office):
    client = signed_in(province_office)
    first = client.get(f"{THANH_HOA}?ky=2024-Q1&loai=xa&sap=-ten").content.decode()
    assert len(body_rows(first)) == heatmap.PAGE_SIZE
    link = re.search(r'<a class="page-link" rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "loai=xa" in link and "sap=-ten" in link and "trang=2" in link
    second = client.get(f"{THANH_HOA}{link}").content.decode()
    assert "<td>phường</td>" not in second and not set(body_rows(first)) & set(body_rows(second))
    assert 'name="loai" value="xa" checked' in second


def test_a_page_number_past_the_end_shows_the_last_page(demo, signed_in, province_office):
    page = signed_in(province_office).get(f"{THANH_HOA}?ky=2024-Q1&trang=999")
    assert page.status_code == 200 and 'aria-current="page"><span class="page-link">11<' in page.content.decode()


# Summary and coverage


def test_summary_counts_full_high_and_low_bands_from_the_data(small_province, superuser):
    heat = heatmap.heat_map(superuser, small_province["province"], {"ky": "2024-Q1"})
    summary = heat.summary
    assert (summary.total_criteria, summary.high_from, summary.low_under) == (19, 15, 10)
    assert (summary.full, summary.high, summary.low) == (1, 2, 1)  # 19 | 19, 15 | 5; 12 is in neither band
    assert summary.not_evaluated == heat.total - 4


def test_coverage_counts_communes_with_data_within_the_period(small_province, signed_in, superuser):
    heat = heatmap.heat_map(superuser, small_province["province"], {"ky": "2024-Q1"})
    assert (heat.summary.with_data, heat.summary.without_data) == (3, heat.total - 3)  # 2023's values carry, not count
    html = signed_in(superuser).get(f"/tinh/{SMALL}/?ky=2024-Q1").content.decode()
    assert '<strong id="cov-with">3</strong>' in html and f'<strong id="cov-without">{heat.total - 3}</strong>' in html
    assert '<strong id="sum-full">1</strong>' in html


def test_communes_with_or_without_data_in_the_period_can_be_listed(small_province, signed_in, superuser):
    client = signed_in(superuser)
    reported = body_rows(client.get(f"/tinh/{SMALL}/?ky=2024-Q1&so_lieu=co").content.decode())
    assert sorted(reported) == sorted(small_province[k].short_name for k in ("full", "high", "low"))
    missing = heatmap.heat_map(superuser, small_province["province"], {"ky": "2024-Q1", "so_lieu": "chua"})
    assert small_province["old"].pk in {r.unit.pk for r in missing.rows} and not any(r.has_data for r in missing.rows)


def test_bands_are_scaled_for_a_set_of_ten_criteria(small_province, signed_in, superuser):
    assert heatmap.bands(10) == (8, 6)
    html = signed_in(superuser).get(f"/tinh/{SMALL}/?ky=2026-Q2&bo=qd51-2025").content.decode()
    assert "Đạt đủ 10/10" in html and "ứng với mốc 15 và 10 trên 19 tiêu chí" in html


def test_each_commune_links_to_its_scorecard_for_the_same_period_and_set(small_province, signed_in, superuser):
    html = signed_in(superuser).get(f"/tinh/{SMALL}/?ky=2024-Q1").content.decode()
    assert f'href="/don-vi/{small_province["full"].key}/?ky=2024-Q1&amp;bo=qd318-2022"' in html


# Filters on a criterion, exports, freshness (moved from test_pages.py)


def test_province_heat_map_filters_and_counts(demo, signed_in, province_office):
    client = signed_in(province_office)
    page = client.get(f"{THANH_HOA}?ky=2024-Q1&bo=th-32-2022")
    html = page.content.decode()
    assert page.status_code == 200 and "Cao Ngọc" in html and 'id="met-count-1"' in html
    filtered = client.get(f"{THANH_HOA}?ky=2024-Q1&bo=th-32-2022&tieu_chi=6&trang_thai=not_met")
    assert filtered.content.decode().count("/don-vi/legacy:") == 1  # only Cao Ngọc has criterion 6 unmet


def test_heat_map_exports_csv_and_xlsx(demo, signed_in, province_office):
    client = signed_in(province_office)
    csv_file = client.get(f"{THANH_HOA}?ky=2024-Q1&bo=th-32-2022&xuat=csv")
    assert csv_file.status_code == 200 and "Xã Cao Ngọc" in csv_file.content.decode("utf-8-sig")
    xlsx = client.get(f"{THANH_HOA}?ky=2024-Q1&bo=th-32-2022&xuat=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Xã Cao Ngọc" in names


def test_export_has_every_filtered_row_in_order_not_one_page(demo, signed_in, province_office):
    client = signed_in(province_office)
    response = client.get(f"{THANH_HOA}?ky=2024-Q1&loai=xa&sap=huyen&trang=3&xuat=csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = table[0], table[1:]
    rural = Unit.objects.filter(level="commune", scheme="legacy", province_code="38", division_type="xã").count()
    assert header[:4] == ["Mã xã", "Tên xã", "Loại", "Huyện"] and len(rows) == rural > heatmap.PAGE_SIZE
    districts = [heatmap.vi_sort_key(row[3]) for row in rows]
    assert {row[2] for row in rows} == {"xã"} and districts == sorted(districts)


def test_heat_map_shows_a_saved_value_at_the_next_view(demo, signed_in, province_office, make_user, unit):
    url = f"{THANH_HOA}?ky=2024-Q1&bo=th-32-2022&tieu_chi=6&trang_thai=not_met"
    client = signed_in(province_office)
    assert client.get(url).content.decode().count("/don-vi/legacy:") == 1  # Cao Ngọc, computed and cached
    official = signed_in(make_user("cb_cao_ngoc", unit("legacy:15079"), "commune_official"))
    official.post("/don-vi/legacy:15079/nhap/2024-Q1/", {"criterion": "6", "bo": "th-32-2022", "c_6": "met",
                                                         "ver_c6": "1"})
    client = signed_in(province_office)
    assert client.get(url).content.decode().count("/don-vi/legacy:") == 0


# Queries


def _queries_for(client, url: str) -> int:
    from ntm.monitoring.models import CachedStatuses

    CachedStatuses.objects.all().delete()  # the statuses are computed, not read from the cache, in both cases compared
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_communes(small_province, signed_in, superuser, unit):
    assess(communes_of("38")[0], "2024-Q1", 10)
    client = signed_in(superuser)
    client.get(f"/tinh/{SMALL}/?ky=2024-Q1")  # sessions, catalogues: warmed once
    small = _queries_for(client, f"/tinh/{SMALL}/?ky=2024-Q1")
    large = _queries_for(client, f"{THANH_HOA}?ky=2024-Q1")
    assert len(communes_of("38")) > 5 * len(communes_of("58"))
    assert small == large


def test_statuses_are_asked_for_once_per_request(small_province, signed_in, superuser):
    with mock.patch.object(heatmap, "statuses_of_units", wraps=heatmap.statuses_of_units) as statuses:
        signed_in(superuser).get(f"/tinh/{SMALL}/?loai=xa&sap=-dat&trang=2")
    assert statuses.call_count == 1
