"""Where demo people and companies are: a school region, a town near it, a jittered point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.demo.towns import TownArrays
from matcher.geo import haversine_km

KM_PER_DEGREE_LAT = 111.32
REGION_RADIUS_KM = 30.0


@dataclass(frozen=True)
class Regions:
    """School towns as region centres, each with the towns around it and their weights."""

    school_index: NDArray[np.int64]  # index of each school town in the town table
    members: tuple[NDArray[np.int64], ...]  # town indices within the radius, per region
    member_p: tuple[NDArray[np.float64], ...]  # population weights of those towns
    weight: NDArray[np.float64]  # how likely a person belongs to each region


def build_regions(
    towns: TownArrays, schools: tuple[int, ...], *, radius_km: float = REGION_RADIUS_KM
) -> Regions:
    """Regions around the school towns; a region's weight is its school town's population."""
    idx = np.asarray(schools, dtype=np.int64)
    dist = haversine_km(towns.lat[idx, None], towns.lon[idx, None], towns.lat, towns.lon)
    members, member_p = [], []
    for r, school in enumerate(idx):
        near = np.flatnonzero(dist[r] <= radius_km)
        if near.size == 0:
            near = np.array([school], dtype=np.int64)
        pop = towns.population[near]
        members.append(near)
        member_p.append(pop / pop.sum())
    weight = towns.population[idx] / towns.population[idx].sum()
    return Regions(idx, tuple(members), tuple(member_p), weight)


@dataclass(frozen=True)
class Located:
    """Sampled locations: region, town and coordinates per person or company."""

    region: NDArray[np.int64]
    town: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]


def sample_locations(
    rng: np.random.Generator, towns: TownArrays, regions: Regions, n: int
) -> Located:
    """Draw a region by school-town size, a town in it by population, and a point in the town."""
    region = rng.choice(regions.weight.size, size=n, p=regions.weight)
    town = np.zeros(n, dtype=np.int64)
    for r in range(regions.weight.size):
        who = np.flatnonzero(region == r)
        if who.size:
            town[who] = rng.choice(regions.members[r], size=who.size, p=regions.member_p[r])
    lat, lon = jitter(rng, towns.lat[town], towns.lon[town], towns.radius_km[town])
    return Located(region=region.astype(np.int64), town=town, lat=lat, lon=lon)


def jitter(
    rng: np.random.Generator,
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    radius_km: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Move each point randomly within about its town's radius (rounded to ~10 m)."""
    dy, dx = (np.clip(rng.normal(0.0, 0.5, lat.size), -1.0, 1.0) * radius_km for _ in range(2))
    new_lat = lat + dy / KM_PER_DEGREE_LAT
    new_lon = lon + dx / (KM_PER_DEGREE_LAT * np.cos(np.radians(lat)))
    return np.round(new_lat, 5), np.round(new_lon, 5)


def pick_regions(rng: np.random.Generator, regions: Regions, k: int) -> Regions:
    """Keep ``k`` regions, drawn by weight without replacement (a small set stays compact)."""
    k = int(np.clip(k, 1, regions.weight.size))
    keep = np.sort(rng.choice(regions.weight.size, size=k, replace=False, p=regions.weight))
    weight = regions.weight[keep] / regions.weight[keep].sum()
    return Regions(
        school_index=regions.school_index[keep],
        members=tuple(regions.members[i] for i in keep.tolist()),
        member_p=tuple(regions.member_p[i] for i in keep.tolist()),
        weight=weight,
    )
