"""The many-unit batch path (criteria/batch.py) against full evaluation, and the plan cache's key."""

import dataclasses
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.criteria.batch import statuses_many
from ntm.criteria.engine import criterion_statuses, evaluate, evaluate_many
from ntm.criteria.model import Criterion, Profile, Status, Value
from ntm.criteria.rules import compile_plan

figures = st.one_of(st.none(), st.booleans(), st.decimals(min_value=0, max_value=100, places=1))
values = st.builds(Value, value=figures,
                   numerator=st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=0)),
                   denominator=st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=0)),
                   assessed=st.one_of(st.none(), st.sampled_from(list(Status))))
unit_values = st.dictionaries(st.sampled_from(["1.1", "2.1", "2.2", "3", "4.1", "4.2", "9.9"]),
                              st.one_of(st.none(), values), max_size=7)
profiles = st.builds(Profile, year=st.sampled_from([2021, 2022, 2024]),
                     region=st.sampled_from(["NORTH", "DELTA", None]))
units = st.lists(st.tuples(profiles, unit_values, st.dictionaries(st.integers(0, 5), st.sampled_from(list(Status)))),
                 max_size=12)


@given(units=units)
@settings(max_examples=300, deadline=None)
def test_batch_statuses_equal_full_evaluation_unit_by_unit(regions_set, units):
    batch = statuses_many(regions_set, [u[0] for u in units], [u[1] for u in units], [u[2] for u in units])
    for (profile, vals, assessed), (statuses, met) in zip(units, batch, strict=True):
        full = evaluate(regions_set, profile, vals, assessed)
        assert statuses == tuple(c.status for c in full.criteria)
        assert met == full.indicators_met
        assert (statuses, met) == criterion_statuses(compile_plan(regions_set, profile), vals, assessed)


def test_counts_by_evaluate_many_take_units_with_or_without_assessments(regions_set):
    profile = Profile(2024, region="NORTH")
    vals = {"1.1": Value(True), "2.1": Value(numerator=D(9), denominator=D(10)), "2.2": Value(D(20))}
    plain, assessed = evaluate_many(regions_set, [(profile, vals), (profile, vals, {3: Status.MET})])
    full = evaluate(regions_set, profile, vals, {3: Status.MET})
    assert plain == (2, 3)
    assert assessed == (full.criteria_met, full.indicators_met) == (3, 3)


def test_no_units_gives_no_rows(regions_set):
    assert statuses_many(regions_set, [], []) == []


def test_a_criterion_without_indicators_is_decided_only_by_an_assessment(regions_set):
    hollow = dataclasses.replace(regions_set, id="tiny-hollow",
                                 criteria=(*regions_set.criteria, Criterion(5, "Chưa mã hóa", ())))
    profile = Profile(2024, region="NORTH")
    for assessed, expected in (({}, Status.UNKNOWN), ({5: Status.MET}, Status.MET)):
        [(statuses, _met)] = statuses_many(hollow, [profile], [{}], [assessed])
        assert statuses[-1] is expected
        assert evaluate(hollow, profile, {}, assessed).criterion(5).status is expected
        assert criterion_statuses(compile_plan(hollow, profile), {}, assessed)[0][-1] is expected


def test_an_unchanged_copy_of_a_set_shares_its_plan_and_a_changed_one_does_not(regions_set):
    profile = Profile(2024, region="DELTA")
    copy = dataclasses.replace(regions_set)  # a reload: another object, the same content
    assert compile_plan(copy, profile) is compile_plan(regions_set, profile)
    stricter = dataclasses.replace(regions_set, criteria=tuple(
        dataclasses.replace(c, indicators=tuple(dataclasses.replace(i, threshold=99) if i.code == "2.1" else i
                                                for i in c.indicators)) for c in regions_set.criteria))
    assert _threshold(compile_plan(stricter, profile), "2.1") == D(99)
    assert _threshold(compile_plan(regions_set, profile), "2.1") == D(90)


def _threshold(plan, code):
    return next(rule.threshold for _n, rules in plan.criteria for rule in rules if rule.code == code)


def test_the_batch_path_tells_profiles_apart_by_every_field():
    from ntm.criteria.rules import profile_key

    profile = Profile(2024, region="NORTH", group="1", zone="A", flags=frozenset({"f"}))
    assert profile_key(profile) == dataclasses.astuple(profile)
