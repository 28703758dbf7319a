"""Heat-map statuses for many units (monitoring/selectors.py, the columnar path) equal each unit's scorecard.

`_compute_statuses` judges more than `COLUMNAR_FROM` units with criteria/columns.py, reading the
rows into arrays (monitoring/data.py `unit_columns`); the tests lower the bar to judge a handful
of units that way and compare with the per-unit path and `evaluate_unit`.
"""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from ntm.criteria.catalog import get_set
from ntm.criteria.rules import compile_plan
from ntm.geo.models import Level, Unit
from ntm.monitoring import selectors
from ntm.monitoring.demo import load_demo
from ntm.monitoring.models import CachedStatuses, Observation, PeriodReview
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit, profile_of, statuses_of_units

pytestmark = pytest.mark.django_db

CSET = get_set("qd318-2022")
PERIOD = Period.parse("2024-Q2")


def both_paths(units, period, cset, monkeypatch):
    """The statuses by the columnar path and by the per-unit path, each computed afresh."""
    results = []
    for bar in (0, 10**9):
        CachedStatuses.objects.all().delete()
        monkeypatch.setattr(selectors, "COLUMNAR_FROM", bar)
        results.append({u.pk: (statuses, met) for u, statuses, met in
                        statuses_of_units(actor=None, units=units, period=period, cset=cset)})
    return results


def scorecard(unit, period, cset):
    evaluation = evaluate_unit(actor=None, unit=unit, period=period, set_id=cset.id, with_previous=False).evaluation
    return tuple(c.status for c in evaluation.criteria), evaluation.indicators_met


def observe(unit, rng, period_key, plan):
    """Random rows for every indicator: figures on the threshold, ratios, yes/no, assessments, gaps."""
    rows = []
    end = Period.parse(period_key).end
    for number, rules in plan.criteria:
        for rule in rules:
            draw = rng.random()
            if draw < 0.15:
                continue
            row = {"value": None, "value_bool": None, "numerator": None, "denominator": None,
                   "assessed": rng.choice(["", "", "", "met", "not_met", "unknown"])}
            threshold = rule.threshold if isinstance(rule.threshold, D) else D(rng.choice([50, 80, 90]))
            if rule.indicator.value_type == "boolean":
                row["value_bool"] = rng.random() < 0.7
            elif draw < 0.4:
                row["value"] = threshold  # on the threshold
            elif draw < 0.6:
                den = rng.choice([D(20), D(200), D(3)])
                row["numerator"], row["denominator"] = threshold * den / 100, den
            elif draw < 0.9:
                row["value"] = threshold + D(rng.choice(["-0.0001", "0.0001", "-7", "12.5"]))
            rows.append(Observation(unit=unit, set_family="qd318-2022", criterion=number, indicator=rule.code,
                                    period_key=period_key, period_end=end, **row))
        if rng.random() < 0.15:
            rows.append(Observation(unit=unit, set_family="qd318-2022", criterion=number, indicator="",
                                    period_key=period_key, period_end=end, assessed=rng.choice(["met", "not_met"])))
    Observation.objects.bulk_create(rows)


def test_generated_communes_by_the_columnar_path_equal_their_scorecards(monkeypatch):
    rng = random.Random(51)
    communes = list(Unit.objects.filter(level=Level.COMMUNE, scheme="legacy", province_code="38").order_by("code")[:24])
    for n, unit in enumerate(communes):
        plan = compile_plan(CSET, profile_of(unit, PERIOD.year))
        observe(unit, rng, "2024-Q1", plan)
        if n % 2:
            observe(unit, rng, "2024-Q2", plan)  # newer rows replace some of the older ones
        if n % 5 == 0:
            observe(unit, rng, "2024-Q4", plan)  # rows after the period: this unit is read from the history
    PeriodReview.objects.create(unit=communes[3], set_family="qd318-2022", period_key=PERIOD.key, state="approved",
                                snapshot={"values": {"1.1": [True, None, None, None]}, "assessed": {"2": "met"},
                                          "periods": {}})
    columnar, per_unit = both_paths(communes, PERIOD, CSET, monkeypatch)
    assert columnar == per_unit
    for unit in communes:
        assert columnar[unit.pk] == scorecard(unit, PERIOD, CSET), unit.code
    decided = [s for statuses, _met in columnar.values() for s in statuses if s != "unknown"]
    assert "met" in decided and "not_met" in decided


def test_the_demo_communes_merged_or_not_by_the_columnar_path_equal_their_scorecards(monkeypatch):
    load_demo()
    seeds = Unit.objects.filter(pk__in=Observation.objects.values("unit"), level=Level.COMMUNE)
    for period_key in ("2024", "2025-Q2", "2025-Q3"):
        period = Period.parse(period_key)
        for scheme in ("legacy", "2025"):
            communes = list(Unit.objects.filter(level=Level.COMMUNE, scheme=scheme,
                                                province_code__in={u.province_code for u in seeds}))
            communes = [u for u in communes if u.valid_from is None or u.valid_from <= period.end or scheme == "2025"]
            if not communes:
                continue
            cset = evaluate_unit(actor=None, unit=communes[0], period=period, with_previous=False).cset
            columnar, per_unit = both_paths(communes, period, cset, monkeypatch)
            assert columnar == per_unit, (period_key, scheme)
            for unit in communes[:40]:
                assert columnar[unit.pk] == scorecard(unit, period, cset), (unit.code, period_key)
