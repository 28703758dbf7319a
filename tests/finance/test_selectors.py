"""Funding totals from their parts, stated totals beside them, contributions never mixing units."""

from pathlib import Path

import pytest

from ntm.finance import services
from ntm.finance.selectors import WorkFilters, contributions_summary, funding_summary, works_of
from ntm.ingest.extract import extract

pytestmark = pytest.mark.django_db
SEEDS = Path("/work/shared/seeds")


def _fund(actor, unit, source, planned, **more):
    return services.save_funding(actor=actor, unit=unit, year=2023, source_kind=source,
                                 values={"planned": planned, **more})


def test_total_is_the_sum_of_the_sources(commune_official, cam_ngoc):
    _fund(commune_official, cam_ngoc, "commune", "1.000.000.000")
    _fund(commune_official, cam_ngoc, "people", "2.170.000.000")
    summary = funding_summary(cam_ngoc, 2023)
    assert summary.total_vnd == 3_170_000_000
    assert summary.by_source == {"commune": 1_000_000_000, "people": 2_170_000_000}
    assert summary.stated_total_vnd is None and summary.warnings == []


def test_no_parts_means_no_total(cam_ngoc):
    summary = funding_summary(cam_ngoc, 2023)
    assert summary.total_vnd is None and summary.by_source == {}


def test_stated_total_that_disagrees_is_flagged_with_both_figures(commune_official, cam_ngoc):
    _fund(commune_official, cam_ngoc, "central_province", "14.700.000.000")
    services.set_stated_total(actor=commune_official, unit=cam_ngoc, year=2023, values={"amount": "14.808.000.000"})
    summary = funding_summary(cam_ngoc, 2023)
    assert summary.total_vnd == 14_700_000_000 and summary.stated_total_vnd == 14_808_000_000
    assert [w.vi for w in summary.warnings] == [
        "Tổng ghi trong văn bản 14.808.000.000 đồng khác tổng các nguồn 14.700.000.000 đồng"]


def test_works_are_part_of_the_years_funding_not_added_to_it(commune_official, cam_ngoc):
    _fund(commune_official, cam_ngoc, "central_province", "3.392.000.000")
    work = services.create_work(actor=commune_official, unit=cam_ngoc, values={"name": "Rãnh", "year": 2023})
    services.save_funding(actor=commune_official, unit=cam_ngoc, work=work, year=2023,
                          source_kind="central_province", values={"planned": "217.000.000", "disbursed": 109_000_000})
    services.save_funding(actor=commune_official, unit=cam_ngoc, work=work, year=2023, source_kind="people",
                          values={"planned": "50.000.000"})
    summary = funding_summary(cam_ngoc, 2023)
    # the year's own figure wins for its source; people's money is known only through the work
    assert summary.by_source == {"central_province": 3_392_000_000, "people": 50_000_000}
    assert summary.total_vnd == 3_442_000_000
    assert summary.disbursed_vnd == 109_000_000  # the year row has no disbursement: the works' is used
    line = next(ln for ln in summary.lines if ln.source_kind == "central_province")
    assert line.works["planned"] == 217_000_000 and not line.from_works


def test_works_larger_than_the_year_and_disbursed_over_allocated_warn(commune_official, cam_ngoc):
    _fund(commune_official, cam_ngoc, "commune", 100, allocated=100, disbursed=150)
    work = services.create_work(actor=commune_official, unit=cam_ngoc, values={"name": "Cầu", "year": 2023})
    services.save_funding(actor=commune_official, unit=cam_ngoc, work=work, year=2023, source_kind="commune",
                          values={"planned": 300})
    texts = " ".join(w.vi for w in funding_summary(cam_ngoc, 2023).warnings)
    assert "các công trình cộng lại 300 đồng, lớn hơn số của cả năm 100 đồng" in texts
    assert "đã giải ngân 150 đồng, nhiều hơn số đã phân bổ 100 đồng" in texts


@pytest.mark.parametrize(("seed", "key", "stated"), [
    ("001_c332789b5b2a8217.txt", "legacy:15169", 14_808_000_000),   # Cẩm Ngọc 2023
    ("004_44ef3ee715d4a130.txt", "legacy:15655", 206_852_009_000),  # Ngọc Phụng 2023
])
def test_seed_breakdown_adds_up_to_its_stated_total(seed, key, stated, unit):
    facts = extract((SEEDS / seed).read_text(encoding="utf-8"))["funding"][0]
    commune = unit(key)
    for source, amount in facts["by_source"].items():
        if amount is not None:
            services.save_funding(actor=None, unit=commune, year=facts["year"], source_kind=source,
                                  values={"planned": amount})
    services.set_stated_total(actor=None, unit=commune, year=facts["year"], values={"amount": facts["total_vnd"]})
    summary = funding_summary(commune, 2023)
    assert facts["total_vnd"] == stated
    assert summary.total_vnd == summary.stated_total_vnd == stated
    assert summary.warnings == []


def test_contributions_sum_per_unit_and_never_add_m2_to_tonnes(commune_official, song_nga, dong_lao, cam_ngoc):
    def give(village, kind, item, quantity, measure):
        services.add_contribution(actor=commune_official, village=village, values={
            "year": 2023, "kind": kind, "item": item, "quantity": quantity, "measure_unit": measure})
    give(song_nga, "land", "Hiến đất", "120", "m²")
    give(dong_lao, "land", "Hiến đất", "80", "m2")
    give(song_nga, "material", "Xi măng", "150", "tấn")
    give(dong_lao, "money", "Tiền mặt", "212.856.000", "đồng")
    summary = contributions_summary(cam_ngoc, 2023)
    lines = {(ln.item, ln.measure_unit): ln.quantity for ln in summary.lines}
    assert lines == {("Hiến đất", "m²"): 200, ("Xi măng", "tấn"): 150, ("Tiền mặt", "đồng"): 212_856_000}
    village = next(v for v in summary.villages if v.village == song_nga)
    assert {(ln.item, ln.measure_unit): ln.quantity for ln in village.lines} == {
        ("Hiến đất", "m²"): 120, ("Xi măng", "tấn"): 150}
    assert summary.money_vnd == 212_856_000


def test_works_filtered_by_criterion_status_village_and_year(commune_official, cam_ngoc, song_nga):
    services.create_work(actor=commune_official, unit=cam_ngoc,
                         values={"name": "Đường", "year": 2023, "criterion": 2, "village": song_nga.pk})
    services.create_work(actor=commune_official, unit=cam_ngoc,
                         values={"name": "Nhà văn hóa", "year": 2024, "criterion": 6, "status": "done"})
    names = lambda f: [r.work.name for r in works_of(cam_ngoc, f)]  # noqa: E731
    assert names(WorkFilters(criterion=2)) == ["Đường"]
    assert names(WorkFilters(status="done")) == ["Nhà văn hóa"]
    assert names(WorkFilters(village=song_nga)) == ["Đường"]
    assert names(WorkFilters(year=2024)) == ["Nhà văn hóa"]
    assert names(WorkFilters.from_query(cam_ngoc, {"tieu_chi": "6"})) == ["Nhà văn hóa"]
