"""Suggested places for one student, in the words of the reader (student, staff or company)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from adapters.flows.profile_store import STUDENTS, fetch_one
from adapters.flows.shortlist import PlaceCache
from matcher.domain import Company, Place, Student
from matcher.errors import NotFoundError
from matcher.scoring.explain import Audience
from matcher.shortlist import ShortlistItem, shortlist
from matcher.travel import TravelTimeProvider

EXTRA_MINUTES = 15
MANY = 200


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested place with its company."""

    item: ShortlistItem
    place: Place
    company: Company


def load_student(engine: Engine, student_id: str) -> Student:
    """A stored student, or a Dutch not-found error."""
    with engine.connect() as conn:
        student = fetch_one(conn, STUDENTS, student_id)
    if student is None:
        raise NotFoundError(f"Er is geen student met code '{student_id}'.", id=student_id)
    return student


def suggestions(
    engine: Engine,
    cache: PlaceCache,
    student: Student,
    *,
    on: date,
    travel: TravelTimeProvider,
    audience: Audience,
    k: int = 10,
    max_travel_minutes: int | None = None,
    sector: str | None = None,
) -> list[Suggestion]:
    """The best ``k`` places that pass every hard rule, best first."""
    with engine.connect() as conn:
        cached = cache.get(conn)
    table = cached.table
    if not len(table):
        return []
    items = shortlist(
        student,
        table,
        on=on,
        travel=travel,
        index=cached.index,
        k=k,
        max_travel_minutes=max_travel_minutes,
        sector=sector,
        audience=audience,
    )
    out = []
    for item in items:
        j = table.index[item.place_id]
        out.append(Suggestion(item, table.places[j], table.company_of(j)))
    return out


def more_options_hints(
    engine: Engine, cache: PlaceCache, student: Student, *, on: date,
    travel: TravelTimeProvider, sector: str | None = None, max_travel_minutes: int | None = None,
) -> list[str]:  # fmt: skip
    """What would open more places: a little more travel time than now, or every sector."""
    limit = max_travel_minutes or student.max_travel_minutes

    def count(max_travel_minutes: int | None = None, sector: str | None = None) -> int:
        found = suggestions(
            engine, cache, student, on=on, travel=travel, audience=Audience.STAFF, k=MANY,
            max_travel_minutes=max_travel_minutes, sector=sector,
        )  # fmt: skip
        return len(found)

    now = count(limit, sector)
    hints = []
    longer = count(limit + EXTRA_MINUTES, sector)
    if longer > now:
        hints.append(
            f"Met {EXTRA_MINUTES} minuten meer reistijd komen er {longer - now} plekken bij."
        )
    if sector:
        every = count(limit)
        if every > now:
            hints.append(f"In alle branches samen zijn er {every - now} plekken meer.")
    if not hints:
        hints.append("Meer reistijd of een andere branche geeft hier geen extra plekken.")
    return hints
