"""A demo outcome history: one past placement per student, outcome drawn from the ground truth.

The history population is generated like the demo population but with its own ids (prefix
"h"). Each student gets one plausible past placement: a place of the student's crebo, drawn
among the ten nearest that accept the student's leerweg, are at a recognised company, do not
ask for a VOG the student cannot get, do not lack wheelchair access the student needs and are
within 1.2 x the student's maximum travel time (nearer places more likely, weight 1 / rank;
each check is dropped for a student it would leave without any place). Loads, quiet
workspace, guidance and the like are NOT checked: past matching was done by hand, so the
history holds good and poor fits. The
outcome is then drawn from the model in ``matcher.demo.ground_truth`` (documented there and in
docs/ground_truth.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matcher.demo.ground_truth import GroundTruth, culture_of
from matcher.demo.population import COMPANIES_PER_STUDENT, generate_with_supply
from matcher.demo.sampling import nearest
from matcher.demo.sectors import QUALIFICATIONS
from matcher.demo.supply import Supply
from matcher.demo.towns import Town
from matcher.domain import (
    CompanyId,
    Facility,
    History,
    Outcome,
    OutcomeRecord,
    PlaceLeerweg,
    Population,
    TravelMode,
    age_on,
)
from matcher.geo import haversine_km
from matcher.travel import EstimatedTravelTime

HISTORY_PREFIX = "h"
NEAREST = 10
HISTORY_YEARS = 2  # the placements are spread over two school years (guidance is shared per year)
TRAVEL_SLACK = 1.2  # a bureau sometimes stretched the maximum travel time a little
OUTCOME_STREAM = 7  # second entropy word: outcomes use their own stream of the seed


def generate_history(
    *, n_students: int, seed: int, towns: Sequence[Town], on: date
) -> tuple[History, GroundTruth]:
    """A history set of ``n_students`` past placements (BPV start ``on``) and its ground truth."""
    population, supply = generate_with_supply(
        n_students=n_students,
        seed=seed,
        towns=towns,
        places_per_student=2.5,
        on=on,
        companies_per_student=COMPANIES_PER_STUDENT,
        id_prefix=HISTORY_PREFIX,
    )
    rng = np.random.default_rng([seed, OUTCOME_STREAM])
    chosen = choose_places(rng, population, supply)
    truth = GroundTruth(culture=culture_of(population.companies, rng))
    travel = travel_minutes(population, supply, chosen)
    outcomes = draw_outcomes(rng, population, chosen, travel, truth, on=on)
    return History(population=population, outcomes=outcomes), truth


def _eligible(
    population: Population, who: NDArray[np.int64], offer: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Students x places: the plausibility checks a bureau would have made by hand."""
    companies = population.company_by_id()
    places = [population.places[j] for j in offer.tolist()]
    owners = [companies[p.company_id] for p in places]
    students = [population.students[i] for i in who.tolist()]
    bbl = np.array([s.leerweg.value == "bbl" for s in students])
    no_vog = np.array([s.has_vog is False for s in students])
    wheel = np.array([s.needs_wheelchair_access for s in students])
    p_bol = np.array([p.leerweg is not PlaceLeerweg.BBL for p in places])
    p_bbl = np.array([p.leerweg is not PlaceLeerweg.BOL for p in places])
    p_vog = np.array([p.vog_required for p in places])
    p_ok = np.array([c.sbb_recognized for c in owners])
    p_nowheel = np.array([c.wheelchair_access is Facility.NO for c in owners])
    leerweg_ok = np.where(bbl[:, None], p_bbl[None, :], p_bol[None, :])
    out: NDArray[np.bool_] = (
        leerweg_ok
        & p_ok[None, :]
        & ~(no_vog[:, None] & p_vog[None, :])
        & ~(wheel[:, None] & p_nowheel[None, :])
    )
    return out


