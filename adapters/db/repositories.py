"""Repositories: save and load populations and histories per dataset (flush, never commit).

Saving is an upsert by (dataset, external id) done with bulk Core statements: the existing
hashes of a dataset are read in one query per table, new rows are inserted and changed rows
updated with one executemany each, and rows whose content hash is unchanged are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, union, update
from sqlalchemy.orm import Session

from adapters import clock
from adapters.db import mappers
from adapters.db import praktijkopleider_queries as people
from adapters.db.models import CURRENT_DATASET, CompanyRow, OutcomeRow, PlaceRow, StudentRow
from matcher.domain import Company, History, Population
from matcher.errors import InvalidInputError, Issue
from matcher.supervision import with_budget

T = TypeVar("T")

STUDENT_TABLE: Table = StudentRow.__table__  # type: ignore[attr-defined]
COMPANY_TABLE: Table = CompanyRow.__table__  # type: ignore[attr-defined]
PLACE_TABLE: Table = PlaceRow.__table__  # type: ignore[attr-defined]
OUTCOME_TABLE: Table = OutcomeRow.__table__  # type: ignore[attr-defined]
ALL_TABLES: tuple[Table, ...] = (OUTCOME_TABLE, PLACE_TABLE, STUDENT_TABLE, COMPANY_TABLE)
_BOOKKEEPING = frozenset({"id", "dataset", "created_at", "updated_at", "content_hash"})


@dataclass(frozen=True)
class SaveCounts:
    """How many rows of one table a save created, updated and left unchanged."""

    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class PopulationCounts:
    """Save counts per profile table."""

    students: SaveCounts
    companies: SaveCounts
    places: SaveCounts


def save_population(
    session: Session, population: Population, *, dataset: str = CURRENT_DATASET
) -> PopulationCounts:
    """Upsert a population into ``dataset``; unchanged rows stay untouched. Flushes only."""
    _check_dataset(dataset)
    session.flush()
    conn = session.connection()
    now = clock.now()
    companies = _upsert(
        conn,
        COMPANY_TABLE,
        "company_id",
        _values(population.companies, mappers.company_values),
        dataset=dataset,
        now=now,
        file="companies",
    )
    students = _upsert(
        conn,
        STUDENT_TABLE,
        "student_id",
        _values(population.students, mappers.student_values),
        dataset=dataset,
        now=now,
        file="students",
    )
    places = _upsert(
        conn,
        PLACE_TABLE,
        "place_id",
        _values(population.places, mappers.place_values),
        dataset=dataset,
        now=now,
        file="places",
    )
    return PopulationCounts(students=students, companies=companies, places=places)


def load_population(session: Session, *, dataset: str = CURRENT_DATASET) -> Population:
    """The population stored in ``dataset``, each part sorted by its id.

    The live companies are as a round sees them (``live_companies``); a history set's are as
    stored: praktijkopleiders belong to the live companies only."""
    conn = session.connection()
    companies = (
        live_companies(conn)
        if dataset == CURRENT_DATASET
        else _load(conn, COMPANY_TABLE, "company_id", dataset, mappers.company_to_domain)
    )
    return Population(
        students=_load(conn, STUDENT_TABLE, "student_id", dataset, mappers.student_to_domain),
        companies=companies,
        places=_load(conn, PLACE_TABLE, "place_id", dataset, mappers.place_to_domain),
    )


def live_companies(conn: Connection) -> tuple[Company, ...]:
    """The live companies as every round, move and shortlist sees them, sorted by id.

    The one place where a company's praktijkopleiders make up its supervision budget: with
    people, ``guidance_hours_per_week`` is the sum of their hours and ``support_experience``
    the best of theirs (``matcher.supervision``); without, the stored values stay."""
    stored = _load(conn, COMPANY_TABLE, "company_id", CURRENT_DATASET, mappers.company_to_domain)
    found = people.budgets(conn)  # summed in SQL: one row per company with people
    return tuple(with_budget(c, found.get(c.company_id)) for c in stored)


def save_history(session: Session, history: History, *, dataset: str) -> PopulationCounts:
    """Upsert a history's profiles into ``dataset`` and replace its outcomes. Flushes only."""
    _check_dataset(dataset)
    if dataset == CURRENT_DATASET:
        raise InvalidInputError(
            f"Geef de geschiedenis een eigen naam. De naam '{CURRENT_DATASET}' is voor de "
            "huidige gegevens.",
            dataset=dataset,
        )
    counts = save_population(session, history.population, dataset=dataset)
    conn = session.connection()
    conn.execute(delete(OUTCOME_TABLE).where(OUTCOME_TABLE.c.dataset == dataset))
    now = clock.now()
    rows = [
        {"dataset": dataset, "created_at": now, "updated_at": now, **mappers.outcome_values(r, i)}
        for i, r in enumerate(history.outcomes)
    ]
    if rows:
        conn.execute(insert(OUTCOME_TABLE), rows)
    return counts


