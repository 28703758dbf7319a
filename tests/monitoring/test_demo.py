"""`ntm demo` reproduces what the seed reports state, and only that."""

import json

import pytest

from ntm.cli import main
from ntm.criteria.model import Status
from ntm.monitoring.demo import load_demo
from ntm.monitoring.models import Observation, ReportedResult
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return load_demo()


def evaluated(unit, key, period, set_id=None):
    return evaluate_unit(actor=None, unit=unit(key), period=Period.parse(period), set_id=set_id)


def unmet(evaluation):
    return [c.number for c in evaluation.criteria if c.status is Status.NOT_MET]


def test_cao_ngoc_q1_2024_is_16_of_19_with_6_15_17_unmet(demo, unit):
    result = evaluated(unit, "legacy:15079", "2024-Q1").evaluation
    assert (result.criteria_met, result.criteria_total) == (16, 19)
    assert unmet(result) == [6, 15, 17]
    assert next(i for i in result.indicators if i.code == "17.1").status is Status.NOT_MET


def test_thach_cam_2023_is_18_of_19_with_17_1_unmet(demo, unit):
    result = evaluated(unit, "legacy:15205", "2023").evaluation
    assert (result.criteria_met, result.criteria_total) == (18, 19)
    assert unmet(result) == [17]


def test_thach_cam_q1_2024_is_17_of_19_with_15_1_at_79_9(demo, unit):
    result = evaluated(unit, "legacy:15205", "2024-Q1")
    assert (result.evaluation.criteria_met, unmet(result.evaluation)) == (17, [15, 17])
    bhyt = next(i for i in result.evaluation.indicators if i.code == "15.1")
    assert float(bhyt.value) == 79.9 and bhyt.status is Status.NOT_MET
    assert result.previous.summary_en() == "18/19 → 17/19: 15 lost"


def test_ba_thanh_2024_has_its_five_unmet_criteria_and_nothing_invented(demo, unit):
    result = evaluated(unit, "legacy:21493", "2024").evaluation
    assert unmet(result) == [3, 11, 12, 16, 18]
    assert result.criteria_met == 0  # which 10 were met is not said: unknown, not met
    reported = ReportedResult.objects.get(unit=unit("legacy:21493"))
    assert (reported.criteria_met, reported.criteria_total) == (10, 19)


def test_cam_ngoc_keeps_its_reported_totals_without_inventing_detail(demo, unit):
    result = evaluated(unit, "legacy:15169", "2023")
    assert {(r.set_id, r.criteria_met, r.indicators_met, r.indicators_total) for r in result.reported} == {
        ("th-32-2022", 15, 51, 57), ("th-33-2022", 12, 58, 74)}
    assert not Observation.objects.filter(unit=unit("legacy:15169")).exists()


def test_villages_named_by_the_seeds_exist(demo, unit):
    names = set(unit("legacy:15169").children.values_list("name", flat=True))
    assert names == {"Phúc Ngán Vải", "Sóng", "Song Nga", "Đồng Lão", "Kim", "Song", "Sành"}
    assert unit("legacy:15655").children.count() == 7


def test_the_merged_commune_shows_its_predecessors(demo, unit):
    result = evaluated(unit, "2025:15127", "2024", "th-32-2022")
    assert [u.name for u, _, _ in result.predecessors] == ["Thị trấn Phong Sơn", "Xã Cẩm Ngọc"]


def test_demo_is_idempotent(demo):
    counts = (Observation.objects.count(), ReportedResult.objects.count())
    load_demo()
    assert (Observation.objects.count(), ReportedResult.objects.count()) == counts
    assert set(Observation.objects.values_list("version", flat=True)) == {1}


def test_demo_loads_again_after_a_seed_period_was_approved(demo, unit):
    from ntm.monitoring.review import review_of

    quarter = Period.parse("2024-Q1")
    review = review_of(unit("legacy:15079"), "qd318-2022", quarter)
    review.state, review.period_start, review.period_end = "approved", quarter.start, quarter.end
    review.save()
    before = Observation.objects.count()
    load_demo()  # `make run` again: nothing is rewritten, so the approved period does not stop it
    assert Observation.objects.count() == before


def test_ntm_evaluate_unit_json(demo, capsys):
    assert main(["evaluate", "--unit", "legacy:15079", "--period", "2024-Q1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["criteria_met"], data["criteria_total"], data["unmet_criteria"]) == (16, 19, [6, 15, 17])
    assert data["unit"]["name"] == "Xã Cao Ngọc" and data["reported"][0]["criteria_met"] == 16


def test_ntm_evaluate_unknown_unit_exits_2(capsys):
    assert main(["evaluate", "--unit", "legacy:99999999", "--period", "2024-Q1"]) == 2
    assert "99999999" in capsys.readouterr().err
