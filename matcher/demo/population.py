"""A realistic, seeded demo population: students around ROC towns, companies and places.

Everything is drawn from one ``numpy.random.Generator`` built from ``seed``: the same seed and
towns give the same population. Figures are assumptions for test data (domain.md §9); the
qualification codes are examples, not real crebo codes (see ``sectors.EXAMPLE_CODES_NOTE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from matcher.demo.locations import build_regions, pick_regions, sample_locations
from matcher.demo.students import generate_students
from matcher.demo.supply import Supply, generate_supply
from matcher.demo.towns import Town, school_towns, town_arrays
from matcher.domain import Population
from matcher.errors import InvalidInputError, Issue

COMPANIES_PER_STUDENT = 0.25
STUDENTS_PER_REGION = 500  # a small demo covers a few ROC regions, 20,000 students all of them


def generate_population(
    *,
    n_students: int,
    seed: int,
    towns: Sequence[Town],
    places_per_student: float = 2.5,
    on: date,
    companies_per_student: float = COMPANIES_PER_STUDENT,
    id_prefix: str = "",
) -> Population:
    """Students, companies and places; ``on`` is the BPV start that ages are measured at."""
    population, _ = generate_with_supply(
        n_students=n_students,
        seed=seed,
        towns=towns,
        places_per_student=places_per_student,
        on=on,
        companies_per_student=companies_per_student,
        id_prefix=id_prefix,
    )
    return population


def generate_with_supply(
    *,
    n_students: int,
    seed: int,
    towns: Sequence[Town],
    places_per_student: float,
    on: date,
    companies_per_student: float,
    id_prefix: str,
) -> tuple[Population, Supply]:
    """Like ``generate_population``, also returning the place columns (for the history)."""
    _check(n_students, towns, places_per_student, companies_per_student)
    rng = np.random.default_rng(seed)
    town_list = list(towns)
    ta = town_arrays(town_list)
    regions = build_regions(ta, school_towns(town_list))
    regions = pick_regions(rng, regions, -(-n_students // STUDENTS_PER_REGION))
    supply = generate_supply(
        rng,
        town_list,
        ta,
        regions,
        n_companies=max(1, round(n_students * companies_per_student)),
        n_slots=max(1, round(n_students * places_per_student)),
        prefix=id_prefix,
    )
    located = sample_locations(rng, ta, regions, n_students)
    students = generate_students(rng, located, supply, ta, on=on, prefix=id_prefix)
    return Population(students=students, companies=supply.companies, places=supply.places), supply


def _check(n_students: int, towns: Sequence[Town], places: float, companies: float) -> None:
    issues = []
    if n_students < 1:
        issues.append(
            Issue("demo-data", None, "students", "Kies minstens 1 student.", str(n_students))
        )
    if not towns:
        issues.append(Issue("demo-data", None, "towns", "Er is geen lijst met plaatsen."))
    if places <= 0:
        issues.append(
            Issue("demo-data", None, "places", "Kies een aantal plekken boven 0.", str(places))
        )
    if companies <= 0:
        issues.append(
            Issue(
                "demo-data", None, "companies", "Kies een aantal bedrijven boven 0.", str(companies)
            )
        )
    if issues:
        raise InvalidInputError("De instellingen voor de demo-gegevens kloppen niet.", issues)
