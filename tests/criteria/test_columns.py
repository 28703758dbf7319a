"""The columnar batch path (criteria/columns.py) against full evaluation, unit by unit."""

import dataclasses
import subprocess
import sys
from decimal import Decimal as D

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.criteria.columns import columns_from_values, distinct_profiles, statuses_columnar, statuses_of_columns
from ntm.criteria.engine import evaluate
from ntm.criteria.model import Criterion, Indicator, Profile, Status, Value, ValueType

# Figures on and around the fixtures' thresholds (0, 1, 3, 8, 30, 40, 50, 60, 80, 85, 90, 95), so ties are common.
ON_THRESHOLDS = [0, 1, 3, 8, 30, 40, 50, 60, 80, 85, 90, 95]
figures = st.one_of(
    st.none(), st.booleans(),
    st.sampled_from(ON_THRESHOLDS).map(D),
    st.sampled_from(ON_THRESHOLDS).map(lambda t: D(t) + D("1e-20") * (1 if t % 2 else -1)),
    st.decimals(min_value=-1, max_value=120, places=3),
)
counts = st.one_of(st.none(), st.sampled_from([0, 1, 3, 17, 20, 100, 200]).map(D),
                   st.decimals(min_value=0, max_value=5000, places=0), st.decimals(min_value=0, max_value=50, places=2))
values = st.builds(Value, value=figures, numerator=counts, denominator=counts,
                   assessed=st.one_of(st.none(), st.sampled_from(list(Status))))
codes = ["1.1", "1.2", "2.1", "2.2", "3", "4.1", "4.2", "9.9"]
unit_values = st.dictionaries(st.sampled_from(codes), st.one_of(st.none(), values), max_size=8)
profiles = st.builds(Profile, year=st.sampled_from([2021, 2022, 2024, 2026]),
                     region=st.sampled_from(["NORTH", "DELTA", None]), group=st.sampled_from(["1", "2", "3", None]),
                     flags=st.sampled_from([frozenset(), frozenset({"hard"})]))
units = st.lists(st.tuples(profiles, unit_values, st.dictionaries(st.integers(0, 6), st.sampled_from(list(Status)))),
                 max_size=20)


def every_comparator(cset):
    """The set with each comparator on a figure, a yes/no threshold of False, and a criterion without indicators."""
    extra = Criterion(5, "Thử so sánh", tuple(
        Indicator(f"5.{n}", f"Thử {op}", 5, "%", ValueType.PERCENT, op, {"by": "region", "values": {"NORTH": 85}},
                  "ratio") for n, op in enumerate((">", "<", "==", "is_true"), start=1)) + (
        Indicator("5.5", "Đúng", 5, "", ValueType.NUMBER, ">=", True, "sum"),
        Indicator("5.9", "Không", 5, "", ValueType.BOOLEAN, "is_true", False, "all")))
    return dataclasses.replace(cset, id=cset.id + "-all-ops",
                               criteria=(*cset.criteria, extra, Criterion(6, "Chưa mã hóa", ())))


def check(cset, units):
    statuses = statuses_of_columns(cset, [u[0] for u in units],
                                   columns_from_values(cset, [u[1] for u in units], [u[2] for u in units]))
    for (profile, vals, assessed), (criteria, met) in zip(units, statuses, strict=True):
        full = evaluate(cset, profile, vals, assessed)
        assert criteria == tuple(c.status for c in full.criteria)
        assert met == full.indicators_met


@given(units=units)
@settings(max_examples=300, deadline=None)
def test_columnar_statuses_equal_full_evaluation_on_region_and_year_thresholds(regions_set, units):
    check(regions_set, units)


@given(units=units)
@settings(max_examples=200, deadline=None)
def test_columnar_statuses_equal_full_evaluation_on_group_thresholds(groups_set, units):
    check(groups_set, units)


ALL_OPS_CODES = codes + ["5.1", "5.2", "5.3", "5.4", "5.5", "5.9"]


@given(units=st.lists(st.tuples(profiles, st.dictionaries(st.sampled_from(ALL_OPS_CODES), st.one_of(st.none(), values),
                                                          max_size=13),
                                st.dictionaries(st.integers(0, 7), st.sampled_from(list(Status)))), max_size=20))
@settings(max_examples=300, deadline=None)
def test_columnar_statuses_equal_full_evaluation_for_every_comparator(regions_set, units):
    check(every_comparator(regions_set), units)


def test_a_figure_a_hair_from_its_threshold_is_decided_exactly(regions_set):
    """85 − 10⁻²⁰ is 85.0 as a float: the exact value decides, as in full evaluation."""
    profile = Profile(2024, region="NORTH")
    units = [{"2.1": Value(D(85) - D("1e-20"))}, {"2.1": Value(D(85))}, {"2.1": Value(D(85) + D("1e-20"))},
             {"2.1": Value(numerator=D(17), denominator=D(20))}, {"2.1": Value(numerator=D(1), denominator=D(0))}]
    statuses = statuses_of_columns(regions_set, [profile] * len(units), columns_from_values(regions_set, units))
    assert [s[0][1] for s in statuses] == [Status.NOT_MET, Status.UNKNOWN, Status.UNKNOWN, Status.UNKNOWN,
                                           Status.UNKNOWN]  # 2.2 is missing: met 2.1 leaves criterion 2 unknown
    assert [s[1] for s in statuses] == [0, 1, 1, 1, 0]


def test_distinct_profiles_are_resolved_once_and_indexed_per_unit(regions_set):
    north, delta = Profile(2024, region="NORTH"), Profile(2024, region="DELTA")
    distinct, index = distinct_profiles([north, delta, north, Profile(2024, region="NORTH")])
    assert distinct == [north, delta]
    assert index.tolist() == [0, 1, 0, 0]
    criteria, met = statuses_columnar(regions_set, distinct, index, columns_from_values(regions_set, [{}] * 4))
    assert criteria.shape == (4, 4) and not criteria.any() and met.tolist() == [0, 0, 0, 0]


def test_no_units_gives_empty_arrays(regions_set):
    criteria, met = statuses_columnar(regions_set, [], np.empty(0, np.intp), columns_from_values(regions_set, []))
    assert criteria.shape == (0, 4) and met.shape == (0,)


def test_the_columnar_path_imports_without_django():
    code = "import sys, ntm.criteria.columns; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_set_without_indicators_is_decided_by_assessments_only(regions_set):
    hollow = dataclasses.replace(regions_set, id="tiny-hollow-all",
                                 criteria=(Criterion(1, "Chưa mã hóa", ()), Criterion(2, "Chưa mã hóa", ())))
    profiles = [Profile(2024, region="NORTH"), Profile(2024, region="DELTA")]
    assessed = [{2: Status.NOT_MET}, {}]
    statuses = statuses_of_columns(hollow, profiles, columns_from_values(hollow, [{}, {}], assessed))
    assert statuses == [((Status.UNKNOWN, Status.NOT_MET), 0), ((Status.UNKNOWN, Status.UNKNOWN), 0)]
    assert statuses == [(tuple(c.status for c in e.criteria), e.indicators_met)
                        for e in (evaluate(hollow, p, {}, a) for p, a in zip(profiles, assessed, strict=True))]
