"""The forecast is a pure function: plain data in, plain data out; no database here."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ntm.planning.forecast import Outlook, forecast

D = dt.date


def quarters(*values):
    ends = [D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31), D(2024, 3, 31), D(2024, 6, 30)]
    return list(zip(ends, values, strict=False))


def test_fewer_than_three_periods_is_not_enough_data():
    result = forecast(quarters(80, 85), target=90, deadline=D(2024, 12, 31))
    assert (result.outlook, result.expected, result.points) == (Outlook.NO_DATA, None, 2)
    assert result.outlook_vi == "không đủ dữ liệu" and "ít nhất 3 kỳ" in result.method


def test_two_values_of_the_same_period_count_once():
    points = [(D(2023, 3, 31), 80), (D(2023, 3, 31), 81), (D(2023, 6, 30), 85)]
    assert forecast(points, target=90, deadline=D(2024, 12, 31)).outlook is Outlook.NO_DATA


def test_a_rising_trend_that_reaches_the_target_is_on_track():
    result = forecast(quarters(80, 83, 86, 89), target=95, deadline=D(2024, 12, 31))
    assert result.outlook is Outlook.ON_TRACK and result.expected > 95
    assert result.points == 4 and result.slope_per_year > 11
    assert "Bình phương tối thiểu trên 4 kỳ" in result.method and "31/12/2024" in result.method


def test_a_flat_trend_short_of_the_target_is_off_track():
    result = forecast(quarters(70, 70, 70), target=90, deadline=D(2024, 12, 31))
    assert (result.outlook, result.expected) == (Outlook.OFF_TRACK, Decimal("70.0"))


def test_a_trend_missing_by_at_most_a_tenth_of_the_remaining_gap_is_at_risk():
    points = [(D(2024, 1, 1), 79), (D(2024, 1, 11), 79.5), (D(2024, 1, 21), 80)]  # +0,05 a day; latest 80
    deadline = D(2024, 1, 1) + dt.timedelta(days=190)  # the line gives 79 + 9,5 = 88,5
    assert forecast(points, target=88.5, deadline=deadline).outlook is Outlook.ON_TRACK
    at_risk = forecast(points, target=89.2, deadline=deadline)  # short by 0,7 of the 9,2 still to cover
    assert (at_risk.outlook, at_risk.expected) == (Outlook.AT_RISK, Decimal("88.5"))
    assert forecast(points, target=90, deadline=deadline).outlook is Outlook.OFF_TRACK  # short by 1,5 of 10


def test_met_now_but_falling_below_by_the_deadline_is_at_risk():
    result = forecast(quarters(99, 97, 95), target=94, deadline=D(2024, 12, 31))
    assert result.outlook is Outlook.AT_RISK and result.expected < 94


def test_lower_is_better_is_mirrored():
    falling = forecast(quarters(8, 6, 4), target=3, deadline=D(2024, 6, 30), comparator="<=")  # poverty rate
    assert falling.outlook is Outlook.ON_TRACK and falling.expected < 3
    rising = forecast(quarters(4, 6, 8), target=3, deadline=D(2024, 6, 30), comparator="<=")
    assert rising.outlook is Outlook.OFF_TRACK


def test_a_percent_is_kept_within_0_and_100():
    result = forecast(quarters(60, 80, 100), target=95, deadline=D(2026, 12, 31), bounds=(0.0, 100.0))
    assert result.expected == Decimal("100.0") and result.outlook is Outlook.ON_TRACK


def test_as_dict_is_plain_json_data():
    data = forecast(quarters(80, 83, 86), target=95, deadline=D(2024, 12, 31)).as_dict()
    assert set(data) == {"outlook", "outlook_vi", "expected", "points", "slope_per_year", "method"}
    assert isinstance(data["expected"], float) and data["outlook"] in {o.value for o in Outlook}


def test_the_forecast_module_imports_no_django():
    code = "import sys, ntm.planning.forecast; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@given(start=st.floats(0, 1000), slope=st.floats(-5, 5), n=st.integers(3, 12), ahead=st.integers(0, 400))
def test_an_exact_line_is_projected_onto_itself(start, slope, n, ahead):
    days = [D(2023, 1, 1) + dt.timedelta(days=30 * i) for i in range(n)]
    points = [(d, start + slope * (d - days[0]).days) for d in days]
    deadline = days[-1] + dt.timedelta(days=ahead)
    result = forecast(points, target=start, deadline=deadline)
    expected = start + slope * (deadline - days[0]).days
    assert abs(float(result.expected) - expected) <= 0.01 + 1e-6 * abs(expected)
    # the judgement follows the figure shown: on track exactly when it meets the target
    assert (result.outlook is Outlook.ON_TRACK) == (float(result.expected) >= start)


@given(values=st.lists(st.floats(0, 100), min_size=3, max_size=10), target=st.floats(0, 100))
def test_any_series_gives_one_outlook_and_a_bounded_percent(values, target):
    days = [D(2022, 1, 1) + dt.timedelta(days=91 * i) for i in range(len(values))]
    result = forecast(list(zip(days, values, strict=True)), target=target, deadline=D(2026, 1, 1), bounds=(0, 100))
    assert result.outlook in (Outlook.ON_TRACK, Outlook.AT_RISK, Outlook.OFF_TRACK)
    assert 0 <= result.expected <= 100
    assert (result.outlook is Outlook.ON_TRACK) == (float(result.expected) >= target)
