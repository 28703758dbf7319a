"""`ntm demo` loads each seed's plan, targets, people, funding, works and contributions as the document states."""

import datetime as dt
from decimal import Decimal

import pytest

from ntm.common.models import AuditEntry
from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work
from ntm.monitoring.demo import load_demo
from ntm.monitoring.programme_demo import load_programme, programme_data
from ntm.planning.models import CommitteeMember, Plan, Target, Task

pytestmark = pytest.mark.django_db

CAO_NGOC, CAM_NGOC, BA_THANH, THACH_CAM, NGOC_PHUNG = ("legacy:15079", "legacy:15169", "legacy:21493",
                                                       "legacy:15205", "legacy:15655")
MODELS = (Plan, Target, Task, CommitteeMember, Funding, StatedTotal, Work, Contribution, OcopProduct, Campaign)


@pytest.fixture
def demo(db):
    return load_demo()


def by_source(unit, year):
    rows = Funding.objects.filter(unit=unit, year=year, work=None)
    return {f.source_kind: f.planned for f in rows}


def targets(unit, year):
    plan = Plan.objects.get(unit=unit, year=year)
    return [(t.kind, t.criterion, t.indicator, t.village.name if t.village else None, t.deadline, t.value)
            for t in plan.targets.all()]


def test_every_stated_total_in_the_data_equals_the_sum_of_its_parts():
    for commune in programme_data():
        for check in commune.get("checks", []):
            if not check.get("approximate"):
                assert sum(check["parts"]) == check["total"], check["what"]
        for funding in commune.get("funding", []):
            assert sum(p["amount"] for p in funding["by_source"].values()) == funding["total"]


def test_cam_ngoc_2023_funding_is_the_reports_own_figures(demo, unit):
    cam_ngoc = unit(CAM_NGOC)
    assert by_source(cam_ngoc, 2023) == {
        "central_province": 3_392_000_000, "district": 2_000_000_000, "commune": 1_000_000_000,
        "integrated": 2_360_000_000, "enterprise": 3_886_000_000, "people": 2_170_000_000}
    stated = StatedTotal.objects.get(unit=cam_ngoc, year=2023, work=None)
    assert (stated.amount, stated.measure) == (14_808_000_000, "planned")
    assert sum(by_source(cam_ngoc, 2023).values()) == stated.amount


def test_ngoc_phung_2023_funding_is_the_reports_own_figures(demo, unit):
    ngoc_phung = unit(NGOC_PHUNG)
    assert by_source(ngoc_phung, 2023) == {
        "central_province": 4_000_000_000, "district": 680_000_000, "commune": 881_009_000,
        "credit": 135_381_000_000, "people": 65_910_000_000}
    assert StatedTotal.objects.get(unit=ngoc_phung, year=2023, work=None).amount == 206_852_009_000


def test_funding_summary_shows_the_seeds_own_totals_without_warnings(demo, unit):
    from ntm.finance.selectors import funding_summary

    for key, total in ((CAM_NGOC, 14_808_000_000), (NGOC_PHUNG, 206_852_009_000)):
        summary = funding_summary(unit(key), 2023)
        assert (summary.total_vnd, summary.stated_total_vnd, summary.warnings) == (total, total, [])


def test_cao_ngoc_plan_has_three_villages_by_30_6_2024_and_the_commune_by_year_end(demo, unit):
    june, december = dt.date(2024, 6, 30), dt.date(2024, 12, 31)
    assert targets(unit(CAO_NGOC), 2024) == [
        ("village", None, "", "Thôn Lỏ", june, None), ("village", None, "", "Làng Thau", june, None),
        ("village", None, "", "Chò Tráng", june, None), ("unit", None, "", None, december, None)]
    plan = Plan.objects.get(unit=unit(CAO_NGOC), year=2024)
    assert (plan.state, plan.number, plan.issued_on, plan.signer_name) == ("draft", "", None, "Phạm Văn Lưu")


def test_thach_cam_plan_targets_15_1_at_90_before_october_and_criteria_15_17_by_year_end(demo, unit):
    found = targets(unit(THACH_CAM), 2024)
    assert ("indicator", None, "15.1", None, dt.date(2024, 9, 30), Decimal("90")) in found
    assert {(k, c, d) for k, c, _, _, d, _ in found if k == "criterion"} == {
        ("criterion", 15, dt.date(2024, 12, 31)), ("criterion", 17, dt.date(2024, 12, 31))}
    tasks = Task.objects.filter(plan__unit=unit(THACH_CAM))
    assert {t.criterion: t.deadline for t in tasks if t.criterion} == {15: dt.date(2024, 9, 30),
                                                                      17: dt.date(2024, 9, 30)}
    assert tasks.filter(responsible_body="Công chức Địa chính - nông nghiệp").exists()


