"""Demo companies and their BPV places, spread over sectors and regions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.demo.locations import Located, Regions, sample_locations
from matcher.demo.names import company_names
from matcher.demo.sampling import bernoulli, categorical, facilities, top_k
from matcher.demo.sectors import QUALIFICATIONS, SECTORS
from matcher.demo.towns import Town, TownArrays
from matcher.domain import (
    DAY_ORDER,
    Company,
    CompanyId,
    Day,
    GeoPoint,
    Place,
    PlaceId,
    PlaceLeerweg,
    SupportArea,
)

NIVEAU_SHARE = np.array([0.35, 0.30, 0.20, 0.15])  # domain.md §9 (assumption)
CAPACITY_P = (0.55, 0.25, 0.12, 0.08)  # capacity 1..4
MEAN_CAPACITY = float(np.dot(np.arange(1, 5), CAPACITY_P))
N_CREBOS_P = (0.55, 0.33, 0.12)  # a place is recognised for 1..3 qualifications
AREAS: tuple[SupportArea, ...] = tuple(SupportArea)
SECTOR_P = np.array([s.student_share for s in SECTORS])
QUAL_SECTOR: NDArray[np.int64] = np.array(
    [next(i for i, s in enumerate(SECTORS) if s.key == q.sector) for q in QUALIFICATIONS]
)
QUAL_NIVEAU: NDArray[np.int64] = np.array([q.niveau for q in QUALIFICATIONS])


@dataclass(frozen=True)
class Supply:
    """Companies and places, plus the place columns the student side samples from."""

    companies: tuple[Company, ...]
    places: tuple[Place, ...]
    place_lat: NDArray[np.float64]
    place_lon: NDArray[np.float64]
    place_region: NDArray[np.int64]
    place_town: NDArray[np.int64]
    place_quals: NDArray[np.bool_]  # places x QUALIFICATIONS membership
    place_capacity: NDArray[np.int64]


def _ids(prefix: str, letter: str, n: int, width: int) -> list[str]:
    w = max(width, len(str(n)))
    return [f"{prefix}{letter}{i:0{w}d}" for i in range(1, n + 1)]


def _crebo_weights() -> NDArray[np.float64]:
    """Per sector x qualification: how often a place carries it (niveau share, split per level)."""
    w = np.zeros((len(SECTORS), len(QUALIFICATIONS)))
    for s in range(len(SECTORS)):
        for n in range(1, 5):
            hit = np.equal(QUAL_SECTOR, s) & np.equal(QUAL_NIVEAU, n)
            if hit.any():
                w[s, hit] = NIVEAU_SHARE[n - 1] / hit.sum()
    return w


def _companies(
    rng: np.random.Generator,
    towns: list[Town],
    ta: TownArrays,
    regions: Regions,
    n: int,
    prefix: str,
) -> tuple[tuple[Company, ...], NDArray[np.int64], Located, NDArray[np.bool_]]:
    """Companies; also returns their sector, location draw and open-to-support flag."""
    loc = sample_locations(rng, ta, regions, n)
    sector = rng.choice(len(SECTORS), size=n, p=SECTOR_P)
    open_ = bernoulli(rng, np.full(n, 0.40))
    openness = categorical(
        rng, np.where(open_[:, None], [0.02, 0.18, 0.45, 0.35], [0.15, 0.40, 0.35, 0.10])
    )
    expertise = bernoulli(rng, np.where(open_[:, None], 0.30, 0.04) * np.ones((n, len(AREAS))))
    wheel_p = np.array([SECTORS[s].wheelchair for s in sector])
    wheel = categorical(rng, wheel_p)
    toilet = facilities(rng, np.where((wheel == 0)[:, None], [0.6, 0.3, 0.1], [0.1, 0.4, 0.5]))
    max_support = np.where(bernoulli(rng, np.full(n, 0.35)), rng.integers(1, 4, n), 0)
    guidance = rng.integers(4, 25, n) / 2.0
    recognised = bernoulli(rng, np.full(n, 0.97))
    names = company_names(
        rng, [SECTORS[s].name_words for s in sector], [towns[t].name for t in loc.town]
    )
    ids = _ids(prefix, "c", n, 4)
    wheel_f = facilities(rng, np.eye(3)[wheel])
    companies = tuple(
        Company(
            company_id=CompanyId(ids[i]),
            name=names[i],
            location=GeoPoint(float(loc.lat[i]), float(loc.lon[i])),
            guidance_hours_per_week=float(guidance[i]),
            sbb_recognized=bool(recognised[i]),
            open_to_extra_support=bool(open_[i]),
            max_support_students=int(max_support[i]) or None,
            social_openness=int(openness[i]),
            expertise_areas=frozenset(a for a, on in zip(AREAS, expertise[i], strict=True) if on),
            wheelchair_access=wheel_f[i],
            adapted_toilet=toilet[i],
            sector=SECTORS[sector[i]].key,
        )
        for i in range(n)
    )
    return companies, sector, loc, open_


def _days(
    rng: np.random.Generator, sat_p: NDArray[np.float64], sun_p: NDArray[np.float64]
) -> list[frozenset[Day]]:
    sat, sun = bernoulli(rng, sat_p), bernoulli(rng, sun_p)
    week = DAY_ORDER[:5]
    return [
        frozenset(week + ((Day.ZA,) if a else ()) + ((Day.ZO,) if b else ()))
        for a, b in zip(sat, sun, strict=True)
    ]


def generate_supply(
    rng: np.random.Generator,
    towns: list[Town],
    ta: TownArrays,
    regions: Regions,
    *,
    n_companies: int,
    n_slots: int,
    prefix: str = "",
) -> Supply:
    """Companies (located by town population) and places with about ``n_slots`` seats in total."""
    companies, c_sector, c_loc, c_open = _companies(rng, towns, ta, regions, n_companies, prefix)
    n_places = max(n_companies, round(n_slots / MEAN_CAPACITY))
    size = rng.lognormal(0.0, 0.8, n_companies)
    extra = rng.choice(n_companies, size=n_places - n_companies, p=size / size.sum())
    owner = np.sort(np.concatenate([np.arange(n_companies), extra]))
    sec = c_sector[owner]
    op = c_open[owner]
    sec_of = [SECTORS[s] for s in sec.tolist()]
    quals = top_k(
        rng, _crebo_weights()[sec], 1 + categorical(rng, np.tile(N_CREBOS_P, (n_places, 1)))
    )
    capacity = 1 + categorical(rng, np.tile(CAPACITY_P, (n_places, 1)))
    reduced = bernoulli(rng, np.where(op, 0.40, 0.20))
    h_min = np.array([s.hours_min for s in sec_of]).T
    h_max = np.array([s.hours_max for s in sec_of]).T
    lo = 4 * (rng.integers(h_min[0], h_min[1] + 1) // 4)
    hours_min = np.where(reduced, rng.choice([8, 12, 16], n_places), lo)
    hours_max = rng.integers(h_max[0], h_max[1] + 1)
    per_day = np.array([6.0, 8.0, 9.0])[
        categorical(rng, np.tile([0.10, 0.78, 0.12], (n_places, 1)))
    ]
    days = _days(
        rng,
        np.array([s.saturday_share for s in sec_of]),
        np.array([s.sunday_share for s in sec_of]),
    )
    hours_max = np.minimum(hours_max, np.array([len(d) for d in days]) * per_day)
    evening = bernoulli(rng, [s.evening_share for s in sec_of])
    night = bernoulli(rng, [s.night_share for s in sec_of])
    phys = 1 + categorical(rng, [s.physical_load for s in sec_of])
    ment = 1 + categorical(rng, [s.mental_load for s in sec_of])
    quiet_p = np.array([s.quiet_workspace for s in sec_of])
    quiet_p = np.clip(quiet_p + np.where(op, 0.15, 0.0)[:, None] * [0.0, 1.0, -1.0], 0.0, 1.0)
    quiet = facilities(rng, quiet_p)
    adjust = facilities(rng, [s.adjustable_workplace for s in sec_of])
    predictable = bernoulli(rng, [s.predictable_share for s in sec_of] + np.where(op, 0.15, 0.0))
    flexible = bernoulli(rng, [s.flexible_share for s in sec_of] + np.where(op, 0.15, 0.0))
    breaks = bernoulli(rng, np.where(op, 0.50, 0.30))
    vog = bernoulli(rng, [s.vog_share for s in sec_of])
    leerweg = categorical(rng, np.tile([0.70, 0.20, 0.10], (n_places, 1)))
    lw = (PlaceLeerweg.BOTH, PlaceLeerweg.BOL, PlaceLeerweg.BBL)
    niv = np.where(quals, QUAL_NIVEAU[None, :], 0)
    niv_max = niv.max(axis=1)
    niv_min = np.where(quals, QUAL_NIVEAU[None, :], 9).min(axis=1)
    codes = [q.code for q in QUALIFICATIONS]
    ids = _ids(prefix, "p", n_places, 5)
    places = tuple(
        Place(
            place_id=PlaceId(ids[i]),
            company_id=companies[owner[i]].company_id,
            crebos=frozenset(codes[j] for j in np.flatnonzero(quals[i]).tolist()),
            niveau_min=int(niv_min[i]),
            niveau_max=int(niv_max[i]),
            leerweg=lw[leerweg[i]],
            capacity=int(capacity[i]),
            hours_min=float(min(hours_min[i], hours_max[i])),
            hours_max=float(hours_max[i]),
            max_hours_per_day=float(per_day[i]),
            work_days=days[i],
            evening_work=bool(evening[i]),
            night_work=bool(night[i]),
            physical_load=int(phys[i]),
            mental_load=int(ment[i]),
            quiet_workspace=quiet[i],
            adjustable_workplace=adjust[i],
            predictable_schedule=bool(predictable[i]),
            flexible_hours=bool(flexible[i]),
            extra_breaks=bool(breaks[i]),
            vog_required=bool(vog[i]),
        )
        for i in range(n_places)
    )
    lat = np.array([c.location.lat for c in companies])[owner]
    lon = np.array([c.location.lon for c in companies])[owner]
    return Supply(
        companies, places, lat, lon, c_loc.region[owner], c_loc.town[owner], quals, capacity
    )