def load_history(session: Session, *, dataset: str) -> History:
    """The history stored in ``dataset``: its profiles and its outcomes in their saved order."""
    population = load_population(session, dataset=dataset)
    stmt = (
        select(OUTCOME_TABLE)
        .where(OUTCOME_TABLE.c.dataset == dataset)
        .order_by(OUTCOME_TABLE.c.position)
    )
    outcomes = tuple(mappers.outcome_to_domain(row) for row in session.connection().execute(stmt))
    return History(population=population, outcomes=outcomes)


def list_datasets(session: Session) -> list[str]:
    """The names of all datasets that hold at least one row, sorted."""
    stmt = union(*(select(table.c.dataset).distinct() for table in ALL_TABLES))
    return sorted(row[0] for row in session.connection().execute(stmt))


def delete_dataset(session: Session, dataset: str) -> None:
    """Remove every row of ``dataset`` (outcomes, places, students, companies). Flushes only."""
    session.flush()
    conn = session.connection()
    for table in ALL_TABLES:  # children before parents
        conn.execute(delete(table).where(table.c.dataset == dataset))


def _check_dataset(dataset: str) -> None:
    if not dataset or not dataset.strip():
        raise InvalidInputError("Geef de gegevensset een naam.", dataset=dataset)


def _values(items: Iterable[T], to_values: Callable[[T], dict[str, Any]]) -> list[dict[str, Any]]:
    return [to_values(item) for item in items]


def _upsert(
    conn: Connection,
    table: Table,
    key: str,
    rows: Sequence[dict[str, Any]],
    *,
    dataset: str,
    now: datetime,
    file: str,
) -> SaveCounts:
    """Insert new keys, update changed ones, skip identical ones; two executemany at most."""
    _check_unique(rows, key, file)
    stmt = select(table.c.id, table.c[key], table.c.content_hash).where(table.c.dataset == dataset)
    existing = {row[1]: (row[0], row[2]) for row in conn.execute(stmt)}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for values in rows:
        digest = mappers.content_hash(values)
        found = existing.get(values[key])
        if found is None:
            inserts.append(
                {
                    **values,
                    "dataset": dataset,
                    "created_at": now,
                    "updated_at": now,
                    "content_hash": digest,
                }
            )
        elif found[1] != digest:
            updates.append(
                {**values, "row_id": found[0], "updated_at": now, "content_hash": digest}
            )
    if inserts:
        conn.execute(insert(table), inserts)
    if updates:
        conn.execute(update(table).where(table.c.id == bindparam("row_id")), updates)
    unchanged = len(rows) - len(inserts) - len(updates)
    return SaveCounts(created=len(inserts), updated=len(updates), unchanged=unchanged)


def _check_unique(rows: Sequence[dict[str, Any]], key: str, file: str) -> None:
    """Refuse a population in which one id occurs twice: it cannot be stored as one row."""
    seen: set[str] = set()
    issues: list[Issue] = []
    for values in rows:
        value = values[key]
        if value in seen:
            issues.append(Issue(file, None, key, "Deze code komt meer dan één keer voor.", value))
        seen.add(value)
    if issues:
        raise InvalidInputError("Elke code mag maar één keer voorkomen.", issues=issues)


def _load(
    conn: Connection, table: Table, key: str, dataset: str, to_domain: Callable[[Any], T]
) -> tuple[T, ...]:
    """All rows of ``dataset`` as domain values, sorted by external id the same on every DB."""
    columns = [column for column in table.c if column.name not in _BOOKKEEPING]
    rows = sorted(
        conn.execute(select(*columns).where(table.c.dataset == dataset)), key=attrgetter(key)
    )
    return tuple(to_domain(row) for row in rows)
