"""The places still free for a re-match: capacity and company budgets net of the open BPVs.

Every open BPV (proposed or running, from an earlier round) holds its place: it takes one seat
of the place's capacity, its student's guidance hours from the company's budget, and, when the
student needs extra support, one of the company's support seats - the same way the solver
counts an assigned student. What is left is the population a re-match round solves against.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from matcher.domain import CompanyId, PlaceId, Population, StudentId


@dataclass(frozen=True, slots=True)
class Held:
    """One open BPV: the student it is for and the place it holds."""

    student_id: StudentId
    place_id: PlaceId
    company_id: CompanyId


def net_population(population: Population, held: Iterable[Held]) -> Population:
    """The population with every held seat taken off; places with no seat left are dropped.

    The held students' own profiles (guidance hours, support need) come from ``population``;
    a student no longer in it (e.g. erased) still takes the seat, with no hours.
    """
    students = {s.student_id: s for s in population.students}
    seats: Counter[str] = Counter()
    hours: defaultdict[str, float] = defaultdict(float)
    support: Counter[str] = Counter()
    for h in held:
        seats[h.place_id] += 1
        student = students.get(h.student_id)
        if student is not None:
            hours[h.company_id] += student.guidance_hours_per_week
            support[h.company_id] += int(student.needs_extra_support)
    places = tuple(
        replace(p, capacity=p.capacity - seats[p.place_id])
        for p in population.places
        if p.capacity - seats[p.place_id] > 0
    )
    companies = tuple(
        replace(
            c,
            guidance_hours_per_week=max(c.guidance_hours_per_week - hours[c.company_id], 0.0),
            max_support_students=(
                None
                if c.max_support_students is None
                else max(c.max_support_students - support[c.company_id], 0)
            ),
        )
        for c in population.companies
    )
    return Population(students=population.students, companies=companies, places=places)
