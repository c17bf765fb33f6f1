"""Estimated travel time: monotone in distance, sensible mode order, reach is its inverse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.domain import TravelMode
from matcher.travel import DEFAULT_SPEEDS, EstimatedTravelTime, ModeSpeed

TRAVEL = EstimatedTravelTime()
DISTANCES = np.array([0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 60.0, 150.0])
MODES = list(TravelMode)


@pytest.mark.parametrize("mode", MODES)
def test_minutes_increase_with_distance(mode: TravelMode) -> None:
    minutes = TRAVEL.minutes(mode, DISTANCES)
    assert minutes.shape == DISTANCES.shape
    assert np.all(np.diff(minutes) > 0)


@pytest.mark.parametrize("mode", MODES)
def test_zero_distance_costs_only_the_fixed_minutes(mode: TravelMode) -> None:
    assert float(TRAVEL.minutes(mode, 0.0)) == DEFAULT_SPEEDS[mode].overhead_min


def test_ov_includes_walking_to_the_stop_and_waiting() -> None:
    assert float(TRAVEL.minutes(TravelMode.OV, 0.0)) == 10.0


def test_walking_is_slowest_beyond_a_short_walk() -> None:
    far = DISTANCES[DISTANCES >= 2.0]
    walking = TRAVEL.minutes(TravelMode.LOPEN, far)
    for mode in set(MODES) - {TravelMode.LOPEN}:
        assert np.all(walking > TRAVEL.minutes(mode, far)), mode


def test_walking_beats_waiting_for_a_bus_around_the_corner() -> None:
    assert TRAVEL.minutes(TravelMode.LOPEN, 0.5) < TRAVEL.minutes(TravelMode.OV, 0.5)


def test_walking_is_slower_than_every_mode_without_fixed_minutes() -> None:
    walking = TRAVEL.minutes(TravelMode.LOPEN, DISTANCES[1:])
    for mode in (TravelMode.FIETS, TravelMode.AUTO):
        assert np.all(walking > TRAVEL.minutes(mode, DISTANCES[1:])), mode


def test_car_is_fastest_at_every_distance() -> None:
    car = TRAVEL.minutes(TravelMode.AUTO, DISTANCES)
    for mode in set(MODES) - {TravelMode.AUTO}:
        assert np.all(car <= TRAVEL.minutes(mode, DISTANCES)), mode


def test_order_for_a_ten_km_trip() -> None:
    order = sorted(MODES, key=lambda m: float(TRAVEL.minutes(m, 10.0)))
    assert order == [
        TravelMode.AUTO,
        TravelMode.TAXI,
        TravelMode.OV,
        TravelMode.FIETS,
        TravelMode.LOPEN,
    ]


def test_bike_beats_ov_on_short_trips_only() -> None:
    assert TRAVEL.minutes(TravelMode.FIETS, 2.0) < TRAVEL.minutes(TravelMode.OV, 2.0)
    assert TRAVEL.minutes(TravelMode.FIETS, 20.0) > TRAVEL.minutes(TravelMode.OV, 20.0)


def test_known_figure_by_bike() -> None:
    # 10 km straight line * 1.3 detour at 15 km/h = 52 minutes
    assert float(TRAVEL.minutes(TravelMode.FIETS, 10.0)) == pytest.approx(52.0)


@pytest.mark.parametrize("mode", MODES)
@given(minutes=st.floats(min_value=0.0, max_value=600.0))
def test_reach_is_the_inverse_of_minutes(mode: TravelMode, minutes: float) -> None:
    reach = TRAVEL.reach_km(mode, minutes)
    assert reach >= 0.0
    if minutes > DEFAULT_SPEEDS[mode].overhead_min:
        assert float(TRAVEL.minutes(mode, reach)) == pytest.approx(minutes, rel=1e-9, abs=1e-9)
    else:
        assert reach == 0.0


@pytest.mark.parametrize("mode", MODES)
@given(distance=st.floats(min_value=0.0, max_value=300.0))
def test_minutes_then_reach_gives_the_distance_back(mode: TravelMode, distance: float) -> None:
    minutes = float(TRAVEL.minutes(mode, distance))
    assert TRAVEL.reach_km(mode, minutes) == pytest.approx(distance, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("minutes", [-30.0, 0.0, 5.0, 9.99])
def test_reach_is_never_negative(minutes: float) -> None:
    assert TRAVEL.reach_km(TravelMode.OV, minutes) == 0.0
    assert TRAVEL.reach_km(TravelMode.TAXI, minutes) == 0.0
    assert TRAVEL.reach_km(TravelMode.FIETS, minutes) >= 0.0


def test_reach_grows_with_time() -> None:
    reaches = [TRAVEL.reach_km(TravelMode.FIETS, m) for m in (15, 30, 45, 60)]
    assert reaches == sorted(reaches)
    assert reaches[0] > 0


def test_custom_speeds_are_used() -> None:
    ebike = EstimatedTravelTime({**DEFAULT_SPEEDS, TravelMode.FIETS: ModeSpeed(20.0, 1.3, 0.0)})
    assert float(ebike.minutes(TravelMode.FIETS, 10.0)) == pytest.approx(39.0)
    assert ebike.reach_km(TravelMode.FIETS, 39.0) == pytest.approx(10.0)


def test_minutes_accept_a_matrix() -> None:
    matrix = np.array([[1.0, 2.0], [3.0, 4.0]])
    result = TRAVEL.minutes(TravelMode.AUTO, matrix)
    assert result.shape == (2, 2)
    assert result[1, 1] > result[0, 0]
