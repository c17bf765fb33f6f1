"""Distances between points: geopy for single pairs, numpy haversine for bulk (same sphere).

Coarse locations (a postcode or town centroid) get a distance floor, so two people in the same
town are never 0 km apart just because both were placed on the town centre.
"""

from __future__ import annotations

import numpy as np
from geopy.distance import great_circle
from numpy.typing import ArrayLike, NDArray

from matcher.domain import GeoPoint, Precision

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius, the one geopy's great_circle uses

# Typical half-size of the area a coarse location stands for; used as a minimum distance.
PRECISION_FLOOR_KM: dict[Precision, float] = {
    Precision.EXACT: 0.0,
    Precision.PC6: 0.3,
    Precision.PC4: 1.0,
    Precision.PLACE: 2.0,
    Precision.MUNICIPALITY: 3.0,
    Precision.REGION: 5.0,
}


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance between two points in km, with the coarse-location floor."""
    d = float(great_circle((a.lat, a.lon), (b.lat, b.lon)).km)
    return max(d, PRECISION_FLOOR_KM[a.precision], PRECISION_FLOOR_KM[b.precision])


def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Vectorised great-circle distance in km; inputs broadcast like numpy arrays."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2.0) ** 2
    out: NDArray[np.float64] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return out


def floor_km(precisions: ArrayLike) -> NDArray[np.float64]:
    """Distance floor per point, from an array of ``Precision`` values."""
    flat = np.asarray(precisions, dtype=object).ravel()
    out = np.fromiter((PRECISION_FLOOR_KM[p] for p in flat), dtype=np.float64, count=flat.size)
    return out.reshape(np.shape(precisions))
