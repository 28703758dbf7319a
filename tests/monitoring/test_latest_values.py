"""The latest-value read (one window-ranked pass) returns what the former correlated subquery returned."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db.models import OuterRef, Subquery

from ntm.criteria.model import Status, Value
from ntm.geo.models import Level, Unit
from ntm.monitoring.data import UnitData, live_unit_data
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period

pytestmark = pytest.mark.django_db

FIELDS = ("unit_id", "criterion", "indicator", "period_key", "value", "value_bool", "numerator", "denominator",
          "assessed")
PERIODS = ["2023-Q1", "2023-Q4", "2023", "2024-Q1", "2024-Q2", "2024-Q4", "2024", "2025-Q1"]


def former_unit_data(unit_ids, family, period):
    """The read as it was: each indicator's rows whose period_end is the latest (a correlated subquery)."""
    result = {pk: UnitData() for pk in unit_ids}
    scope = Observation.objects.filter(set_family=family, period_end__lte=period.end)
    latest = (scope.filter(unit=OuterRef("unit"), criterion=OuterRef("criterion"), indicator=OuterRef("indicator"))
              .order_by("-period_end").values("period_end")[:1])
    rows = (scope.filter(unit__in=list(unit_ids), period_end=Subquery(latest))
            .order_by("period_end", "id").values_list(*FIELDS))
    for unit_id, criterion, indicator, key, value, value_bool, numerator, denominator, assessed in rows:
        data = result[unit_id]
        if not indicator:
            data.assessed[criterion] = Status(assessed)
            data.periods[f"#{criterion}"] = key
            continue
        figure = value_bool if value_bool is not None else value
        data.values[indicator] = Value(figure, numerator, denominator, Status(assessed) if assessed else None)
        data.periods[indicator] = key
    return result


@pytest.fixture
def history():
    """Random values of 6 communes over 8 periods (a year and its Q4 end the same day), some assessments."""
    rng = random.Random(12)
    units = list(Unit.objects.filter(level=Level.COMMUNE, scheme="legacy").order_by("code")[:6])
    rows = []
    for u in units:
        for key in PERIODS:
            period = Period.parse(key)
            for code in ("1.1", "2.1", "17.1", "17.2"):
                if rng.random() < 0.6:
                    ratio = rng.random() < 0.3
                    rows.append(Observation(
                        unit=u, set_family="qd318-2022", criterion=int(code.split(".")[0]), indicator=code,
                        period_key=key, period_end=period.end,
                        value=None if ratio else Decimal(rng.randint(0, 1000)) / 10,
                        numerator=Decimal(rng.randint(0, 90)) if ratio else None,
                        denominator=Decimal(100) if ratio else None,
                        assessed=rng.choice(["", "", "met", "not_met"])))
            if rng.random() < 0.4:
                rows.append(Observation(unit=u, set_family="qd318-2022", criterion=6, indicator="", period_key=key,
                                        period_end=period.end, assessed=rng.choice(["met", "not_met"])))
    rng.shuffle(rows)  # ids not in period order: the tie between a year and its Q4 is decided by the later write
    Observation.objects.bulk_create(rows)
    other = Observation(unit=units[0], set_family="qd51-2025", criterion=1, indicator="1.1", period_key="2024",
                        period_end=Period.parse("2024").end, value=Decimal(1))
    other.save()  # another family is never read
    return units


@pytest.mark.parametrize("key", ["2022", "2023-Q1", "2023", "2024-Q3", "2024", "2025-Q2"])
def test_latest_values_equal_the_former_read(history, key):
    ids = [u.pk for u in history]
    period = Period.parse(key)
    now, before = live_unit_data(ids, "qd318-2022", period), former_unit_data(ids, "qd318-2022", period)
    assert now == before
    assert list(now[ids[0]].values) == list(before[ids[0]].values)  # same order as well
    if key != "2022":
        assert any(not d.is_empty for d in now.values())
