"""The hash chains of the audit tables (privacy_event, round_event), written with every insert.

Each new row gets its place in its table's chain, the hash of the row before and its own hash
(``matcher.audit_chain``), in the same transaction as the insert: a ``before_flush`` hook on
every session fills them in. The chain heads (``audit_chain``: one row per table with the length
and the last hash) are locked first (PostgreSQL: all heads, in name order; SQLite: the write
lock), so two writers can never link to the same predecessor; the locks are held until commit.
Only the event rows' own columns are hashed, never free text that erasure removes elsewhere
(``round_event.reason`` is left out on purpose).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, event, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from adapters.db.privacy_models import PrivacyEventRow
from adapters.db.round_models import RoundEventRow
from matcher.audit_chain import GENESIS, ChainHead, ChainReport, ChainRow, link_hash, verify_chain


class AuditChainRow(SQLModel, table=True):
    """The head of one table's chain: how many rows are linked and the last row's hash."""

    __tablename__ = "audit_chain"

    name: str = Field(sa_column=Column(String, primary_key=True))
    length: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    last_hash: str = Field(default=GENESIS, sa_column=Column(String, nullable=False))


HEAD_TABLE: Table = AuditChainRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Chained:
    """One chained table: its model and the columns that are hashed (in no particular order)."""

    name: str
    model: type[SQLModel]
    columns: tuple[str, ...]

    @property
    def table(self) -> Table:
        """The table object."""
        return self.model.__table__  # type: ignore[attr-defined]


CHAINS: tuple[Chained, ...] = (
    Chained(
        "privacy_event",
        PrivacyEventRow,
        (
            "at",
            "actor_id",
            "actor",
            "role",
            "purpose",
            "action",
            "student_id",
            "categories",
            "fields",
            "recipient",
            "motivation",
        ),
    ),  # fmt: skip
    # ``reason`` holds reviewers' free text, which is personal data kept and erased apart.
    Chained("round_event", RoundEventRow, ("round_id", "at", "actor", "action", "detail")),
)
AUDIT_TABLES: tuple[str, ...] = tuple(chain.name for chain in CHAINS)


def payload(chain: Chained, row: Any) -> dict[str, Any]:
    """The hashed columns of a row (an ORM object or a result row with the same names)."""
    return {name: getattr(row, name) for name in chain.columns}


def _ensure_head(connection: Connection, name: str) -> None:
    """Create the head row of a chain if it is missing (a database made before the chain)."""
    values = {"name": name, "length": 0, "last_hash": GENESIS}
    if connection.dialect.name == "postgresql":
        connection.execute(pg_insert(HEAD_TABLE).values(values).on_conflict_do_nothing())
    else:
        connection.execute(sqlite_insert(HEAD_TABLE).values(values).on_conflict_do_nothing())


def _lock_heads(connection: Connection) -> None:
    """PostgreSQL: lock every chain head, always in the same order (by name).

    A transaction that writes to both chains, one after the other, then never waits for a head
    that another such transaction holds while that one waits for ours (no head deadlock).
    Locks already held are simply kept; SQLite serialises writers itself.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            select(HEAD_TABLE.c.name).order_by(HEAD_TABLE.c.name).with_for_update()
        ).all()


def _claim(connection: Connection, name: str, count: int) -> tuple[int, str]:
    """Reserve ``count`` places in the chain under its lock; returns the first place and the
    hash of the row before it."""
    _lock_heads(connection)
    stmt = (
        update(HEAD_TABLE)
        .where(HEAD_TABLE.c.name == name)
        .values(length=HEAD_TABLE.c.length + count)
        .returning(HEAD_TABLE.c.length, HEAD_TABLE.c.last_hash)
    )
    found = connection.execute(stmt).first()
    if found is None:
        _ensure_head(connection, name)
        found = connection.execute(stmt).one()
    # RETURNING gives the new length and the last hash as it was before this statement.
    return int(found.length) - count + 1, str(found.last_hash)


def link_new_rows(session: Session, chain: Chained, rows: Sequence[Any]) -> None:
    """Give ``rows`` (new, not yet inserted, in insert order) their places and hashes."""
    connection = session.connection()
    seq, prev = _claim(connection, chain.name, len(rows))
    for row in rows:
        row.chain_seq = seq
        row.prev_hash = prev
        row.row_hash = link_hash(prev, seq, payload(chain, row))
        prev = row.row_hash
        seq += 1
    connection.execute(
        update(HEAD_TABLE).where(HEAD_TABLE.c.name == chain.name).values(last_hash=prev)
    )


@event.listens_for(Session, "before_flush")
def _link_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Link every new audit row of this flush into its chain before it is inserted."""
    for chain in CHAINS:
        new = [obj for obj in session.new if isinstance(obj, chain.model)]
        if new:
            new.sort(key=lambda obj: sa_inspect(obj).insert_order)
            link_new_rows(session, chain, new)


def _stored_rows(connection: Connection, chain: Chained) -> Iterator[ChainRow]:
    table = chain.table
    columns = [table.c[name] for name in chain.columns]
    stmt = select(
        table.c.id, table.c.chain_seq, table.c.prev_hash, table.c.row_hash, *columns
    ).order_by(table.c.id)
    # The model's column types (UTC timestamps, JSON) read values back as they were written.
    for row in connection.execution_options(yield_per=1000).execute(stmt):
        yield ChainRow(
            row_id=row.id,
            seq=row.chain_seq,
            prev_hash=row.prev_hash,
            row_hash=row.row_hash,
            payload=payload(chain, row),
        )


def verify_table(connection: Connection, chain: Chained) -> ChainReport:
    """Check one table's chain against its rows and its head."""
    head_row = connection.execute(
        select(HEAD_TABLE.c.length, HEAD_TABLE.c.last_hash).where(HEAD_TABLE.c.name == chain.name)
    ).first()
    head = None if head_row is None else ChainHead(int(head_row.length), str(head_row.last_hash))
    seq_column = chain.table.c.chain_seq

    def seq_present(seq: int) -> bool:
        found = connection.execute(select(seq_column).where(seq_column == seq).limit(1))
        return found.first() is not None

    return verify_chain(chain.name, _stored_rows(connection, chain), head, seq_present)
