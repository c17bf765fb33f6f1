"""Plain factory functions for domain values, and the contract's example set as domain objects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from matcher.domain import (
    Company,
    CompanyId,
    Day,
    Facility,
    GeoPoint,
    History,
    Leerweg,
    Niveau,
    Outcome,
    OutcomeRecord,
    Place,
    PlaceId,
    PlaceLeerweg,
    Population,
    Student,
    StudentId,
    SupportArea,
    TravelMode,
)

MA, DI, WO, DO, VR, ZA, ZO = Day


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


def _student(
    sid: str,
    name: str,
    born: date,
    lat: float,
    lon: float,
    crebo: str,
    niveau: int,
    leerweg: str,
    hours: float,
    **rest: Any,
) -> Student:
    return Student(
        student_id=StudentId(sid),
        name=name,
        birth_date=born,
        location=GeoPoint(lat, lon),
        crebo=crebo,
        niveau=Niveau(niveau),
        leerweg=Leerweg(leerweg),
        hours_per_week=hours,
        **rest,
    )


def example_students() -> tuple[Student, ...]:
    """The five students of the contract's examples/students.csv."""
    s = SupportArea
    return (
        _student(
            "s001",
            "Joshua",
            date(2008, 3, 14),
            52.1561,
            5.3878,
            "10001",
            2,
            "bol",
            16,
            days_available=frozenset({MA, DI}),
            travel_mode=TravelMode.FIETS,
            max_travel_minutes=30,
            physical_capacity=4,
            mental_capacity=3,
            stimulus_sensitivity=3,
            social_support_need=1,
            guidance_hours_per_week=2,
            needs_quiet_workspace=True,
            needs_predictable_schedule=True,
            support_areas=frozenset({s.PRIKKELS, s.STRUCTUUR}),
            preferences=(PlaceId("p003"),),
            priority=True,
        ),
        _student(
            "s002",
            "Rowina",
            date(2005, 9, 2),
            52.5168,
            6.0830,
            "10002",
            3,
            "bol",
            24,
            max_hours_per_day=6,
            days_available=frozenset({MA, DI, WO, DO}),
            physical_capacity=2,
            mental_capacity=4,
            stimulus_sensitivity=0,
            social_support_need=1,
            guidance_hours_per_week=1,
            needs_wheelchair_access=True,
            needs_adapted_toilet=True,
            needs_adjustable_workplace=True,
            needs_flexible_hours=True,
            needs_extra_breaks=True,
            energy_spoons_per_day=20,
            support_areas=frozenset({s.MOBILITEIT, s.ENERGIE}),
            has_vog=True,
        ),
        _student(
            "s003",
            "Marit",
            date(2006, 11, 20),
            51.9244,
            4.4777,
            "10003",
            2,
            "bbl",
            32,
            max_travel_minutes=40,
            physical_capacity=4,
            mental_capacity=4,
            stimulus_sensitivity=1,
            social_support_need=2,
            guidance_hours_per_week=1.5,
            support_areas=frozenset({s.COMMUNICATIE}),
            preferences=(PlaceId("p004"), PlaceId("p002")),
        ),
        _student(
            "s004",
            "Daan",
            date(2009, 1, 30),
            52.0907,
            5.1214,
            "10001",
            1,
            "bol",
            12,
            max_hours_per_day=6,
            days_available=frozenset({WO, DO}),
            travel_mode=TravelMode.FIETS,
            max_travel_minutes=25,
            physical_capacity=5,
            mental_capacity=2,
            stimulus_sensitivity=1,
            social_support_need=3,
            guidance_hours_per_week=3,
            needs_predictable_schedule=True,
            needs_extra_breaks=True,
            support_areas=frozenset({s.STRUCTUUR, s.TAAL}),
            priority=True,
        ),
        _student(
            "s005",
            "Pien",
            date(2004, 6, 11),
            52.2550,
            6.1639,
            "10002",
            4,
            "bol",
            24,
            max_hours_per_day=6,
            travel_mode=TravelMode.AUTO,
            max_travel_minutes=50,
            physical_capacity=2,
            mental_capacity=3,
            stimulus_sensitivity=0,
            social_support_need=0,
            guidance_hours_per_week=1,
            needs_adjustable_workplace=True,
            needs_flexible_hours=True,
            needs_extra_breaks=True,
            energy_spoons_per_day=16,
            support_areas=frozenset({s.ENERGIE}),
            has_vog=True,
        ),
    )


