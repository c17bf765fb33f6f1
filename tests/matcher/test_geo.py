"""Distances: bulk haversine agrees with geopy; coarse locations get a distance floor."""

from __future__ import annotations

import numpy as np
import pytest
from geopy.distance import geodesic, great_circle
from hypothesis import given
from hypothesis import strategies as st

from matcher.domain import GeoPoint, Precision
from matcher.geo import PRECISION_FLOOR_KM, distance_km, floor_km, haversine_km

NL_LAT = st.floats(50.75, 53.5)
NL_LON = st.floats(3.36, 7.2)

AMERSFOORT = GeoPoint(52.155, 5.3875)
ZWOLLE = GeoPoint(52.5125, 6.09444)
GRONINGEN = GeoPoint(53.219, 6.567)


def _random_nl_pairs(n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform([50.75, 3.36, 50.75, 3.36], [53.5, 7.2, 53.5, 7.2], size=(n, 4))


def test_haversine_agrees_with_geopy_great_circle() -> None:
    pairs = _random_nl_pairs(500)
    ours = haversine_km(pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3])
    theirs = [great_circle((a, b), (c, d)).km for a, b, c, d in pairs]
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


def test_haversine_is_within_half_a_percent_of_geodesic_in_the_netherlands() -> None:
    pairs = _random_nl_pairs(500, seed=11)
    ours = haversine_km(pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3])
    ellipsoid = np.array([geodesic((a, b), (c, d)).km for a, b, c, d in pairs])
    assert np.max(np.abs(ours - ellipsoid) / ellipsoid) < 0.005


def test_one_degree_of_latitude_is_about_111_km() -> None:
    a, b = GeoPoint(52.0, 5.0), GeoPoint(53.0, 5.0)
    assert distance_km(a, b) == pytest.approx(111.195, abs=0.01)
    assert float(haversine_km(52.0, 5.0, 53.0, 5.0)) == pytest.approx(111.195, abs=0.01)


@given(NL_LAT, NL_LON, NL_LAT, NL_LON)
def test_haversine_is_symmetric_and_zero_on_itself(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    there = haversine_km(lat1, lon1, lat2, lon2)
    back = haversine_km(lat2, lon2, lat1, lon1)
    assert float(there) == pytest.approx(float(back), abs=1e-9)
    assert float(haversine_km(lat1, lon1, lat1, lon1)) == 0.0
    assert float(there) >= 0.0


def test_haversine_broadcasts_to_a_matrix() -> None:
    students = np.array([[52.155, 5.3875], [52.5125, 6.09444], [51.9225, 4.47917]])
    places = np.array([[52.155, 5.3875], [53.219, 6.567]])
    matrix = haversine_km(students[:, :1], students[:, 1:], places[:, 0], places[:, 1])
    assert matrix.shape == (3, 2)
    assert matrix[0, 0] == 0.0
    assert matrix[1, 1] == pytest.approx(distance_km(ZWOLLE, GRONINGEN), rel=1e-6)


def test_exact_points_have_no_floor() -> None:
    assert distance_km(AMERSFOORT, AMERSFOORT) == 0.0


@pytest.mark.parametrize(
    ("precision", "floor"),
    [
        (Precision.PC6, 0.3),
        (Precision.PC4, 1.0),
        (Precision.PLACE, 2.0),
        (Precision.MUNICIPALITY, 3.0),
    ],
)
def test_coarse_points_in_the_same_spot_are_never_zero_apart(
    precision: Precision, floor: float
) -> None:
    coarse = GeoPoint(AMERSFOORT.lat, AMERSFOORT.lon, precision)
    assert distance_km(coarse, AMERSFOORT) == floor
    assert distance_km(AMERSFOORT, coarse) == floor


def test_the_coarser_point_sets_the_floor() -> None:
    town = GeoPoint(52.155, 5.3875, Precision.PLACE)
    gemeente = GeoPoint(52.156, 5.3875, Precision.MUNICIPALITY)
    assert distance_km(town, gemeente) == 3.0


def test_floor_does_not_change_longer_distances() -> None:
    a = GeoPoint(AMERSFOORT.lat, AMERSFOORT.lon, Precision.MUNICIPALITY)
    b = GeoPoint(ZWOLLE.lat, ZWOLLE.lon, Precision.MUNICIPALITY)
    assert distance_km(a, b) == pytest.approx(distance_km(AMERSFOORT, ZWOLLE))


def test_floor_km_keeps_shape_and_covers_every_precision() -> None:
    grid = np.array([[Precision.EXACT, Precision.PLACE], [Precision.PC4, Precision.PC6]])
    np.testing.assert_array_equal(floor_km(grid), [[0.0, 2.0], [1.0, 0.3]])
    assert set(PRECISION_FLOOR_KM) == set(Precision)
