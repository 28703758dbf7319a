"""What a scorecard's statuses rest on: the indicators counted by the standing of their thresholds."""

from dataclasses import replace
from decimal import Decimal

from ntm.criteria.catalog import get_set
from ntm.criteria.engine import evaluate
from ntm.criteria.model import THRESHOLD_STATUSES, Profile, Value
from ntm.criteria.report import evaluation_to_dict
from ntm.criteria.tally import tally


def with_standings(cset, standings):
    """`cset` with its indicators' threshold statuses replaced, in order, by `standings`."""
    marks = iter(standings)
    criteria = tuple(replace(c, indicators=tuple(replace(i, status=next(marks)) for i in c.indicators))
                     for c in cset.criteria)
    return replace(cset, id=f"{cset.id}-standings", criteria=criteria)


def test_every_indicator_counts_once_by_the_standing_of_its_threshold(regions_set):
    n = len(regions_set.indicators)
    standings = [THRESHOLD_STATUSES[k % 4] for k in range(n)]
    cset = with_standings(regions_set, standings)
    evaluation = evaluate(cset, Profile(year=2024, region="BTB"), {})
    counts = tally(evaluation, cset).resting_on
    with_figure = {i.code for i in evaluation.indicators if i.threshold is not None}  # this region's figure
    assert 0 < len(with_figure) < n
    expected = {s: sum(1 for i in cset.indicators if i.code in with_figure and i.status == s)
                for s in THRESHOLD_STATUSES}
    expected["unknown"] += n - len(with_figure)  # no figure: the status rests on nothing known
    assert counts == expected and sum(counts.values()) == n


def test_a_confirmed_mark_without_a_figure_counts_as_unknown(regions_set):
    cset = with_standings(regions_set, ["confirmed"] * len(regions_set.indicators))
    cset = replace(cset, criteria=tuple(replace(c, indicators=tuple(replace(i, threshold=None) for i in c.indicators))
                                        for c in cset.criteria))
    counts = tally(evaluate(cset, Profile(year=2024), {}), cset)
    assert counts.resting_confirmed == 0 and counts.resting_unknown == len(cset.indicators)


def test_the_split_reads_in_words_and_reaches_the_json(regions_set):
    first = regions_set.indicators[0]
    evaluation = evaluate(regions_set, Profile(year=2024, region="BTB"), {first.code: Value(Decimal(1))})
    counts = tally(evaluation, regions_set)
    assert counts.resting_on_vi() == (f"{counts.resting_confirmed} đã xác nhận · {counts.resting_seed} theo báo cáo"
                                      f" · {counts.resting_recalled} nhớ lại · {counts.resting_unknown} chưa rõ")
    assert evaluation_to_dict(evaluation, regions_set)["tally"]["threshold_status_counts"] == counts.resting_on


def test_qd318_scorecard_split_adds_up_to_its_indicators():
    cset = get_set("qd318-2022")
    counts = tally(evaluate(cset, Profile(year=2024, region="BTB"), {}), cset)
    assert sum(counts.resting_on.values()) == len(cset.indicators)
    assert counts.resting_confirmed + counts.resting_seed + counts.resting_recalled == counts.thresholds_known


def test_the_text_report_says_what_the_statuses_rest_on(regions_set):
    from ntm.criteria.report import evaluation_text

    evaluation = evaluate(regions_set, Profile(year=2024, region="BTB"), {})
    line = evaluation_text(evaluation, regions_set).splitlines()[1]
    assert line.strip() == f"Ngưỡng áp dụng cho các chỉ tiêu: {tally(evaluation, regions_set).resting_on_vi()}"
