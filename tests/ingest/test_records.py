"""Facts → record specs, without a database: funding by source, stated totals, works, targets, signer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ntm.ingest.extract import extract
from ntm.ingest.records import SOURCE_KINDS, deadline_of, record_specs, work_status
from ntm.ingest.schema import SOURCES


def specs(seed_text, number, year):
    return record_specs(extract(seed_text(number)), year=year)


def test_every_contract_source_has_a_funding_source() -> None:
    assert set(SOURCE_KINDS) == set(SOURCES)


def test_deadlines_end_with_their_month_or_year() -> None:
    assert deadline_of("2024-06", 2024) == dt.date(2024, 6, 30)
    assert deadline_of("2024-02", 2024) == dt.date(2024, 2, 29)
    assert deadline_of("2025", 2024) == dt.date(2025, 12, 31)
    assert deadline_of(None, 2024) == dt.date(2024, 12, 31)


def test_work_status_follows_progress() -> None:
    assert [work_status(p) for p in (None, 0, 20, 100)] == ["planned", "planned", "in_progress", "done"]


def test_cam_ngoc_funding_parts_add_up_to_its_stated_total(seed_text) -> None:
    found = specs(seed_text, "001", 2023)
    parts = {f.source_kind: f.amount for f in found.funding}
    assert {f.measure for f in found.funding} == {"planned"}
    assert parts == {"central_province": 3_392_000_000, "district": 2_000_000_000, "commune": 1_000_000_000,
                     "integrated": 2_360_000_000, "enterprise": 3_886_000_000, "people": 2_170_000_000}
    (total,) = found.stated_totals
    assert (total.year, total.measure, total.amount) == (2023, "planned", 14_808_000_000)
    assert sum(parts.values()) == total.amount and "14.808.000.000" in total.quote


def test_ngoc_phung_funding_parts_add_up_to_its_stated_total(seed_text) -> None:
    found = specs(seed_text, "004", 2023)
    assert sum(f.amount for f in found.funding) == found.stated_totals[0].amount == 206_852_009_000


def test_cao_ngoc_stadium_keeps_cost_progress_and_village(seed_text) -> None:
    (stadium,) = specs(seed_text, "000", 2024).works
    assert (stadium.name, stadium.village, stadium.cost, stadium.progress_pct, stadium.status) == (
        "Sân vận động xã Cao Ngọc", "Chò Tráng", 5_250_000_000, Decimal("20"), "in_progress")


def test_cam_ngoc_drain_is_done_with_its_disbursement(seed_text) -> None:
    drain = specs(seed_text, "001", 2023).works[0]
    assert (drain.year, drain.cost, drain.disbursed, drain.status) == (2023, 217_000_000, 109_000_000, "done")


def test_thach_cam_plan_keeps_its_signer_and_criteria_targets(seed_text) -> None:
    found = specs(seed_text, "003", 2024)
    assert found.is_plan and (found.signer_name, found.signer_title) == ("Nguyễn Đăng Hải", "CHỦ TỊCH")
    assert [(t.kind, t.criterion, t.deadline) for t in found.targets] == [
        ("criterion", 15, dt.date(2024, 10, 31)), ("criterion", 17, dt.date(2024, 10, 31))]


def test_ba_thanh_targets_are_five_criteria_of_2025(seed_text) -> None:
    found = specs(seed_text, "002", 2024)
    assert not found.is_plan
    assert [(t.criterion, t.deadline) for t in found.targets] == [(n, dt.date(2025, 12, 31))
                                                                   for n in (3, 11, 12, 16, 18)]


def test_a_target_without_criterion_is_kept_as_text(seed_text) -> None:
    target = specs(seed_text, "000", 2024).targets[0]
    assert (target.kind, target.criterion, target.deadline) == ("other", None, dt.date(2024, 6, 30))
    assert target.text.startswith("Hoàn thành hồ sơ và hiện trường 03 thôn")


def test_villages_come_from_the_names_and_the_works(seed_text) -> None:
    assert specs(seed_text, "000", 2024).villages == ["Chò Tráng", "Lỏ", "Thau"]
    assert specs(seed_text, "002", 2024).villages == []
