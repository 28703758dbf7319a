"""A unit's evaluation from stored values: carry-forward, previous period, merged communes."""

from decimal import Decimal as D

import pytest

from ntm.criteria.model import Status
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit
from ntm.monitoring.services import Target, record_observation

pytestmark = pytest.mark.django_db


def put(unit, period, raw, indicator="", criterion=None, set_id="th-32-2022"):
    record_observation(actor=None, unit=unit, target=Target(set_id, indicator, criterion),
                       period=Period.parse(period), raw=raw)


def test_a_saved_value_changes_the_evaluation_at_once(unit):
    commune = unit("legacy:15205")
    before = evaluate_unit(actor=None, unit=commune, period=Period.parse("2024-Q1")).evaluation
    put(commune, "2024-Q1", 79.9, "15.1")
    after = evaluate_unit(actor=None, unit=commune, period=Period.parse("2024-Q1")).evaluation
    assert before.criterion(15).status is Status.UNKNOWN
    assert after.criterion(15).status is Status.NOT_MET
    bhyt = next(i for i in after.indicators if i.code == "15.1")
    assert bhyt.threshold == 90 and bhyt.gap == D("10.1")


def test_the_provincial_variant_is_chosen_for_a_thanh_hoa_commune(unit):
    result = evaluate_unit(actor=None, unit=unit("legacy:15205"), period=Period.parse("2024-Q1"))
    assert result.cset.id == "th-32-2022"


def test_values_carry_forward_until_a_later_period_replaces_them(unit):
    commune = unit("legacy:15205")
    put(commune, "2023", 92, "15.1")
    put(commune, "2024-Q1", 79.9, "15.1")
    year_2023 = evaluate_unit(actor=None, unit=commune, period=Period.parse("2023"))
    q1 = evaluate_unit(actor=None, unit=commune, period=Period.parse("2024-Q1"))
    q2 = evaluate_unit(actor=None, unit=commune, period=Period.parse("2024-Q2"))
    assert year_2023.evaluation.criterion(15).indicators[0].status is Status.MET
    assert q1.evaluation.criterion(15).indicators[0].status is Status.NOT_MET
    assert q2.data.periods["15.1"] == "2024-Q1"


def test_comparison_with_the_previous_period_names_the_lost_criterion(unit):
    commune = unit("legacy:15205")
    put(commune, "2023-Q4", "met", criterion=15)
    put(commune, "2024-Q1", 79.9, "15.1")
    result = evaluate_unit(actor=None, unit=commune, period=Period.parse("2024-Q1"))
    assert result.previous.lost_criteria == (15,)


def test_new_commune_for_a_2024_period_combines_its_predecessors(unit):
    phong_son, cam_ngoc, cam_thuy = unit("legacy:15127"), unit("legacy:15169"), unit("2025:15127")
    put(phong_son, "2024", {"numerator": 4500, "denominator": 5000}, "15.1")
    put(cam_ngoc, "2024", {"numerator": 3400, "denominator": 4000}, "15.1")
    put(phong_son, "2024", "met", criterion=6)
    put(cam_ngoc, "2024", "not_met", criterion=6)
    result = evaluate_unit(actor=None, unit=cam_thuy, period=Period.parse("2024"), set_id="th-32-2022")
    bhyt = result.evaluation.criterion(15).indicators[0]
    assert round(bhyt.value, 4) == round(D(7900) / D(9000) * 100, 4)   # summed counts, not 87.5 averaged
    assert bhyt.gap == 200  # 90 % of 9000 = 8100 people insured: 200 more
    assert result.evaluation.criterion(6).status is Status.NOT_MET
    names = [u.name for u, _, _ in result.predecessors]
    assert names == ["Thị trấn Phong Sơn", "Xã Cẩm Ngọc"]
    own = {u.code: ev.criterion(15).indicators[0].status for u, _, ev in result.predecessors}
    assert own == {"15127": Status.MET, "15169": Status.NOT_MET}


def test_new_commune_after_the_merger_uses_its_own_data(unit):
    cam_thuy = unit("2025:15127")
    result = evaluate_unit(actor=None, unit=cam_thuy, period=Period.parse("2025-Q4"), set_id="th-32-2022")
    assert result.predecessors == ()
