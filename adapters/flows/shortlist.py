"""Shortlist flow: the best places for one stored student, on cached place tables.

Building the PlaceTable and its BallTrees for 50,000 places takes seconds, so they are kept
per app in a ``PlaceCache`` and rebuilt only when the stored places or companies change. Writes
through this process's engine are noticed at once (``adapters.db.change_watch``); writes from
anywhere else (CLI import, another worker) through a fingerprint of both tables (row count,
highest row id, latest ``updated_at``), asked of the database at most once per ``recheck_s``:
that costs tens of milliseconds on 50,000 places, which every request paid before.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine

from adapters.db.change_watch import ChangeWatch
from adapters.db.profile_queries import (
    COMPANIES,
    PLACES,
    STUDENTS,
    data_fingerprint,
    fetch_all,
    fetch_one,
)
from adapters.db.repositories import live_companies
from adapters.flows.favourites import with_favourites
from matcher import (
    Audience,
    Diagnosis,
    PlaceIndex,
    PlaceTable,
    ShortlistItem,
    TravelTimeProvider,
    UnplacedKind,
    diagnose_student,
)
from matcher.domain import Company, Place, Population, Student
from matcher.errors import NotFoundError
from matcher.labels import table_label
from matcher.shortlist import shortlist  # a function named like its module: not in the facade


@dataclass(frozen=True, slots=True)
class CachedPlaces:
    """Place columns and their spatial index as of one fingerprint of the database."""

    fingerprint: tuple[Any, ...]
    table: PlaceTable
    index: PlaceIndex


# praktijkopleiders: their hours are the company's budget in the shortlist's hard rules
WATCHED_TABLES = frozenset({PLACES.table.name, COMPANIES.table.name, "praktijkopleider"})


class PlaceCache:
    """Keeps the live places as a PlaceTable + PlaceIndex; rebuilds when the data changed.

    Without a ``watch`` (or with ``recheck_s=0``) it asks the database for the fingerprint on
    every call.
    """

    def __init__(self, watch: ChangeWatch | None = None, *, recheck_s: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._cached: CachedPlaces | None = None
        self._watch = watch
        self._recheck_s = recheck_s if watch is not None else 0.0
        self._seen: tuple[int, float] = (-1, 0.0)  # (generation, monotonic time) of last check
        self.builds = 0  # how often the tables were (re)built; for tests and benchmarks

    @classmethod
    def for_engine(cls, engine: Engine, *, recheck_s: float = 1.0) -> PlaceCache:
        """A cache that hears of this engine's own writes to places and companies at once."""
        return cls(ChangeWatch(engine, WATCHED_TABLES), recheck_s=recheck_s)

    def get(self, conn: Connection) -> CachedPlaces:
        """The cached tables, rebuilt first when the places or companies changed."""
        cached = self._cached
        generation = -1 if self._watch is None else self._watch.generation
        seen_generation, seen_at = self._seen
        now = time.monotonic()
        fresh = generation == seen_generation and now - seen_at < self._recheck_s
        if cached is not None and fresh:
            return cached
        fingerprint = data_fingerprint(conn)
        self._seen = (generation, now)
        if cached is not None and cached.fingerprint == fingerprint:
            return cached
        with self._lock:
            cached = self._cached
            if cached is None or cached.fingerprint != fingerprint:
                cached = self._cached = _build(conn, fingerprint)
                self.builds += 1
        return cached


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested place with its company."""

    item: ShortlistItem
    place: Place
    company: Company
    label: str = ""  # the place's name in sentences (matcher.labels), told apart from siblings;
    # plain (no crebo code, full day names) when the suggestion is for the student


def load_student(engine: Engine, student_id: str) -> Student:
    """A stored student, or a Dutch not-found error."""
    with engine.connect() as conn:
        student = fetch_one(conn, STUDENTS, student_id)
        if student is None:
            raise NotFoundError(
                f"Er is geen student met code '{student_id}'. Controleer de code.", id=student_id
            )
        return with_favourites(conn, (student,))[0]  # the student's own choice first


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
    plain = audience is Audience.STUDENT
    out = []
    for item in items:
        j = table.index[item.place_id]
        label = table_label(table, j, plain=plain)
        out.append(Suggestion(item, table.places[j], table.company_of(j), label))
    return out


def why_unplaced(
    engine: Engine, cache: PlaceCache, student: Student, *, on: date, travel: TravelTimeProvider
) -> Diagnosis | None:
    """Why ``student`` finds no place among the live places: the round's own diagnosis.

    The same computation as the bureau's "why unplaced" (``matcher.unplaced``), so both pages
    say the same. ``None`` when places fit (the shortlist shows them).
    """
    with engine.connect() as conn:
        cached = cache.get(conn)
    if not len(cached.table):
        return None
    found = diagnose_student(student, cached.table, cached.index, on=on, travel=travel)
    return None if found.kind is UnplacedKind.COMPETITION else found


def at_place(
    student: Student,
    place: Place,
    company: Company,
    *,
    on: date,
    travel: TravelTimeProvider,
    audience: Audience,
) -> Suggestion | None:
    """One given place as a suggestion for ``student`` (None when a hard rule excludes it):
    the words about a published place, from the place as it was published."""
    table = PlaceTable.from_population(Population(companies=(company,), places=(place,)))
    items = shortlist(
        student,
        table,
        on=on,
        travel=travel,
        index=PlaceIndex.build(table),
        k=1,
        audience=audience,
    )
    label = table_label(table, 0, plain=audience is Audience.STUDENT)  # the company's name
    return Suggestion(items[0], place, company, label) if items else None


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
        engine,
        cache,
        load_student(engine, student_id),
        on=on,
        travel=travel,
        audience=Audience.STAFF,
        k=k,
        max_travel_minutes=max_travel_minutes,
        sector=sector,
    )
    return [(s.item, s.company) for s in found]


def _build(conn: Connection, fingerprint: tuple[Any, ...]) -> CachedPlaces:
    population = Population(companies=live_companies(conn), places=fetch_all(conn, PLACES))
    table = PlaceTable.from_population(population)
    return CachedPlaces(fingerprint, table, PlaceIndex.build(table))
