"""Candidate pairs: prune with a haversine BallTree, then distance and travel time per pair.

A student is only compared with places that offer their crebo and lie within reach of their
travel mode and maximum travel time (radius from ``TravelTimeProvider.reach_km`` plus the
precision floors), so a round of 20,000 students and 50,000 places never builds the full cross
product. All other hard rules are left to ``matcher.eligibility``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import BallTree

from matcher.geo import EARTH_RADIUS_KM, haversine_km
from matcher.tables import F64, I64, MODES, Bool, PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider

_EPS_KM = 1e-6


@dataclass(frozen=True, slots=True, eq=False)
class CandidatePairs:
    """Student-place pairs (row indices into the tables) with distance and travel time."""

    s_idx: I64
    p_idx: I64
    distance_km: F64
    travel_min: F64

    def __len__(self) -> int:
        return len(self.s_idx)

    def subset(self, mask: Bool) -> CandidatePairs:
        """Only the pairs where ``mask`` is true."""
        return CandidatePairs(
            self.s_idx[mask], self.p_idx[mask], self.distance_km[mask], self.travel_min[mask]
        )


@dataclass(frozen=True, slots=True, eq=False)
class PlaceIndex:
    """One haversine BallTree per crebo over the places that offer it, built once per round.

    Pruning by crebo is exact (it is a hard rule); the distance query then only sees places the
    student could be placed at, which keeps a 20,000 x 50,000 round to a few million pairs.
    """

    trees: dict[int, tuple[BallTree, I64]]  # crebo code -> (tree, place rows in that tree)
    crebo_vocab: dict[str, int]
    max_floor_km: float

    @classmethod
    def build(cls, places: PlaceTable) -> PlaceIndex:
        """Index the places' effective locations, per crebo."""
        n = max(len(places.crebo_vocab), 1)
        rows, codes = places.crebo_keys // n, places.crebo_keys % n
        order = np.argsort(codes, kind="stable")
        rows, codes = rows[order], codes[order]
        bounds = np.flatnonzero(np.diff(codes)) + 1
        trees: dict[int, tuple[BallTree, I64]] = {}
        for group in np.split(np.arange(len(codes)), bounds):
            if not len(group):
                continue
            r = rows[group]
            pts = np.radians(np.column_stack([places.lat[r], places.lon[r]]))
            trees[int(codes[group[0]])] = (BallTree(pts, metric="haversine"), r)
        floor = float(places.floor_km.max()) if len(places) else 0.0
        return cls(trees=trees, crebo_vocab=places.crebo_vocab, max_floor_km=floor)


def pair_geometry(
    students: StudentTable,
    places: PlaceTable,
    s_idx: I64,
    p_idx: I64,
    *,
    travel: TravelTimeProvider,
) -> tuple[F64, F64]:
    """Distance (km, with precision floors) and travel minutes for any pair arrays."""
    d = haversine_km(students.lat[s_idx], students.lon[s_idx], places.lat[p_idx], places.lon[p_idx])
    d = np.maximum(d, np.maximum(students.floor_km[s_idx], places.floor_km[p_idx]))
    minutes = np.empty_like(d)
    modes = students.mode[s_idx]
    for code, mode in enumerate(MODES):
        m = modes == code
        if m.any():
            minutes[m] = travel.minutes(mode, d[m])
    return d, minutes


def within_reach(
    students: StudentTable,
    index: PlaceIndex,
    rows: I64,
    *,
    travel: TravelTimeProvider,
    extra_minutes: float = 0.0,
) -> tuple[I64, I64]:
    """Pairs (s_idx, p_idx) of the given students and the places with their crebo within reach."""
    get = index.crebo_vocab.get
    codes = np.fromiter((get(c, -1) for c in students.crebo[rows]), np.int64, count=len(rows))
    group_key = codes * len(MODES) + students.mode[rows]
    s_parts: list[I64] = []
    p_parts: list[I64] = []
    for key in np.unique(group_key[codes >= 0]):
        code, mode = divmod(int(key), len(MODES))
        if code not in index.trees:
            continue
        tree, tree_rows = index.trees[code]
        sel = rows[group_key == key]
        limits, inverse = np.unique(students.max_travel_minutes[sel], return_inverse=True)
        reach = np.array([travel.reach_km(MODES[mode], float(m) + extra_minutes) for m in limits])
        radius_km = reach[inverse] + students.floor_km[sel] + index.max_floor_km + _EPS_KM
        pts = np.radians(np.column_stack([students.lat[sel], students.lon[sel]]))
        found = tree.query_radius(pts, r=radius_km / EARTH_RADIUS_KM)
        counts = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        if counts.sum():
            s_parts.append(np.repeat(sel, counts))
            p_parts.append(tree_rows[np.concatenate(found)])
    if not s_parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    s_idx, p_idx = np.concatenate(s_parts), np.concatenate(p_parts)
    order = np.lexsort((p_idx, s_idx))
    return s_idx[order], p_idx[order]


def candidate_pairs(
    students: StudentTable,
    places: PlaceTable,
    *,
    travel: TravelTimeProvider,
    index: PlaceIndex | None = None,
    extra_minutes: float = 0.0,
) -> CandidatePairs:
    """Every student paired with the places within reach, sorted by (student, place)."""
    index = index or PlaceIndex.build(places)
    rows = np.arange(len(students), dtype=np.int64)
    s_idx, p_idx = within_reach(students, index, rows, travel=travel, extra_minutes=extra_minutes)
    d, minutes = pair_geometry(students, places, s_idx, p_idx, travel=travel)
    return CandidatePairs(s_idx, p_idx, d, minutes)
