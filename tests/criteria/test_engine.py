"""The engine, rule type by rule type, region, group, year and flag."""

from decimal import Decimal as D

from ntm.criteria.engine import compare, evaluate
from ntm.criteria.model import Profile, Status, Value

MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN


def ind(evaluation, code):
    return next(i for i in evaluation.indicators if i.code == code)


def test_boolean_indicator_is_met_only_when_true(regions_set):
    profile = Profile(year=2024, region="DELTA")
    assert ind(evaluate(regions_set, profile, {"1.1": Value(True)}), "1.1").status is MET
    assert ind(evaluate(regions_set, profile, {"1.1": Value(False)}), "1.1").status is NOT_MET


def test_missing_data_is_unknown_never_met(regions_set):
    result = evaluate(regions_set, Profile(year=2024, region="DELTA"), {})
    assert {i.status for i in result.indicators} == {UNKNOWN}
    assert result.criteria_met == 0
    assert {c.status for c in result.criteria} == {UNKNOWN}


def test_threshold_depends_on_region(regions_set):
    values = {"2.1": Value(D("87"))}
    assert ind(evaluate(regions_set, Profile(2024, region="NORTH"), values), "2.1").status is MET
    assert ind(evaluate(regions_set, Profile(2024, region="DELTA"), values), "2.1").status is NOT_MET


def test_flag_redirects_to_the_mountain_thresholds(regions_set):
    values = {"2.1": Value(D("87"))}
    hard_delta = Profile(2024, region="DELTA", flags=frozenset({"hard"}))
    assert ind(evaluate(regions_set, hard_delta, values), "2.1").threshold == 85
    assert ind(evaluate(regions_set, hard_delta, values), "2.1").status is MET


def test_unknown_threshold_is_reported_unknown_even_with_a_value(regions_set):
    result = evaluate(regions_set, Profile(2024, region="DELTA"), {"2.2": Value(D("1")), "4.2": Value(D("100"))})
    assert ind(result, "2.2").status is UNKNOWN
    assert ind(result, "2.2").basis == "threshold_unknown"
    assert ind(result, "4.2").status is UNKNOWN


def test_assessment_decides_only_what_the_figures_cannot(regions_set):
    profile = Profile(2024, region="DELTA")
    unknown_threshold = evaluate(regions_set, profile, {"4.2": Value(D("50"), assessed=MET)})
    assert ind(unknown_threshold, "4.2").status is MET
    assert ind(unknown_threshold, "4.2").basis == "assessed"
    measured = evaluate(regions_set, profile, {"2.1": Value(D("50"), assessed=MET)})
    assert ind(measured, "2.1").status is NOT_MET


def test_year_dependent_threshold_holds_until_replaced(regions_set):
    values = {"3": Value(D("45"))}
    assert ind(evaluate(regions_set, Profile(2023, region="NORTH"), values), "3").threshold == 40
    assert ind(evaluate(regions_set, Profile(2025, region="NORTH"), values), "3").threshold == 50
    assert ind(evaluate(regions_set, Profile(2021, region="NORTH"), values), "3").status is UNKNOWN


def test_percent_gap_counts_people_still_to_reach_the_threshold(regions_set):
    values = {"2.1": Value(numerator=D(812), denominator=D(1020))}
    result = ind(evaluate(regions_set, Profile(2024, region="DELTA"), values), "2.1")
    assert result.status is NOT_MET
    assert result.gap == 106  # 90 % of 1020 is 918 people: 106 more to insure
    assert result.gap_unit == "người"
    assert round(result.value, 1) == D("79.6")


def test_percent_without_denominator_gap_is_in_points(regions_set):
    result = ind(evaluate(regions_set, Profile(2024, region="DELTA"), {"2.1": Value(D("79.9"))}), "2.1")
    assert result.gap == D("10.1")
    assert result.gap_unit == "điểm %"


def test_at_most_comparator_and_its_gap(groups_set):
    values = {"1.1": Value(numerator=D(50), denominator=D(1000))}
    result = ind(evaluate(groups_set, Profile(2026, group="2"), values), "1.1")
    assert result.status is NOT_MET
    assert result.gap == 20  # 3 % of 1000 households is 30: 20 households to lift out of poverty


