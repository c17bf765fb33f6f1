"""Single-row reads and writes of profiles in the 'current' dataset (no full-table scans)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update
from sqlalchemy.sql.elements import ColumnElement

from adapters import clock
from adapters.db import mappers
from adapters.db.models import CURRENT_DATASET
from adapters.db.repositories import COMPANY_TABLE, PLACE_TABLE, STUDENT_TABLE
from adapters.flows.profile_rows import COMPANY_KIND, PLACE_KIND, STUDENT_KIND, ProfileKind
from matcher.domain import Company, Place, Student

T = TypeVar("T", Student, Company, Place)
_BOOKKEEPING = frozenset({"id", "dataset", "created_at", "updated_at", "content_hash"})


@dataclass(frozen=True, slots=True)
class ProfileTable(Generic[T]):
    """Where one kind of profile is stored and how its rows map to domain values."""

    kind: ProfileKind[T]
    table: Table
    to_values: Callable[[T], dict[str, Any]]
    to_domain: Callable[[Any], T]

    @property
    def key(self) -> Any:
        """The external id column."""
        return self.table.c[self.kind.id_column]

    @property
    def content(self) -> list[Any]:
        """The content columns (what a domain value is built from)."""
        return [c for c in self.table.c if c.name not in _BOOKKEEPING]

    def current(self) -> ColumnElement[bool]:
        """Rows of the live dataset."""
        return self.table.c.dataset == CURRENT_DATASET


STUDENTS: ProfileTable[Student] = ProfileTable(
    STUDENT_KIND, STUDENT_TABLE, mappers.student_values, mappers.student_to_domain
)
COMPANIES: ProfileTable[Company] = ProfileTable(
    COMPANY_KIND, COMPANY_TABLE, mappers.company_values, mappers.company_to_domain
)
PLACES: ProfileTable[Place] = ProfileTable(
    PLACE_KIND, PLACE_TABLE, mappers.place_values, mappers.place_to_domain
)


def fetch_one(conn: Connection, store: ProfileTable[T], ident: str) -> T | None:
    """The profile with this id in the live dataset, or None."""
    stmt = select(*store.content).where(store.current(), store.key == ident)
    row = conn.execute(stmt).first()
    return None if row is None else store.to_domain(row)


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


def list_contains(column: Any, item: str) -> ColumnElement[bool]:
    """``item`` is one of the ';'-joined values in ``column`` (exact, not a substring)."""
    escaped = item.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    wrapped: Any = ";" + column + ";"
    return wrapped.like(f"%;{escaped};%", escape="\\")
