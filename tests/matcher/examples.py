"""The shared contract examples (tests/data/contract_examples) as domain objects, plus builders.

Built by hand so the core's tests do not depend on the CSV reader. Keep in step with the CSVs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from matcher.domain import (
    WEEKDAYS,
    Company,
    CompanyId,
    Day,
    Facility,
    GeoPoint,
    Leerweg,
    Niveau,
    Place,
    PlaceId,
    PlaceLeerweg,
    Population,
    Student,
    StudentId,
    SupportArea,
    TravelMode,
)

BPV_START = date(2025, 9, 1)
D = Day
SA = SupportArea
YES, ARR, NO = Facility.YES, Facility.ARRANGEABLE, Facility.NO


def days(text: str) -> frozenset[Day]:
    """'ma;di' -> {MA, DI}."""
    return frozenset(Day(d) for d in text.split(";") if d)


STUDENTS: tuple[Student, ...] = (
    Student(
        StudentId("s001"), date(2008, 3, 14), GeoPoint(52.1561, 5.3878), "10001", Niveau(2),
        Leerweg.BOL, 16, name="Joshua", max_hours_per_day=8, days_available=days("ma;di"),
        travel_mode=TravelMode.FIETS, max_travel_minutes=30, physical_capacity=4,
        mental_capacity=3, stimulus_sensitivity=3, social_support_need=1,
        guidance_hours_per_week=2, needs_quiet_workspace=True, needs_predictable_schedule=True,
        support_areas=frozenset({SA.PRIKKELS, SA.STRUCTUUR}), preferences=(PlaceId("p003"),),
        priority=True,
    ),
    Student(
        StudentId("s002"), date(2005, 9, 2), GeoPoint(52.5168, 6.0830), "10002", Niveau(3),
        Leerweg.BOL, 24, name="Rowina", max_hours_per_day=6,
        days_available=days("ma;di;wo;do"), travel_mode=TravelMode.OV, max_travel_minutes=45,
        physical_capacity=2, mental_capacity=4, stimulus_sensitivity=0, social_support_need=1,
        guidance_hours_per_week=1, needs_wheelchair_access=True, needs_adapted_toilet=True,
        needs_adjustable_workplace=True, needs_flexible_hours=True, needs_extra_breaks=True,
        energy_spoons_per_day=20, support_areas=frozenset({SA.MOBILITEIT, SA.ENERGIE}),
        has_vog=True,
    ),
    Student(
        StudentId("s003"), date(2006, 11, 20), GeoPoint(51.9244, 4.4777), "10003", Niveau(2),
        Leerweg.BBL, 32, name="Marit", max_hours_per_day=8, days_available=WEEKDAYS,
        travel_mode=TravelMode.OV, max_travel_minutes=40, physical_capacity=4,
        mental_capacity=4, stimulus_sensitivity=1, social_support_need=2,
        guidance_hours_per_week=1.5, support_areas=frozenset({SA.COMMUNICATIE}),
        preferences=(PlaceId("p004"), PlaceId("p002")),
    ),
    Student(
        StudentId("s004"), date(2009, 1, 30), GeoPoint(52.0907, 5.1214), "10001", Niveau(1),
        Leerweg.BOL, 12, name="Daan", max_hours_per_day=6, days_available=days("wo;do"),
        travel_mode=TravelMode.FIETS, max_travel_minutes=25, physical_capacity=5,
        mental_capacity=2, stimulus_sensitivity=1, social_support_need=3,
        guidance_hours_per_week=3, needs_predictable_schedule=True, needs_extra_breaks=True,
        support_areas=frozenset({SA.STRUCTUUR, SA.TAAL}), priority=True,
    ),
    Student(
        StudentId("s005"), date(2004, 6, 11), GeoPoint(52.2550, 6.1639), "10002", Niveau(4),
        Leerweg.BOL, 24, name="Pien", max_hours_per_day=6, days_available=WEEKDAYS,
        travel_mode=TravelMode.AUTO, max_travel_minutes=50, physical_capacity=2,
        mental_capacity=3, guidance_hours_per_week=1, needs_adjustable_workplace=True,
        needs_flexible_hours=True, needs_extra_breaks=True, energy_spoons_per_day=16,
        support_areas=frozenset({SA.ENERGIE}), has_vog=True,
    ),
)  # fmt: skip

COMPANIES: tuple[Company, ...] = (
    Company(CompanyId("c01"), "Garage De Eem", GeoPoint(52.1590, 5.3920), 4,
            open_to_extra_support=True, max_support_students=2, social_openness=3,
            expertise_areas=frozenset({SA.PRIKKELS, SA.STRUCTUUR})),
    Company(CompanyId("c02"), "Zorgcentrum Het Baken", GeoPoint(52.5100, 6.0900), 6,
            open_to_extra_support=True, max_support_students=3, social_openness=2,
            expertise_areas=frozenset({SA.MOBILITEIT, SA.ENERGIE}),
            wheelchair_access=YES, adapted_toilet=YES),
    Company(CompanyId("c03"), "Logistiek Maasvlakte", GeoPoint(51.9500, 4.3800), 3,
            social_openness=1, wheelchair_access=ARR),
    Company(CompanyId("c04"), "Gemeente Utrecht", GeoPoint(52.0920, 5.1100), 5,
            open_to_extra_support=True, max_support_students=2, social_openness=3,
            expertise_areas=frozenset({SA.TAAL, SA.COMMUNICATIE, SA.STRUCTUUR}),
            wheelchair_access=YES, adapted_toilet=YES),
)  # fmt: skip

PLACES: tuple[Place, ...] = (
    Place(PlaceId("p001"), CompanyId("c01"), frozenset({"10001"}), 1, 3, PlaceLeerweg.BOTH, 2,
          8, 32, 8, WEEKDAYS, physical_load=4, mental_load=2, quiet_workspace=ARR,
          predictable_schedule=True, extra_breaks=True),
    Place(PlaceId("p002"), CompanyId("c02"), frozenset({"10002", "10003"}), 2, 4,
          PlaceLeerweg.BOL, 2, 16, 36, 8, days("ma;di;wo;do;vr;za;zo"), evening_work=True,
          physical_load=2, mental_load=3, quiet_workspace=YES, adjustable_workplace=YES,
          predictable_schedule=True, flexible_hours=True, extra_breaks=True, vog_required=True),
    Place(PlaceId("p003"), CompanyId("c04"), frozenset({"10001", "10003"}), 1, 4,
          PlaceLeerweg.BOTH, 1, 8, 24, 8, days("ma;di;wo;do"), physical_load=1, mental_load=2,
          quiet_workspace=YES, adjustable_workplace=ARR, predictable_schedule=True,
          flexible_hours=True, extra_breaks=True),
    Place(PlaceId("p004"), CompanyId("c03"), frozenset({"10003"}), 2, 4, PlaceLeerweg.BBL, 3,
          24, 40, 9, days("ma;di;wo;do;vr;za"), evening_work=True, night_work=True,
          physical_load=5, mental_load=4),
)  # fmt: skip

POPULATION = Population(students=STUDENTS, companies=COMPANIES, places=PLACES)


def student(**overrides: Any) -> Student:
    """A plain adult student near Utrecht; override any field."""
    base = Student(
        StudentId("x"),
        date(2000, 1, 1),
        GeoPoint(52.09, 5.12),
        "10001",
        Niveau(2),
        Leerweg.BOL,
        16,
    )
    return replace(base, **overrides)


def company(**overrides: Any) -> Company:
    """A plain recognised company in Utrecht; override any field."""
    return replace(Company(CompanyId("c"), "Bedrijf", GeoPoint(52.09, 5.12), 4), **overrides)


def place(**overrides: Any) -> Place:
    """A plain place at company 'c' for crebo 10001; override any field."""
    return replace(Place(PlaceId("p"), CompanyId("c"), frozenset({"10001"})), **overrides)
