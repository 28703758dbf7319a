"""The province heat-map (the batch path) shows, for every period, what each commune's scorecard shows.

The fixture province is what an official of the demo's five seed communes sees: their pre-2025
communes, and the 2025 communes they were merged into. Before 1/7/2025 a merged commune's
scorecard combines its predecessors' data; its heat-map row must do the same.
"""

from __future__ import annotations

import pytest

from ntm.common.models import Membership
from ntm.criteria.model import Status
from ntm.geo.models import Level, Unit
from ntm.monitoring.demo import load_demo
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit
from ntm.web.heatmap import heat_map

pytestmark = pytest.mark.django_db

PERIODS = ("2023", "2024-Q1", "2024", "2025-Q2", "2025-Q3")


@pytest.fixture
def official(make_user):
    """An official of every seed commune: sees them and the communes they became."""
    load_demo()
    user = make_user("can_bo_cac_xa_mau")
    seeds = Unit.objects.filter(pk__in=Observation.objects.values("unit"), level=Level.COMMUNE)
    for seed in seeds:
        Membership.objects.create(user=user, unit=seed, role="commune_official")
    return user


def provinces(communes: list[Unit]) -> list[Unit]:
    keys = {(u.scheme, u.province_code) for u in communes}
    return [Unit.objects.get(level=Level.PROVINCE, scheme=s, code=c) for s, c in sorted(keys)]


def test_heat_map_rows_equal_the_scorecards_for_every_period(official):
    from ntm.common.scope import visible_units

    communes = list(visible_units(official).filter(level=Level.COMMUNE))
    assert any(u.valid_from for u in communes), "the fixture has merged communes"
    decided_before_merger = 0
    for province in provinces(communes):
        for key in PERIODS:
            heat = heat_map(official, province, {"ky": key})
            assert heat.rows, (province, key)
            for row in heat.rows:
                card = evaluate_unit(actor=official, unit=row.unit, period=Period.parse(key), set_id=heat.cset.id,
                                     with_previous=False).evaluation
                assert row.statuses == tuple(c.status for c in card.criteria), (row.unit.code, key, heat.cset.id)
                assert row.criteria_met == card.criteria_met
                assert row.indicators_met == card.indicators_met
                if row.unit.valid_from and Period.parse(key).end < row.unit.valid_from:
                    decided_before_merger += sum(s is not Status.UNKNOWN for s in row.statuses)
    assert decided_before_merger > 0  # the pre-merger rows are not all unknown: predecessors' data is combined