def example_companies() -> tuple[Company, ...]:
    """The four companies of the contract's examples/companies.csv."""
    s, f = SupportArea, Facility
    return (
        Company(
            CompanyId("c01"),
            "Garage De Eem",
            GeoPoint(52.1590, 5.3920),
            4,
            open_to_extra_support=True,
            max_support_students=2,
            social_openness=3,
            expertise_areas=frozenset({s.PRIKKELS, s.STRUCTUUR}),
        ),
        Company(
            CompanyId("c02"),
            "Zorgcentrum Het Baken",
            GeoPoint(52.5100, 6.0900),
            6,
            open_to_extra_support=True,
            max_support_students=3,
            social_openness=2,
            expertise_areas=frozenset({s.MOBILITEIT, s.ENERGIE}),
            wheelchair_access=f.YES,
            adapted_toilet=f.YES,
            sector="zorg",
        ),
        Company(
            CompanyId("c03"),
            "Logistiek Maasvlakte",
            GeoPoint(51.9500, 4.3800),
            3,
            social_openness=1,
            wheelchair_access=f.ARRANGEABLE,
        ),
        Company(
            CompanyId("c04"),
            "Gemeente Utrecht",
            GeoPoint(52.0920, 5.1100),
            5,
            open_to_extra_support=True,
            max_support_students=2,
            social_openness=3,
            expertise_areas=frozenset({s.TAAL, s.COMMUNICATIE, s.STRUCTUUR}),
            wheelchair_access=f.YES,
            adapted_toilet=f.YES,
        ),
    )


def example_places() -> tuple[Place, ...]:
    """The four places of the contract's examples/places.csv."""
    f, pl = Facility, PlaceLeerweg
    return (
        Place(
            PlaceId("p001"),
            CompanyId("c01"),
            frozenset({"10001"}),
            1,
            3,
            pl.BOTH,
            2,
            8,
            32,
            8,
            frozenset({MA, DI, WO, DO, VR}),
            physical_load=4,
            mental_load=2,
            quiet_workspace=f.ARRANGEABLE,
            predictable_schedule=True,
            extra_breaks=True,
        ),
        Place(
            PlaceId("p002"),
            CompanyId("c02"),
            frozenset({"10002", "10003"}),
            2,
            4,
            pl.BOL,
            2,
            16,
            36,
            8,
            frozenset(Day),
            evening_work=True,
            physical_load=2,
            mental_load=3,
            quiet_workspace=f.YES,
            adjustable_workplace=f.YES,
            predictable_schedule=True,
            flexible_hours=True,
            extra_breaks=True,
            vog_required=True,
        ),
        Place(
            PlaceId("p003"),
            CompanyId("c04"),
            frozenset({"10001", "10003"}),
            1,
            4,
            pl.BOTH,
            1,
            8,
            24,
            8,
            frozenset({MA, DI, WO, DO}),
            physical_load=1,
            mental_load=2,
            quiet_workspace=f.YES,
            adjustable_workplace=f.ARRANGEABLE,
            predictable_schedule=True,
            flexible_hours=True,
            extra_breaks=True,
        ),
        Place(
            PlaceId("p004"),
            CompanyId("c03"),
            frozenset({"10003"}),
            2,
            4,
            pl.BBL,
            3,
            24,
            40,
            9,
            frozenset({MA, DI, WO, DO, VR, ZA}),
            evening_work=True,
            night_work=True,
            physical_load=5,
            mental_load=4,
        ),
    )


def example_population() -> Population:
    """The contract's example set as one population."""
    return Population(example_students(), example_companies(), example_places())


def example_history() -> History:
    """The contract's example history: the same profiles and two outcomes."""
    return History(
        population=example_population(),
        outcomes=(
            OutcomeRecord(StudentId("s003"), PlaceId("p004"), Outcome.AFGEBROKEN),
            OutcomeRecord(StudentId("s004"), PlaceId("p003"), Outcome.SUCCESVOL),
        ),
    )
