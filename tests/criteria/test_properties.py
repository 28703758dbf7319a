"""Properties that must hold for any data (hypothesis)."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.criteria.engine import combine, evaluate
from ntm.criteria.model import Profile, Status, Value

PROFILE = Profile(2024, region="DELTA")
percent = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
counts = st.integers(min_value=1, max_value=100_000)


@given(start=percent, end=percent)
@settings(max_examples=200, deadline=None)
def test_moving_toward_an_at_least_threshold_never_loses_met(regions_set, start, end):
    threshold = D(90)
    low, high = sorted([start, end])
    for closer in (high, threshold if high >= threshold else high):
        before = evaluate(regions_set, PROFILE, {"2.1": Value(low)}).indicators[1]
        after = evaluate(regions_set, PROFILE, {"2.1": Value(closer)}).indicators[1]
        assert not (before.status is Status.MET and after.status is Status.NOT_MET)


@given(start=percent, step=st.decimals(min_value=0, max_value=100, places=1))
@settings(max_examples=200, deadline=None)
def test_moving_toward_an_at_most_threshold_never_loses_met(groups_set, start, step):
    lower = max(D(0), start - step)
    before = evaluate(groups_set, Profile(2026, group="2"), {"1.1": Value(start)}).indicators[0]
    after = evaluate(groups_set, Profile(2026, group="2"), {"1.1": Value(lower)}).indicators[0]
    assert not (before.status is Status.MET and after.status is Status.NOT_MET)


@st.composite
def ratio(draw):
    denominator = draw(counts)
    return D(draw(st.integers(min_value=0, max_value=denominator))), D(denominator)


@given(a=ratio(), b=ratio(), flags=st.tuples(st.booleans(), st.booleans()), houses=st.tuples(counts, counts))
@settings(max_examples=200, deadline=None)
def test_merging_two_units_equals_evaluating_their_summed_counts(regions_set, a, b, flags, houses):
    part_a = {"2.1": Value(numerator=a[0], denominator=a[1]), "1.1": Value(flags[0]), "4.1": Value(D(houses[0]))}
    part_b = {"2.1": Value(numerator=b[0], denominator=b[1]), "1.1": Value(flags[1]), "4.1": Value(D(houses[1]))}
    summed = {"2.1": Value(numerator=a[0] + b[0], denominator=a[1] + b[1]), "1.1": Value(flags[0] and flags[1]),
              "4.1": Value(D(houses[0] + houses[1]))}
    merged = evaluate(regions_set, PROFILE, combine(regions_set, [part_a, part_b]))
    assert merged == evaluate(regions_set, PROFILE, summed)


def test_percentages_are_never_averaged(regions_set):
    small = {"2.1": Value(numerator=D(10), denominator=D(10))}      # 100 %
    large = {"2.1": Value(numerator=D(800), denominator=D(1000))}   # 80 %
    merged = combine(regions_set, [small, large])["2.1"]
    assert merged.figure(regions_set.indicator("2.1").value_type) == D(810) / D(1010) * 100  # 80.2 %, not 90 %


def test_a_part_without_data_leaves_the_merged_figure_unknown(regions_set):
    merged = combine(regions_set, [{"2.1": Value(numerator=D(9), denominator=D(10))}, {}])
    assert evaluate(regions_set, PROFILE, merged).indicators[1].status is Status.UNKNOWN


def test_a_percentage_without_counts_cannot_be_combined(regions_set):
    merged = combine(regions_set, [{"2.1": Value(D(95))}, {"2.1": Value(D(92))}])
    assert merged["2.1"].figure(regions_set.indicator("2.1").value_type) is None


values_strategy = st.dictionaries(
    st.sampled_from(["1.1", "2.1", "2.2", "3", "4.1", "4.2"]),
    st.builds(Value, value=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1)),
              assessed=st.one_of(st.none(), st.sampled_from(list(Status)))),
)


@given(values=values_strategy, region=st.sampled_from(["NORTH", "DELTA", None]),
       assessed=st.dictionaries(st.integers(1, 4), st.sampled_from(list(Status))))
@settings(max_examples=300, deadline=None)
def test_batch_count_path_agrees_with_full_evaluation(regions_set, values, region, assessed):
    from ntm.criteria.engine import count_met
    from ntm.criteria.rules import compile_plan

    profile = Profile(2024, region=region)
    full = evaluate(regions_set, profile, values, assessed)
    assert count_met(compile_plan(regions_set, profile), values, assessed) == (full.criteria_met, full.indicators_met)
