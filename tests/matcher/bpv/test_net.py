"""net_population: every open BPV takes its seat, its guidance hours and its support seat."""

from __future__ import annotations

from matcher.bpv.net import Held, net_population
from matcher.domain import CompanyId, PlaceId, Population, StudentId
from tests.factories import make_company, make_place, make_student


def test_held_seats_come_off_capacity_budget_and_support_seats() -> None:
    population = Population(
        students=(
            make_student("r1", guidance_hours_per_week=1.5, needs_extra_breaks=True),
            make_student("r2", guidance_hours_per_week=1.0),
        ),
        companies=(
            make_company("c1", guidance_hours_per_week=4.0, max_support_students=2),
            make_company("c2", guidance_hours_per_week=1.0),
        ),
        places=(make_place("p1", "c1", capacity=2), make_place("p2", "c1"), make_place("p3", "c2")),
    )
    held = [
        Held(StudentId("r1"), PlaceId("p1"), CompanyId("c1")),
        Held(StudentId("r2"), PlaceId("p2"), CompanyId("c1")),
        Held(StudentId("gone"), PlaceId("p3"), CompanyId("c2")),  # erased: seat, no hours
    ]
    net = net_population(population, held)
    assert [(p.place_id, p.capacity) for p in net.places] == [("p1", 1)]  # p2, p3 are full
    c1, c2 = net.companies
    assert (c1.guidance_hours_per_week, c1.max_support_students) == (1.5, 1)
    assert (c2.guidance_hours_per_week, c2.max_support_students) == (1.0, None)
    assert net.students == population.students
    assert net_population(population, []) == population
