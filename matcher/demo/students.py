"""Demo students: where they live, what they follow, what they need and how they travel."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from matcher.demo.locations import Located
from matcher.demo.names import person_names
from matcher.demo.needs import NIVEAU_P, Needs, draw_needs
from matcher.demo.sampling import bernoulli, categorical, nearest
from matcher.demo.sectors import QUALIFICATIONS, SECTOR_BY_KEY
from matcher.demo.supply import QUAL_NIVEAU, Supply
from matcher.demo.towns import TownArrays
from matcher.domain import (
    WEEKDAYS,
    Day,
    GeoPoint,
    Leerweg,
    Niveau,
    PlaceId,
    Student,
    StudentId,
    TravelMode,
)
from matcher.geo import haversine_km

MINOR_SHARE = 0.35
ADULT_AGE_P = (0.30, 0.22, 0.16, 0.12, 0.09, 0.06, 0.05)  # ages 18..24
LOCAL_SHARE = 0.85  # share of a student's crebo choice that follows the places near home
LOCAL_KM = 5.0
PREFERENCE_SHARE = 0.3
LINT_SHARE = 0.35  # bol students on a lintstage: 2-3 BPV days a week (domain.md §9)
MODES = (TravelMode.OV, TravelMode.FIETS, TravelMode.AUTO, TravelMode.LOPEN, TravelMode.TAXI)
MAX_TRAVEL = {  # one-way minutes a student accepts, per mode (assumption, domain.md §9)
    TravelMode.OV: (30, 35, 40, 45, 50, 60),
    TravelMode.FIETS: (20, 25, 30, 35, 40, 45),
    TravelMode.AUTO: (25, 30, 35, 40, 45),
    TravelMode.LOPEN: (20, 25, 30),
    TravelMode.TAXI: (30, 35, 40, 45),
}


def birth_dates(rng: np.random.Generator, n: int, on: date) -> list[date]:
    """Birth dates giving ages 16-24 on ``on``, about MINOR_SHARE of them 16 or 17."""
    minor = bernoulli(rng, np.full(n, MINOR_SHARE))
    adult_age = 18 + categorical(rng, np.tile(ADULT_AGE_P, (n, 1)))
    age = np.where(minor, 16 + rng.integers(0, 2, n), adult_age)
    back = rng.integers(1, 365, n)  # days before the last birthday: keeps the age exact
    anchor = on.replace(day=28) if (on.month, on.day) == (2, 29) else on
    return [
        anchor.replace(year=anchor.year - int(a)) - timedelta(days=int(b))
        for a, b in zip(age, back, strict=True)
    ]


def local_supply(supply: Supply, towns: TownArrays) -> NDArray[np.float64]:
    """Towns x qualifications: seats nearby, weighted exp(-d / LOCAL_KM) and cut at 3 x LOCAL_KM."""
    seats = np.zeros((towns.lat.size, len(QUALIFICATIONS)))
    np.add.at(seats, supply.place_town, supply.place_quals * supply.place_capacity[:, None])
    used = np.flatnonzero(seats.sum(axis=1) > 0)
    dist = haversine_km(towns.lat[:, None], towns.lon[:, None], towns.lat[used], towns.lon[used])
    kernel = np.where(dist <= 3 * LOCAL_KM, np.exp(-dist / LOCAL_KM), 0.0)
    return kernel @ seats[used]


def choose_crebos(
    rng: np.random.Generator,
    town: NDArray[np.int64],
    niveau: NDArray[np.int64],
    supply: Supply,
    towns: TownArrays,
) -> NDArray[np.int64]:
    """Qualification index per student: mostly what is offered near home, partly national."""
    local = local_supply(supply, towns)
    count = supply.place_quals.sum(axis=0)
    national = (supply.place_quals * supply.place_capacity[:, None]).sum(axis=0)
    out = np.zeros(town.size, dtype=np.int64)
    for lvl in range(1, 5):
        cand = (lvl == QUAL_NIVEAU) & (count > 0)
        cand = cand if cand.any() else count > 0
        cand = cand & (count >= 3) if (cand & (count >= 3)).any() else cand
        nat = national * cand / (national * cand).sum()
        at_level = niveau == lvl
        for t in np.unique(town[at_level]).tolist():
            who = np.flatnonzero(at_level & (town == t))
            near = local[t] * cand
            p = (
                LOCAL_SHARE * (near / near.sum() if near.sum() > 0 else nat)
                + (1 - LOCAL_SHARE) * nat
            )
            out[who] = rng.choice(len(QUALIFICATIONS), size=who.size, p=p / p.sum())
    return out


def preferences(
    rng: np.random.Generator,
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    qual: NDArray[np.int64],
    supply: Supply,
) -> list[tuple[PlaceId, ...]]:
    """For about PREFERENCE_SHARE of students, 1-3 places of their crebo near home, best first."""
    out: list[tuple[PlaceId, ...]] = [() for _ in range(qual.size)]
    wants = bernoulli(rng, np.full(qual.size, PREFERENCE_SHARE))
    for q in np.unique(qual[wants]).tolist():
        who = np.flatnonzero(wants & (qual == q))
        offer = np.flatnonzero(supply.place_quals[:, q])
        dist = haversine_km(
            lat[who, None], lon[who, None], supply.place_lat[offer], supply.place_lon[offer]
        )
        k = min(8, offer.size)
        near = nearest(dist, k)
        for row, s in enumerate(who.tolist()):
            m = min(k, int(rng.integers(1, 4)))
            picked = np.sort(rng.choice(k, size=m, replace=False))
            out[s] = tuple(supply.places[offer[near[row, j]]].place_id for j in picked.tolist())
    return out


def _travel(
    rng: np.random.Generator, adult: NDArray[np.bool_], needs: Needs
) -> tuple[list[TravelMode], NDArray[np.int64]]:
    n = adult.size
    wheel = needs.flags["wheelchair"]
    probs = np.where(adult[:, None], [0.48, 0.30, 0.20, 0.02, 0.0], [0.55, 0.43, 0.0, 0.02, 0.0])
    probs = np.where(
        wheel[:, None],
        np.where(adult[:, None], [0.35, 0, 0.2, 0, 0.45], [0.5, 0, 0, 0, 0.5]),
        probs,
    )
    mode_idx = categorical(rng, probs)
    u = rng.random(n)
    minutes = np.array(
        [
            MAX_TRAVEL[MODES[m]][int(x * len(MAX_TRAVEL[MODES[m]]))]
            for m, x in zip(mode_idx.tolist(), u.tolist(), strict=True)
        ]
    )
    minutes = np.where(
        needs.support & (minutes >= 35) & bernoulli(rng, np.full(n, 0.3)), minutes - 10, minutes
    )
    return [MODES[m] for m in mode_idx.tolist()], minutes


def _hours(
    rng: np.random.Generator, bbl: NDArray[np.bool_], needs: Needs, n_days: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weekly BPV hours (bbl, lint or blok; less when reduced) and the longest day a student can do.

    The weekly hours never exceed what the student's own days and day length allow.
    """
    n = bbl.size
    reduced = needs.flags["reduced_hours"]
    lint = ~bbl & bernoulli(rng, np.full(n, LINT_SHARE))
    hours = np.where(bbl, rng.choice([24, 28, 32], n), rng.choice([32, 32, 32, 36, 36, 40], n))
    hours = np.where(lint, rng.choice([16, 24], n), hours)
    hours = np.where(reduced, rng.choice([12, 16, 20, 24], n), hours)
    per_day = np.where(
        reduced, rng.choice([4.0, 5.0, 6.0], n), np.where(needs.flags["spoons"], 6.0, 8.0)
    )
    return np.minimum(hours, 2 * (n_days * per_day // 2)).astype(np.float64), per_day


def generate_students(
    rng: np.random.Generator,
    located: Located,
    supply: Supply,
    towns: TownArrays,
    *,
    on: date,
    prefix: str = "",
) -> tuple[Student, ...]:
    """Students living at ``located``, with crebos drawn to roughly match the regional supply."""
    n = located.region.size
    births = birth_dates(rng, n, on)
    adult = np.array(
        [(on.year - b.year - ((on.month, on.day) < (b.month, b.day))) >= 18 for b in births],
        dtype=bool,
    )
    niveau = 1 + categorical(rng, np.tile(NIVEAU_P, (n, 1)))
    qual = choose_crebos(rng, located.town, niveau, supply, towns)
    niveau = QUAL_NIVEAU[qual]
    needs = draw_needs(rng, niveau)
    bbl = bernoulli(rng, np.where(adult, 0.34, 0.08))
    sector = [SECTOR_BY_KEY[QUALIFICATIONS[q].sector] for q in qual.tolist()]
    sat = bernoulli(rng, [0.1 + 0.8 * s.saturday_share for s in sector])
    sun = bernoulli(rng, [0.7 * s.sunday_share for s in sector]) & sat
    hours, per_day = _hours(rng, bbl, needs, 5 + sat + sun)
    modes, max_travel = _travel(rng, adult, needs)
    vog = categorical(rng, np.tile([0.75, 0.20, 0.05], (n, 1)))
    priority = bernoulli(rng, np.where(needs.support & (niveau <= 2), 0.20, 0.04))
    prefs = preferences(rng, located.lat, located.lon, qual, supply)
    names = person_names(rng, n)
    width = max(5, len(str(n)))
    f = needs.flags
    return tuple(
        Student(
            student_id=StudentId(f"{prefix}s{i + 1:0{width}d}"),
            name=names[i],
            birth_date=births[i],
            location=GeoPoint(float(located.lat[i]), float(located.lon[i])),
            crebo=QUALIFICATIONS[qual[i]].code,
            niveau=Niveau(int(niveau[i])),
            leerweg=Leerweg.BBL if bbl[i] else Leerweg.BOL,
            hours_per_week=float(hours[i]),
            max_hours_per_day=float(per_day[i]),
            days_available=WEEKDAYS
            | ({Day.ZA} if sat[i] else set())
            | ({Day.ZO} if sun[i] else set()),
            travel_mode=modes[i],
            max_travel_minutes=int(max_travel[i]),
            physical_capacity=int(needs.physical_capacity[i]),
            mental_capacity=int(needs.mental_capacity[i]),
            stimulus_sensitivity=int(needs.stimulus[i]),
            social_support_need=int(needs.social[i]),
            guidance_hours_per_week=float(needs.guidance[i]),
            needs_wheelchair_access=bool(f["wheelchair"][i]),
            needs_adapted_toilet=bool(needs.adapted_toilet[i]),
            needs_adjustable_workplace=bool(f["adjustable"][i]),
            needs_quiet_workspace=bool(f["quiet"][i]),
            needs_predictable_schedule=bool(f["predictable"][i]),
            needs_flexible_hours=bool(f["flexible"][i]),
            needs_extra_breaks=bool(f["breaks"][i]),
            energy_spoons_per_day=None if np.isnan(needs.spoons[i]) else float(needs.spoons[i]),
            support_areas=needs.areas[i],
            has_vog=(True, None, False)[vog[i]],
            preferences=prefs[i],
            priority=bool(priority[i]),
        )
        for i in range(n)
    )
