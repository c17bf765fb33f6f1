"""Plain factory functions for domain values, and the contract's example set (from examples.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from matcher.domain import (
    Company,
    CompanyId,
    GeoPoint,
    History,
    Leerweg,
    Niveau,
    Outcome,
    OutcomeRecord,
    Place,
    PlaceId,
    Population,
    Student,
    StudentId,
)
from tests.matcher.examples import POPULATION


def make_student(student_id: str = "s001", **overrides: Any) -> Student:
    """A plain student near Utrecht; override any field."""
    base = Student(
        student_id=StudentId(student_id),
        birth_date=date(2006, 5, 1),
        location=GeoPoint(52.0907, 5.1214),
        crebo="10001",
        niveau=Niveau.BASIS,
        leerweg=Leerweg.BOL,
        hours_per_week=24.0,
    )
    return replace(base, **overrides)


def make_company(company_id: str = "c01", **overrides: Any) -> Company:
    """A recognised company in Utrecht; override any field."""
    base = Company(
        company_id=CompanyId(company_id),
        name=f"Bedrijf {company_id}",
        location=GeoPoint(52.0920, 5.1100),
        guidance_hours_per_week=4.0,
    )
    return replace(base, **overrides)


def make_place(place_id: str = "p001", company_id: str = "c01", **overrides: Any) -> Place:
    """A place for crebo 10001 at ``company_id``; override any field."""
    base = Place(
        place_id=PlaceId(place_id), company_id=CompanyId(company_id), crebos=frozenset({"10001"})
    )
    return replace(base, **overrides)


def example_population() -> Population:
    """The contract's example set as one population, with a sector on c02 (contract extension)."""
    companies = tuple(
        replace(c, sector="zorg") if c.company_id == "c02" else c for c in POPULATION.companies
    )
    return replace(POPULATION, companies=companies)


def example_history() -> History:
    """The contract's example history: the same profiles and two outcomes."""
    return History(
        population=example_population(),
        outcomes=(
            OutcomeRecord(StudentId("s003"), PlaceId("p004"), Outcome.AFGEBROKEN),
            OutcomeRecord(StudentId("s004"), PlaceId("p003"), Outcome.SUCCESVOL),
        ),
    )
