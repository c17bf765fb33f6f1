"""Shortlist flow: the best places for one stored student, on cached place tables.

Building the PlaceTable and its BallTrees for 50,000 places takes seconds, so they are kept
per app in a ``PlaceCache`` and rebuilt only when the stored places or companies change. The
change check is a cheap fingerprint (row count, highest row id, latest ``updated_at``) of both
tables, so writes from anywhere (API, CLI import, another worker) are noticed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from adapters.flows.profile_store import COMPANIES, PLACES, STUDENTS, ProfileTable, fetch_one
from matcher.candidates import PlaceIndex
from matcher.domain import Company, Place, Population, Student
from matcher.errors import NotFoundError
from matcher.scoring.explain import Audience
from matcher.shortlist import ShortlistItem, shortlist
from matcher.tables import PlaceTable
from matcher.travel import TravelTimeProvider


@dataclass(frozen=True, slots=True)
class CachedPlaces:
    """Place columns and their spatial index as of one fingerprint of the database."""

    fingerprint: tuple[Any, ...]
    table: PlaceTable
    index: PlaceIndex


class PlaceCache:
    """Keeps the live places as a PlaceTable + PlaceIndex; rebuilds when the data changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: CachedPlaces | None = None
        self.builds = 0  # how often the tables were (re)built; for tests and benchmarks

    def get(self, conn: Connection) -> CachedPlaces:
        """The cached tables, rebuilt first when the places or companies changed."""
        fingerprint = data_fingerprint(conn)
        cached = self._cached
        if cached is not None and cached.fingerprint == fingerprint:
            return cached
        with self._lock:
            cached = self._cached
            if cached is None or cached.fingerprint != fingerprint:
                cached = self._cached = _build(conn, fingerprint)
                self.builds += 1
        return cached


def data_fingerprint(conn: Connection) -> tuple[Any, ...]:
    """Count, highest id and latest change of the live places and companies."""
    parts: list[Any] = []
    for kind in (PLACES, COMPANIES):
        t = kind.table
        stmt = select(func.count(), func.max(t.c.id), func.max(t.c.updated_at)).where(
            kind.current()
        )
        parts.extend(conn.execute(stmt).one())
    return tuple(parts)


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
        raise NotFoundError(
            f"Er is geen student met code '{student_id}'. Controleer de code.", id=student_id
        )
    return student


def suggestions(
    engine: Engine,
    cache: PlaceCache,
    student: Student,
    *,
    on: date,
    travel: TravelTimeProvider,
    audience: Audience,
    k: int = 20,
    max_travel_minutes: int | None = None,
    sector: str | None = None,
) -> list[Suggestion]:
    """The best ``k`` places that pass every hard rule for ``student``, best first."""
    with engine.connect() as conn:
        cached = cache.get(conn)
    table = cached.table
    if not len(table):
        return []
    items = shortlist(
        student, table, on=on, travel=travel, index=cached.index, k=k,
        max_travel_minutes=max_travel_minutes, sector=sector, audience=audience,
    )  # fmt: skip
    out = []
    for item in items:
        j = table.index[item.place_id]
        out.append(Suggestion(item, table.places[j], table.company_of(j)))
    return out


def student_shortlist(
    engine: Engine,
    cache: PlaceCache,
    student_id: str,
    *,
    on: date,
    travel: TravelTimeProvider,
    k: int = 20,
    max_travel_minutes: int | None = None,
    sector: str | None = None,
) -> list[tuple[ShortlistItem, Company]]:
    """Top ``k`` eligible places for a stored student with their company, best first."""
    found = suggestions(
        engine, cache, load_student(engine, student_id), on=on, travel=travel,
        audience=Audience.STAFF, k=k, max_travel_minutes=max_travel_minutes, sector=sector,
    )  # fmt: skip
    return [(s.item, s.company) for s in found]


def _build(conn: Connection, fingerprint: tuple[Any, ...]) -> CachedPlaces:
    population = Population(companies=_load(conn, COMPANIES), places=_load(conn, PLACES))
    table = PlaceTable.from_population(population)
    return CachedPlaces(fingerprint, table, PlaceIndex.build(table))


def _load(conn: Connection, kind: ProfileTable[Any]) -> tuple[Any, ...]:
    stmt = select(*kind.content).where(kind.current()).order_by(kind.key)
    return tuple(kind.to_domain(row) for row in conn.execute(stmt))