def test_threshold_depends_on_commune_group(groups_set):
    values = {"1.1": Value(D("2"))}
    assert ind(evaluate(groups_set, Profile(2026, group="1"), values), "1.1").status is NOT_MET
    assert ind(evaluate(groups_set, Profile(2026, group="2"), values), "1.1").status is MET
    assert ind(evaluate(groups_set, Profile(2026, group="3"), values), "1.1").status is MET


def test_group_default_threshold_applies_when_the_group_is_not_listed(groups_set):
    values = {"1.2": Value(D("70"))}
    assert ind(evaluate(groups_set, Profile(2026, group="3"), values), "1.2").threshold == 60
    assert ind(evaluate(groups_set, Profile(2026, group="3"), values), "1.2").status is MET


def test_count_indicator_none_allowed(regions_set):
    profile = Profile(2024, region="DELTA")
    assert ind(evaluate(regions_set, profile, {"4.1": Value(D(0))}), "4.1").status is MET
    failed = ind(evaluate(regions_set, profile, {"4.1": Value(D(3))}), "4.1")
    assert failed.status is NOT_MET and failed.gap == 3


def test_criterion_met_only_when_every_indicator_is_met(regions_set):
    profile = Profile(2024, region="NORTH")
    partial = evaluate(regions_set, profile, {"2.1": Value(D(90))})
    assert partial.criterion(2).status is UNKNOWN
    full = evaluate(regions_set, profile, {"2.1": Value(D(90)), "2.2": Value(D(10))})
    assert full.criterion(2).status is MET
    failed = evaluate(regions_set, profile, {"2.1": Value(D(90)), "2.2": Value(D(40))})
    assert failed.criterion(2).status is NOT_MET


def test_unknown_and_failed_indicator_makes_the_criterion_not_met(regions_set):
    result = evaluate(regions_set, Profile(2024, region="DELTA"), {"4.1": Value(D(2))})
    assert result.criterion(4).status is NOT_MET


def test_criterion_assessment_fills_only_an_unknown_criterion(regions_set):
    profile = Profile(2024, region="DELTA")
    result = evaluate(regions_set, profile, {"4.1": Value(D(2))}, {1: MET, 4: MET})
    assert result.criterion(1).status is MET and result.criterion(1).basis == "assessed"
    assert result.criterion(4).status is NOT_MET


def test_totals_read_like_a_report(regions_set):
    values = {"1.1": Value(True), "2.1": Value(D(95)), "4.1": Value(D(0))}
    result = evaluate(regions_set, Profile(2024, region="NORTH"), values, {2: MET})
    assert (result.criteria_met, result.criteria_total) == (2, 4)
    assert (result.indicators_met, result.indicators_total) == (3, 6)
    assert result.summary_vi() == "đạt 2/4 tiêu chí, 3/6 chỉ tiêu"
    assert result.unknown == ["2.2", "3", "4.2"]


def test_comparison_lists_what_was_lost_and_gained(regions_set):
    profile = Profile(2024, region="NORTH")
    before = evaluate(regions_set, profile, {"1.1": Value(True)}, {2: MET})
    after = evaluate(regions_set, profile, {"1.1": Value(True), "2.1": Value(D(50))}, {3: MET})
    diff = compare(before, after)
    assert diff.lost_criteria == (2,) and diff.gained_criteria == (3,)
    assert diff.summary_en() == "2/4 → 2/4: 2 lost, 3 gained"
    assert diff.summary_vi() == "2/4 → 2/4: mất tiêu chí 2; thêm tiêu chí 3"


def test_variant_inherits_and_overrides(tiny_sets):
    variant = tiny_sets["tiny-variant"]
    assert variant.indicator("2.1").threshold == 95
    assert variant.indicator("4.2") is None and variant.indicator("4.3") is not None
    assert variant.indicator("1.1") == tiny_sets["tiny-regions"].indicator("1.1")
    assert variant.regions == tiny_sets["tiny-regions"].regions
    assert variant.province == "38" and variant.extends == "tiny-regions"