def _minutes(
    population: Population, who: NDArray[np.int64], dist: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Students x places travel minutes, each student with their own mode."""
    speeds = EstimatedTravelTime().speeds
    mode = [speeds[population.students[i].travel_mode] for i in who.tolist()]
    factor = np.array([m.detour / m.speed_kmh * 60.0 for m in mode])
    overhead = np.array([m.overhead_min for m in mode])
    out: NDArray[np.float64] = dist * factor[:, None] + overhead[:, None]
    return out


def choose_places(
    rng: np.random.Generator, population: Population, supply: Supply
) -> NDArray[np.int64]:
    """Index of one plausible past place per student (see the module docstring)."""
    students = population.students
    lat = np.array([s.location.lat for s in students])
    lon = np.array([s.location.lon for s in students])
    code_index = {q.code: i for i, q in enumerate(QUALIFICATIONS)}
    qual = np.array([code_index[s.crebo] for s in students])
    max_travel = np.array([s.max_travel_minutes for s in students], dtype=np.float64)
    chosen = np.zeros(len(students), dtype=np.int64)
    for q in np.unique(qual).tolist():
        who = np.flatnonzero(qual == q)
        offer = np.flatnonzero(supply.place_quals[:, q])
        dist = haversine_km(
            lat[who, None], lon[who, None], supply.place_lat[offer], supply.place_lon[offer]
        )
        ok = _eligible(population, who, offer)
        near_enough = ok & (_minutes(population, who, dist) <= TRAVEL_SLACK * max_travel[who, None])
        ok = np.where(near_enough.any(axis=1, keepdims=True), near_enough, ok)
        ok |= ~ok.any(axis=1, keepdims=True)  # nothing plausible: any place of the crebo
        dist = np.where(ok, dist, np.inf)
        k = min(NEAREST, offer.size)
        near = nearest(dist, k)
        finite = np.isfinite(np.take_along_axis(dist, near, axis=1))
        weight = finite / np.arange(1, k + 1)[None, :]
        cum = np.cumsum(weight, axis=1)
        pick = (rng.random(who.size)[:, None] * cum[:, -1:] >= cum).sum(axis=1)
        chosen[who] = offer[near[np.arange(who.size), np.minimum(pick, k - 1)]]
    return chosen


@dataclass(frozen=True)
class _PlaceCoordinates:
    place_lat: NDArray[np.float64]
    place_lon: NDArray[np.float64]


def travel_minutes(
    population: Population, supply: Supply | _PlaceCoordinates, chosen: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Estimated one-way minutes from each student's home to the chosen place."""
    students = population.students
    lat = np.array([s.location.lat for s in students])
    lon = np.array([s.location.lon for s in students])
    dist = haversine_km(lat, lon, supply.place_lat[chosen], supply.place_lon[chosen])
    modes = np.array([s.travel_mode.value for s in students])
    out = np.zeros(len(students))
    estimate = EstimatedTravelTime()
    for mode in TravelMode:
        hit = modes == mode.value
        out[hit] = estimate.minutes(mode, dist[hit])
    return out


def success_probabilities(
    population: Population,
    chosen: NDArray[np.int64],
    travel: NDArray[np.float64],
    truth: GroundTruth,
    *,
    on: date,
) -> NDArray[np.float64]:
    """P(succesvol) under the ground truth for each student at their chosen place."""
    companies = population.company_by_id()
    places = [population.places[j] for j in chosen.tolist()]
    placed = Counter(p.company_id for p in places)
    out = np.zeros(len(places))
    for i, (student, place) in enumerate(zip(population.students, places, strict=True)):
        company = companies[place.company_id]
        out[i] = truth.success_probability(
            student,
            place,
            company,
            travel_minutes=float(travel[i]),
            guidance_share=company.guidance_hours_per_week
            * HISTORY_YEARS
            / placed[place.company_id],
            minor=age_on(student.birth_date, on) < 18,
        )
    return out


def oracle_probabilities(history: History, truth: GroundTruth, *, on: date) -> NDArray[np.float64]:
    """P(succesvol) of every outcome record under the ground truth: the best any model can do.

    Expects a history made by ``generate_history`` (one record per student, in student order).
    """
    population = history.population
    index = {p.place_id: j for j, p in enumerate(population.places)}
    chosen = np.array([index[o.place_id] for o in history.outcomes], dtype=np.int64)
    lat = np.array([c.location.lat for c in population.companies])
    lon = np.array([c.location.lon for c in population.companies])
    owner = {c.company_id: k for k, c in enumerate(population.companies)}
    at = np.array([owner[p.company_id] for p in population.places])
    supply_like = _PlaceCoordinates(place_lat=lat[at], place_lon=lon[at])
    travel = travel_minutes(population, supply_like, chosen)
    return success_probabilities(population, chosen, travel, truth, on=on)


def draw_outcomes(
    rng: np.random.Generator,
    population: Population,
    chosen: NDArray[np.int64],
    travel: NDArray[np.float64],
    truth: GroundTruth,
    *,
    on: date,
) -> tuple[OutcomeRecord, ...]:
    """One outcome per student, drawn from the ground truth."""
    companies = population.company_by_id()
    probs = success_probabilities(population, chosen, travel, truth, on=on)
    u = rng.random((2, len(chosen)))
    records = []
    for i, student in enumerate(population.students):
        place = population.places[int(chosen[i])]
        if u[0, i] < probs[i]:
            outcome = Outcome.SUCCESVOL
        else:
            gap = max(0, student.social_support_need - companies[place.company_id].social_openness)
            minor = age_on(student.birth_date, on) < 18
            over = float(travel[i]) > student.max_travel_minutes
            abort = truth.abort_probability(minor=minor, over_max_travel=over, social_gap=gap)
            outcome = Outcome.AFGEBROKEN if u[1, i] < abort else Outcome.NIET_SUCCESVOL
        records.append(OutcomeRecord(student.student_id, place.place_id, outcome))
    return tuple(records)


def pair_success_probabilities(
    population: Population,
    s_idx: NDArray[np.int64],
    p_idx: NDArray[np.int64],
    truth: GroundTruth,
    *,
    on: date,
    years: int = 1,
    placed: Mapping[CompanyId, int] | None = None,
) -> NDArray[np.float64]:
    """P(succesvol) under the ground truth for the chosen (student, place) pairs of one round.

    The same model as the history: travel from home to the company with the student's own mode,
    guidance share = the company's hours x ``years`` / the students placed there (``placed``,
    by default counted in these pairs). Used by benchmarks/bench_learning.py to count a round's
    expected successful BPVs.
    """
    companies = population.company_by_id()
    places = [population.places[j] for j in p_idx.tolist()]
    students = [population.students[i] for i in s_idx.tolist()]
    if placed is None:
        placed = Counter(p.company_id for p in places)
    owners = [companies[p.company_id] for p in places]
    dist = haversine_km(
        np.array([s.location.lat for s in students]),
        np.array([s.location.lon for s in students]),
        np.array([c.location.lat for c in owners]),
        np.array([c.location.lon for c in owners]),
    )
    estimate = EstimatedTravelTime()
    out = np.zeros(len(places))
    for i, (student, place, company) in enumerate(zip(students, places, owners, strict=True)):
        minutes = float(estimate.minutes(student.travel_mode, np.array([dist[i]]))[0])
        out[i] = truth.success_probability(
            student,
            place,
            company,
            travel_minutes=minutes,
            guidance_share=company.guidance_hours_per_week
            * years
            / max(1, placed.get(place.company_id, 1)),
            minor=age_on(student.birth_date, on) < 18,
        )
    return out
