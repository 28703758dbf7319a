"""The what-if equals evaluating every commune under each set separately, for random threshold changes."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.criteria.catalog import file_sets, load_text
from ntm.criteria.model import Status
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_units
from ntm.setstore import documents
from ntm.setstore.whatif import compare_sets

PERIOD = Period.parse("2024-Q4")
BASE = "th-32-2022"
NUMERIC = [i.code for i in file_sets()[BASE].indicators if i.value_type.value != "boolean"]


@pytest.fixture
def province(db, unit):
    from ntm.monitoring.demo import load_demo

    load_demo()
    return unit("legacy:province:38")


def draft_with(changes):
    base = file_sets()[BASE]
    doc = documents.variant_document(base, set_id="th-whatif", title="Thử", province="38", decision={},
                                     valid_from=base.valid_from, valid_to=base.valid_to)
    for code, threshold, comparator in changes:
        ind = base.indicator(code)
        doc = documents.set_indicator(doc, base, ind.criterion, {"code": code, "threshold": threshold,
                                                                 "comparator": comparator})
    return load_text(documents.write(doc), "th-whatif.yaml", file_sets())


def met_by_unit(units, period, cset):
    evaluations = evaluate_units(actor=None, units=units, period=period, cset=cset)
    return {u.pk: {c.number for c in e.criteria if c.status is Status.MET} for u, e in evaluations}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(NUMERIC), st.integers(0, 100), st.sampled_from([">=", "<=", ">"])),
                min_size=1, max_size=4, unique_by=lambda c: c[0]))
def test_what_if_equals_evaluating_under_each_set(province, changes):
    draft, baseline = draft_with(changes), file_sets()[BASE]
    result = compare_sets(actor=None, draft=draft, baseline=baseline, province=province, period=PERIOD)
    from ntm.geo.models import Level, Unit

    communes = list(Unit.objects.filter(level=Level.COMMUNE, scheme=province.scheme, province_code=province.code))
    before, after = met_by_unit(communes, PERIOD, baseline), met_by_unit(communes, PERIOD, draft)
    assert result.communes == len(communes)
    for change in result.criteria:
        n = change.number
        assert {u.pk for u in change.gained} == {pk for pk in after if n in after[pk] and n not in before[pk]}
        assert {u.pk for u in change.lost} == {pk for pk in after if n not in after[pk] and n in before[pk]}
        assert change.met_before == sum(1 for met in before.values() if n in met)
        assert change.met_after == sum(1 for met in after.values() if n in met)


def test_a_stricter_threshold_loses_the_communes_that_met_it(province):
    loose = compare_sets(actor=None, draft=draft_with([("15.1", 0, ">=")]), baseline=file_sets()[BASE],
                         province=province, period=PERIOD)
    strict = compare_sets(actor=None, draft=draft_with([("15.1", 100, ">")]), baseline=draft_with(
        [("15.1", 0, ">=")]), province=province, period=PERIOD)
    met_loose = next(c for c in loose.criteria if c.number == 15).met_after
    assert met_loose > 0  # the demo has BHYT figures
    assert len(next(c for c in strict.criteria if c.number == 15).lost) == met_loose