def test_cam_ngoc_hard_criteria_by_31_8_and_phuc_ngan_vai_by_30_6(demo, unit):
    found = targets(unit(CAM_NGOC), 2024)
    assert {c for k, c, _, _, d, _ in found if k == "criterion" and d == dt.date(2024, 8, 31)} == {2, 6}
    assert ("village", None, "", "Phúc Ngán Vải", dt.date(2024, 6, 30), None) in found


def test_ba_thanh_2025_plan_has_five_criteria_and_the_income_target(demo, unit):
    found = targets(unit(BA_THANH), 2025)
    assert sorted(c for k, c, *_ in found if k == "criterion") == [3, 11, 12, 16, 18]
    assert ("indicator", None, "10", None, dt.date(2025, 12, 31), Decimal("31")) in found


def test_works_keep_progress_and_disbursement(demo, unit):
    stadium = Work.objects.get(unit=unit(CAO_NGOC), name="Sân vận động xã Cao Ngọc")
    assert (stadium.village.name, stadium.progress_pct, stadium.status) == ("Chò Tráng", Decimal("20"), "in_progress")
    assert stadium.stated_totals.get().amount == 5_250_000_000
    drain = Work.objects.get(unit=unit(CAM_NGOC), name="Rãnh thoát nước có nắp đậy")
    money = drain.funding.get()
    assert (money.source_kind, money.planned, money.disbursed) == ("central_province", 217_000_000, 109_000_000)
    assert drain.status == "done"


def test_contributions_carry_their_units(demo, unit):
    hedge = Contribution.objects.get(village=unit(CAO_NGOC))
    assert (hedge.kind, hedge.quantity, hedge.measure_unit) == ("output", Decimal("9784"), "m")
    roads = {(c.village.name, c.quantity, c.measure_unit) for c in
             Contribution.objects.filter(village__parent=unit(NGOC_PHUNG), kind="output")}
    assert roads == {("Xuân Lập", Decimal("1200"), "m"), ("Phú Vinh", Decimal("2800"), "m")}
    ba_thanh = {(c.quantity, c.measure_unit) for c in Contribution.objects.filter(village=unit(BA_THANH))}
    assert ba_thanh == {(Decimal("27"), "tuyến"), (Decimal("2165"), "m"), (Decimal("289.3"), "tấn")}
    villages = Contribution.objects.filter(village__parent=unit(CAM_NGOC), kind="money")
    assert sum(c.value_vnd for c in villages) == 2_169_856_000   # «khoảng» each; the report says 2.170.000.000


def test_people_named_are_the_signers_and_ocop_is_cam_ngocs_honey(demo, unit):
    names = {(m.unit_id, m.name, m.position) for m in CommitteeMember.objects.all()}
    assert names == {(unit(CAO_NGOC).pk, "Phạm Văn Lưu", "Phó Chủ tịch UBND xã"),
                     (unit(CAM_NGOC).pk, "Nguyễn Đăng Quyền", "Phó Chủ tịch UBND xã"),
                     (unit(THACH_CAM).pk, "Nguyễn Đăng Hải", "Chủ tịch UBND xã"),
                     (unit(NGOC_PHUNG).pk, "Lê Ngọc Thu", "Phó Chủ tịch UBND xã")}
    honey = OcopProduct.objects.get()
    assert (honey.name, honey.stars, honey.rated_year) == ("Mật ong Hương rừng đất Cẩm", 3, 2022)
    assert Campaign.objects.get(unit=unit(CAM_NGOC), sessions__isnull=False).sessions == 36


def test_every_row_is_marked_and_audited_once(demo):
    for model in MODELS:
        rows = model.objects.all()
        assert rows.exists() and set(rows.values_list("source", flat=True)) == {"imported"}, model
    created = AuditEntry.objects.filter(action__endswith=".created", object_type__startswith="planning.")
    assert created.count() == sum(m.objects.count() for m in (Plan, Target, Task, CommitteeMember))


def test_loading_twice_changes_nothing(demo):
    before = {m: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}
    audits = AuditEntry.objects.count()
    assert load_programme() == {}
    assert {m: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS} == before
    assert AuditEntry.objects.count() == audits


def test_synthetic_load_gives_one_commune_a_plan_to_forecast(db):
    from ntm.monitoring.models import Observation
    from ntm.monitoring.synthetic import load_synthetic

    only = ["2025:14845", "2025:14848", "2025:14878", "2025:14932", "2025:14923"]
    assert load_synthetic(only=only)["forecast_plans"] == 1
    plan = Plan.objects.get(source="synthetic")
    target = plan.targets.get()
    assert (target.source, target.kind, target.indicator, target.deadline) == (
        "synthetic", "indicator", "15.1", dt.date(2025, 6, 30))
    recorded = Observation.objects.filter(unit=plan.unit, indicator="15.1", period_key__contains="-Q")
    assert recorded.count() >= 3 and recorded.order_by("period_end").last().value < target.value
    assert load_synthetic(only=only)["forecast_plans"] == 0
    assert Plan.objects.filter(source="synthetic").count() == 1
