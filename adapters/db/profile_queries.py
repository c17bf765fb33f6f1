"""Reads and writes of profiles in the 'current' dataset: single rows, pages, whole columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from adapters import clock
from adapters.db import mappers
from adapters.db import praktijkopleider_queries as people
from adapters.db.models import CURRENT_DATASET
from adapters.db.repositories import COMPANY_TABLE, PLACE_TABLE, STUDENT_TABLE
from matcher.domain import Company, Place, Student

T = TypeVar("T", Student, Company, Place)
_BOOKKEEPING = frozenset({"id", "dataset", "created_at", "updated_at", "content_hash"})


@dataclass(frozen=True, slots=True)
class ProfileTable(Generic[T]):
    """Where one kind of profile is stored and how its rows map to domain values."""

    table: Table
    id_column: str
    to_values: Callable[[T], dict[str, Any]]
    to_domain: Callable[[Any], T]

    @property
    def key(self) -> Any:
        """The external id column."""
        return self.table.c[self.id_column]

    @property
    def content(self) -> list[Any]:
        """The content columns (what a domain value is built from)."""
        return [c for c in self.table.c if c.name not in _BOOKKEEPING]

    def current(self) -> ColumnElement[bool]:
        """Rows of the live dataset."""
        return self.table.c.dataset == CURRENT_DATASET


STUDENTS: ProfileTable[Student] = ProfileTable(
    STUDENT_TABLE, "student_id", mappers.student_values, mappers.student_to_domain
)
COMPANIES: ProfileTable[Company] = ProfileTable(
    COMPANY_TABLE, "company_id", mappers.company_values, mappers.company_to_domain
)
PLACES: ProfileTable[Place] = ProfileTable(
    PLACE_TABLE, "place_id", mappers.place_values, mappers.place_to_domain
)


def fetch_one(conn: Connection, store: ProfileTable[T], ident: str) -> T | None:
    """The profile with this id in the live dataset, or None."""
    stmt = select(*store.content).where(store.current(), store.key == ident)
    row = conn.execute(stmt).first()
    return None if row is None else store.to_domain(row)


def fetch_many(conn: Connection, store: ProfileTable[T], idents: Sequence[str]) -> list[T]:
    """The live profiles with these ids (those that exist), sorted by id."""
    stmt = select(*store.content).where(store.current(), store.key.in_(sorted(set(idents))))
    return [store.to_domain(row) for row in conn.execute(stmt.order_by(store.key))]


def fetch_all(conn: Connection, store: ProfileTable[T]) -> tuple[T, ...]:
    """Every live profile of one kind, sorted by id."""
    stmt = select(*store.content).where(store.current()).order_by(store.key)
    return tuple(store.to_domain(row) for row in conn.execute(stmt))


def data_fingerprint(conn: Connection) -> tuple[Any, ...]:
    """Count, highest id and latest change of the live places, companies and praktijkopleiders
    (their hours are the company's budget)."""
    parts: list[Any] = []
    for store in (PLACES, COMPANIES):
        t = store.table
        stmt = select(func.count(), func.max(t.c.id), func.max(t.c.updated_at)).where(
            store.current()
        )
        parts.extend(conn.execute(stmt).one())
    parts.extend(people.fingerprint(conn))
    return tuple(parts)


def fetch_page(
    conn: Connection,
    store: ProfileTable[T],
    where: Sequence[ColumnElement[bool]],
    *,
    offset: int,
    limit: int,
) -> tuple[list[T], int]:
    """One page of profiles (sorted by id) matching ``where``, and how many match in total."""
    condition = and_(store.current(), *where)
    total = conn.execute(select(func.count()).select_from(store.table).where(condition)).scalar()
    stmt = select(*store.content).where(condition).order_by(store.key).offset(offset).limit(limit)
    return [store.to_domain(row) for row in conn.execute(stmt)], int(total or 0)


def insert_one(conn: Connection, store: ProfileTable[T], item: T) -> None:
    """Insert a new profile row (the caller checked the id is free)."""
    values = store.to_values(item)
    now = clock.now()
    row = {
        **values,
        "dataset": CURRENT_DATASET,
        "created_at": now,
        "updated_at": now,
        "content_hash": mappers.content_hash(values),
    }
    conn.execute(insert(store.table), [row])


def update_one(conn: Connection, store: ProfileTable[T], ident: str, item: T) -> bool:
    """Store ``item`` over the row with id ``ident``; False when its content did not change."""
    values = store.to_values(item)
    digest = mappers.content_hash(values)
    stmt = (
        update(store.table)
        .where(store.current(), store.key == ident, store.table.c.content_hash != digest)
        .values(**values, updated_at=clock.now(), content_hash=digest)
    )
    return bool(conn.execute(stmt).rowcount)


def delete_one(conn: Connection, store: ProfileTable[T], ident: str) -> bool:
    """Remove the row with id ``ident``; False when there was none."""
    stmt = delete(store.table).where(store.current(), store.key == ident)
    return bool(conn.execute(stmt).rowcount)


def exists(conn: Connection, store: ProfileTable[T], ident: str) -> bool:
    """Whether a profile with this id is in the live dataset."""
    stmt = select(store.table.c.id).where(store.current(), store.key == ident).limit(1)
    return conn.execute(stmt).first() is not None


def count_where(conn: Connection, store: ProfileTable[T], *where: ColumnElement[bool]) -> int:
    """How many live rows match."""
    stmt = select(func.count()).select_from(store.table).where(store.current(), *where)
    return int(conn.execute(stmt).scalar() or 0)


def content_hashes(conn: Connection, store: ProfileTable[Any]) -> list[tuple[str, str]]:
    """(id, content hash) of every live profile of one kind, sorted by id."""
    stmt = select(store.key, store.table.c.content_hash).where(store.current())
    return [(str(i), str(h)) for i, h in conn.execute(stmt.order_by(store.key))]


def live_ids(conn: Connection, store: ProfileTable[Any]) -> frozenset[str]:
    """The ids of every live profile of one kind."""
    return frozenset(str(row[0]) for row in conn.execute(select(store.key).where(store.current())))


def student_names(conn: Connection, wanted: set[str]) -> dict[str, str]:
    """The names of these live students (all rows read, filtered here: no IN list that could
    exceed the databases' limits on bound parameters)."""
    stmt = select(STUDENTS.key, STUDENTS.table.c.name).where(STUDENTS.current())
    return {str(sid): name for sid, name in conn.execute(stmt) if sid in wanted}


def student_list_rows(session: Session, ids: frozenset[str] | None, *, limit: int) -> list[Any]:
    """Code, name, niveau and priority of the live students (of ``ids``; None: all), by code."""
    t = STUDENTS.table.c
    query = select(t.student_id, t.name, t.niveau, t.priority).where(STUDENTS.current())
    if ids is not None:
        query = query.where(t.student_id.in_(sorted(ids)))
    return list(session.execute(query.order_by(t.student_id).limit(limit)))


def places_of_company(session: Session, company_id: str) -> list[Place]:
    """The live places of one company, by place id."""
    stmt = (
        select(*PLACES.content)
        .where(PLACES.current(), PLACES.table.c.company_id == company_id)
        .order_by(PLACES.key)
    )
    return [PLACES.to_domain(row) for row in session.execute(stmt)]


def student_crebo(session: Session, student_id: str) -> Any:
    """The crebo (qualification) of a live student, or None."""
    t = STUDENTS.table.c
    return session.execute(
        select(t.crebo).where(STUDENTS.current(), t.student_id == student_id)
    ).scalar()


def places_mentioning(session: Session, crebo: str, *, limit: int) -> list[Any]:
    """(place_id, name of its company, crebos) of live places whose crebo list contains this
    text (a substring: the caller checks whole codes), by company name and place id."""
    p, c = PLACES.table.c, COMPANIES.table.c
    stmt = (
        select(p.place_id, c.name, p.crebos)
        .join(COMPANIES.table, (c.dataset == p.dataset) & (c.company_id == p.company_id))
        .where(p.dataset == CURRENT_DATASET, p.crebos.contains(crebo, autoescape=True))
        .order_by(c.name, p.place_id)
        .limit(limit)
    )
    return list(session.execute(stmt).all())


def count_places_of(conn: Connection, company_id: str) -> int:
    """How many live places belong to this company."""
    return count_where(conn, PLACES, PLACES.table.c.company_id == company_id)


def count_wishes_for(conn: Connection, place_id: str) -> int:
    """How many live students name this place among their wishes."""
    return count_where(conn, STUDENTS, list_contains(STUDENTS.table.c.preferences, place_id))


def list_contains(column: Any, item: str) -> ColumnElement[bool]:
    """``item`` is one of the ';'-joined values in ``column`` (exact, not a substring)."""
    escaped = item.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    wrapped: Any = ";" + column + ";"
    return wrapped.like(f"%;{escaped};%", escape="\\")
