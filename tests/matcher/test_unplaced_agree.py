"""The bureau's and the jobcoach's "why unplaced" are one computation and agree; no codes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from matcher.candidates import PlaceIndex
from matcher.demo.population import generate_population
from matcher.domain import GeoPoint, Niveau, Population, StudentId
from matcher.pipeline import RoundPolicy, run_round
from matcher.shortlist import shortlist
from matcher.solver import SolverLimits
from matcher.tables import PlaceTable
from matcher.travel import EstimatedTravelTime
from matcher.unplaced import UnplacedKind, diagnose_student
from tests.factories import make_company, make_place, make_student
from tests.matcher.demo.towns_fixture import TOWNS

TRAVEL = EstimatedTravelTime()
ON = date(2026, 9, 1)
FAST = RoundPolicy(limits=SolverLimits(time_limit_s=10.0))
CODE = re.compile(r"\b[pcs]\d+\b")


def _live(population: Population) -> tuple[PlaceTable, PlaceIndex]:
    table = PlaceTable.from_population(population)
    return table, PlaceIndex.build(table)


def test_bureau_and_jobcoach_give_the_same_reason_for_every_unplaced_student() -> None:
    population = generate_population(n_students=250, seed=11, towns=TOWNS, on=ON)
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    table, index = _live(population)
    students = {s.student_id: s for s in population.students}
    compared = 0
    for sid, diagnosis in result.diagnoses.items():
        if diagnosis.kind in (UnplacedKind.COMPETITION, UnplacedKind.VETOED):
            continue  # those depend on the round's other students
        jobcoach = diagnose_student(students[sid], table, index, on=ON, travel=TRAVEL)
        assert jobcoach.reason() == diagnosis.reason(), sid
        compared += 1
    assert compared >= 3
    for p in result.proposals:
        assert not CODE.search(p.unplaced_reason), p.unplaced_reason


def _far_and_near() -> Population:
    """Nothing within 20 minutes; the nearest place of the crebo (~35 min) wants niveau 4; the
    one that fits is ~90 minutes away (the defect: the bureau said 35, the jobcoach found 90)."""
    student = make_student("s1", travel_mode="ov", max_travel_minutes=20, niveau=Niveau.BASIS)
    near = make_company("c1", name="Bakkerij Dichtbij", location=GeoPoint(52.0907, 5.2379))
    far = make_company("c2", name="Hotel Verweg", location=GeoPoint(52.0907, 5.4854))
    return Population(
        students=(student,),
        companies=(near, far),
        places=(make_place("p1", "c1", niveau_min=4, niveau_max=4), make_place("p2", "c2")),
    )


def test_the_nearest_place_named_is_one_the_jobcoach_finds() -> None:
    population = _far_and_near()
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    reason = result.proposals[0].unplaced_reason
    found = re.search(r"dichtstbijzijnde plek die verder past, is ongeveer (\d+) minuten", reason)
    assert found, reason
    minutes = int(found.group(1))
    assert minutes == 90
    table, index = _live(population)
    student = population.students[0]
    assert not shortlist(student, table, on=ON, travel=TRAVEL, index=index)
    assert not shortlist(
        student, table, on=ON, travel=TRAVEL, index=index, max_travel_minutes=minutes - 10
    )
    # the jobcoach's travel filter a little past that figure finds the place the bureau meant
    wider = shortlist(
        student, table, on=ON, travel=TRAVEL, index=index, max_travel_minutes=minutes + 5
    )
    assert [i.place_id for i in wider] == ["p2"]
    jobcoach = diagnose_student(student, table, index, on=ON, travel=TRAVEL)
    assert jobcoach.reason() == reason


def test_competition_names_the_company_never_the_place_code() -> None:
    quiet = make_place("p1", "c1")
    rival = make_student("s0", priority=True)
    population = Population(
        students=(make_student("s1"), rival),
        companies=(make_company("c1", name="Hotel Huisman"),),
        places=(quiet,),
    )
    result = run_round(population, on=ON, travel=TRAVEL, policy=FAST)
    diagnosis = result.diagnoses[StudentId("s1")]
    assert diagnosis.kind is UnplacedKind.COMPETITION
    assert "Een extra plaats bij Hotel Huisman zou helpen." in diagnosis.text
    assert not CODE.search(diagnosis.reason())


def test_two_places_of_one_company_are_told_apart_in_the_hint() -> None:
    a = make_place("p1", "c1", hours_min=16.0, hours_max=24.0)
    b = make_place("p2", "c1", hours_min=24.0, hours_max=32.0)
    students = tuple(make_student(f"s{i}", priority=i < 2) for i in range(3))
    population = Population(
        students=students, companies=(make_company("c1", name="Hotel Huisman"),), places=(a, b)
    )
    result = run_round(replace(population), on=ON, travel=TRAVEL, policy=FAST)
    lost = [d for d in result.diagnoses.values() if d.kind is UnplacedKind.COMPETITION]
    assert lost
    assert "Hotel Huisman (16 tot 24 uur per week)" in lost[0].text
    assert "Hotel Huisman (24 tot 32 uur per week)" in lost[0].text
