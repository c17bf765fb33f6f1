"""A round's selection and policy: stored as JSON, turned into a population and a RoundPolicy."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from matcher import TERM_NAMES, RoundPolicy, ScoringPolicy, TermWeights
from matcher.domain import Population
from matcher.errors import InvalidInputError, Issue
from matcher.geo import haversine_km

# Places this far outside a region's circle still count: students near the edge travel out.
PLACE_MARGIN_KM = 25.0
# ``rematch`` and ``excluded_places`` (student -> places already tried) only come from a
# re-match round (adapters/flows/rounds/rematch.py), never from the round form.
FILTER_KEYS = frozenset({"crebo", "niveau", "region", "student_ids", "rematch", "excluded_places"})
POLICY_NUMBERS = ("priority_weight", "low_niveau_weight", "min_score", "time_limit_s")
POLICY_FLAGS = ("use_guidance_budget", "use_max_support", "strict_personal_day_max")


def _problem(field: str, reason: str) -> InvalidInputError:
    return InvalidInputError(
        f"Controleer de ronde: {field} {reason}.", issues=[Issue("ronde", None, field, reason)]
    )


def check_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters when they are usable; an InvalidInputError naming the field otherwise."""
    unknown = sorted(set(filters) - FILTER_KEYS)
    if unknown:
        raise _problem(f"filters.{unknown[0]}", "is onbekend")
    region = filters.get("region")
    if region is not None:
        for key in ("lat", "lon", "radius_km"):
            if not isinstance(region.get(key), int | float):
                raise _problem(f"filters.region.{key}", "moet een getal zijn")
        if region["radius_km"] <= 0:
            raise _problem("filters.region.radius_km", "moet groter dan 0 zijn")
    return filters


def select_population(population: Population, filters: dict[str, Any]) -> Population:
    """The students and places of the population that the round's filters select."""
    check_filters(filters)
    students = population.students
    places = population.places
    if ids := filters.get("student_ids"):
        wanted = set(ids)
        students = tuple(s for s in students if s.student_id in wanted)
    if crebos := filters.get("crebo"):
        chosen = set(crebos)
        students = tuple(s for s in students if s.crebo in chosen)
        places = tuple(p for p in places if p.crebos & chosen)
    if niveaus := filters.get("niveau"):
        levels = {int(n) for n in niveaus}
        students = tuple(s for s in students if int(s.niveau) in levels)
        places = tuple(p for p in places if any(p.niveau_min <= n <= p.niveau_max for n in levels))
    if region := filters.get("region"):
        students, places = _in_region(population, students, places, region)
    used = {p.company_id for p in places}
    companies = tuple(c for c in population.companies if c.company_id in used)
    return Population(students=students, companies=companies, places=places)


def _in_region(
    population: Population, students: tuple[Any, ...], places: tuple[Any, ...], region: dict
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    lat, lon, radius = float(region["lat"]), float(region["lon"]), float(region["radius_km"])
    if students:
        s_lat = np.array([s.location.lat for s in students])
        s_lon = np.array([s.location.lon for s in students])
        keep = haversine_km(s_lat, s_lon, lat, lon) <= radius
        students = tuple(s for s, k in zip(students, keep.tolist(), strict=True) if k)
    if places:
        companies = population.company_by_id()
        points = [population.place_location(p, companies) for p in places]
        d = haversine_km([q.lat for q in points], [q.lon for q in points], lat, lon)
        keep = d <= radius + PLACE_MARGIN_KM
        places = tuple(p for p, k in zip(places, keep.tolist(), strict=True) if k)
    return students, places


def check_policy(policy: dict[str, Any]) -> dict[str, Any]:
    """The policy when it is usable; an InvalidInputError naming the field otherwise."""
    allowed = {"weights", *POLICY_NUMBERS, *POLICY_FLAGS}
    unknown = sorted(set(policy) - allowed)
    if unknown:
        raise _problem(f"policy.{unknown[0]}", "is onbekend")
    for name, value in (policy.get("weights") or {}).items():
        if name not in TERM_NAMES:
            raise _problem(f"policy.weights.{name}", "is onbekend")
        if not isinstance(value, int | float) or value < 0:
            raise _problem(f"policy.weights.{name}", "moet een getal van 0 of meer zijn")
    for name in POLICY_NUMBERS:
        value = policy.get(name)
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise _problem(f"policy.{name}", "moet een getal van 0 of meer zijn")
    return policy


def round_policy(policy: dict[str, Any], *, time_limit_s: float, workers: int) -> RoundPolicy:
    """The RoundPolicy a stored policy describes (defaults for what it leaves out)."""
    check_policy(policy)
    weights = replace(TermWeights(), **(policy.get("weights") or {}))
    base = RoundPolicy(scoring=replace(ScoringPolicy(), weights=weights))
    plain = {k: policy[k] for k in (*POLICY_NUMBERS[:3], *POLICY_FLAGS) if k in policy}
    for key in ("priority_weight", "low_niveau_weight"):
        if key in plain:
            plain[key] = int(plain[key])
    limit = float(policy.get("time_limit_s") or time_limit_s)
    return replace(base, **plain).with_limits(
        time_limit_s=min(limit, time_limit_s), workers=workers
    )
