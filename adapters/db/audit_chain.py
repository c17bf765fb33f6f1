"""The hash chains of the audit tables (privacy_event, round_event, bpv_event), written with
every insert.

Each new row gets its lane, its place in that lane, the hash of the lane's row before and its
own hash (``matcher.audit_chain``), in the same transaction as the insert: a ``before_flush``
hook on every session fills them in. A table has ``LANES`` lanes, each with a head in
``audit_chain`` (length and last hash). The writer locks one head first and holds it until
commit, so two writers never link to the same predecessor. On PostgreSQL it takes the first
head no other transaction holds (``FOR UPDATE SKIP LOCKED``), so up to ``LANES`` transactions
write the log side by side instead of one commit after the other; on SQLite, which serialises
writers anyway, everything goes to lane 0. Only the event rows' own columns are hashed, never
free text that erasure removes elsewhere (``round_event.reason`` is left out on purpose).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    Select,
    String,
    Table,
    event,
    or_,
    select,
    update,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from adapters.db.bpv_models import BpvEventRow
from adapters.db.privacy_models import PrivacyEventRow
from adapters.db.round_models import RoundEventRow
from matcher.audit_chain import (
    GENESIS,
    ChainHead,
    ChainReport,
    ChainRow,
    combine,
    link_hash,
    verify_chain,
)


class AuditChainRow(SQLModel, table=True):
    """The head of one lane of a table's chain: how many rows it links, the last row's hash."""

    __tablename__ = "audit_chain"

    name: str = Field(sa_column=Column(String, primary_key=True))
    lane: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    length: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    last_hash: str = Field(default=GENESIS, sa_column=Column(String, nullable=False))


HEAD_TABLE: Table = AuditChainRow.__table__  # type: ignore[attr-defined]
# Lanes per table: how many transactions may write one audit table at the same moment.
LANES = 8


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
    ),
    # ``reason`` holds reviewers' free text, which is personal data kept and erased apart.
    Chained("round_event", RoundEventRow, ("round_id", "at", "actor", "action", "detail")),
    # The BPV steps (migration 0009); notes about the student live in ``bpv_note``.
    Chained("bpv_event", BpvEventRow, ("bpv_id", "at", "actor", "action", "version", "detail")),
)
AUDIT_TABLES: tuple[str, ...] = tuple(chain.name for chain in CHAINS)


def payload(chain: Chained, row: Any) -> dict[str, Any]:
    """The hashed columns of a row (an ORM object or a result row with the same names)."""
    return {name: getattr(row, name) for name in chain.columns}


def _ensure_head(connection: Connection, name: str, lane: int) -> None:
    """Create the head row of a lane if it is missing (a database made before the chain)."""
    values = {"name": name, "lane": lane, "length": 0, "last_hash": GENESIS}
    if connection.dialect.name == "postgresql":
        connection.execute(pg_insert(HEAD_TABLE).values(values).on_conflict_do_nothing())
    else:
        connection.execute(sqlite_insert(HEAD_TABLE).values(values).on_conflict_do_nothing())


def _head_query(name: str) -> Select[tuple[int, int, str]]:
    return (
        select(HEAD_TABLE.c.lane, HEAD_TABLE.c.length, HEAD_TABLE.c.last_hash)
        .where(HEAD_TABLE.c.name == name)
        .order_by(HEAD_TABLE.c.lane)
        .limit(1)
    )


def _claim_postgres(connection: Connection, name: str) -> tuple[int, int, str]:
    """Lock a free head of the table (else wait for lane 0); returns lane, length, last hash.

    A lane this transaction already holds counts as free, so a transaction never waits for
    itself; two transactions only wait for each other when every lane is taken.
    """
    for _attempt in range(2):
        found = connection.execute(_head_query(name).with_for_update(skip_locked=True)).first()
        if found is None:
            found = connection.execute(_head_query(name).with_for_update()).first()
        if found is not None:
            return int(found.lane), int(found.length), str(found.last_hash)
        _ensure_head(connection, name, 0)
    raise RuntimeError(f"no chain head for {name}")  # pragma: no cover - inserted just above


def _claim_sqlite(connection: Connection, name: str, count: int) -> tuple[int, int, str]:
    """Lane 0, taking the database's write lock before the head is read (a read first could see
    a head that another writer moves on before our write)."""
    stmt = (
        update(HEAD_TABLE)
        .where(HEAD_TABLE.c.name == name, HEAD_TABLE.c.lane == 0)
        .values(length=HEAD_TABLE.c.length + count)
        .returning(HEAD_TABLE.c.length, HEAD_TABLE.c.last_hash)
    )
    found = connection.execute(stmt).first()
    if found is None:
        _ensure_head(connection, name, 0)
        found = connection.execute(stmt).one()
    # RETURNING gives the new length and the last hash as it was before this statement.
    return 0, int(found.length) - count, str(found.last_hash)


def link_new_rows(session: Session, chain: Chained, rows: Sequence[Any]) -> None:
    """Give ``rows`` (new, not yet inserted, in insert order) their lane, places and hashes."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        lane, length, prev = _claim_postgres(connection, chain.name)
    else:
        lane, length, prev = _claim_sqlite(connection, chain.name, len(rows))
    seq = length
    for row in rows:
        seq += 1
        row.chain_lane = lane
        row.chain_seq = seq
        row.prev_hash = prev
        row.row_hash = link_hash(prev, lane, seq, payload(chain, row))
        prev = row.row_hash
    connection.execute(
        update(HEAD_TABLE)
        .where(HEAD_TABLE.c.name == chain.name, HEAD_TABLE.c.lane == lane)
        .values(length=seq, last_hash=prev)
    )


@event.listens_for(Session, "before_flush")
def _link_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Link every new audit row of this flush into its chain before it is inserted."""
    for chain in CHAINS:
        new = [obj for obj in session.new if isinstance(obj, chain.model)]
        if new:
            new.sort(key=lambda obj: sa_inspect(obj).insert_order)
            link_new_rows(session, chain, new)


def _stored_rows(connection: Connection, chain: Chained, lane: int) -> Iterator[ChainRow]:
    table = chain.table
    columns = [table.c[name] for name in chain.columns]
    stmt = (
        select(table.c.id, table.c.chain_seq, table.c.prev_hash, table.c.row_hash, *columns)
        .where(table.c.chain_lane == lane)
        .order_by(table.c.id)
    )
    # The model's column types (UTC timestamps, JSON) read values back as they were written.
    for row in connection.execution_options(yield_per=1000).execute(stmt):
        yield ChainRow(
            row_id=row.id,
            lane=lane,
            seq=row.chain_seq,
            prev_hash=row.prev_hash,
            row_hash=row.row_hash,
            payload=payload(chain, row),
        )


def _unlinked(connection: Connection, chain: Chained) -> ChainReport | None:
    """A report for the first row without its chain fields, if there is one."""
    table = chain.table
    missing = or_(
        table.c.chain_lane.is_(None),
        table.c.chain_seq.is_(None),
        table.c.prev_hash.is_(None),
        table.c.row_hash.is_(None),
    )
    row_id = connection.execute(
        select(table.c.id).where(missing).order_by(table.c.id).limit(1)
    ).scalar()
    if row_id is None:
        return None
    row = ChainRow(
        row_id=int(row_id), lane=None, seq=None, prev_hash=None, row_hash=None, payload={}
    )
    return verify_chain(chain.name, [row], None, lambda _seq: False)


def verify_table(connection: Connection, chain: Chained) -> ChainReport:
    """Check every lane of one table against its rows and its head."""
    table = chain.table
    heads = {
        int(h.lane): ChainHead(int(h.length), str(h.last_hash))
        for h in connection.execute(
            select(HEAD_TABLE.c.lane, HEAD_TABLE.c.length, HEAD_TABLE.c.last_hash).where(
                HEAD_TABLE.c.name == chain.name
            )
        )
    }
    used = connection.execute(
        select(table.c.chain_lane).where(table.c.chain_lane.is_not(None)).distinct()
    ).scalars()
    reports = []
    unlinked = _unlinked(connection, chain)
    if unlinked is not None:
        reports.append(unlinked)
    for lane in sorted(set(heads) | {int(v) for v in used}):

        def seq_present(seq: int, lane: int = lane) -> bool:
            found = connection.execute(
                select(table.c.id)
                .where(table.c.chain_lane == lane, table.c.chain_seq == seq)
                .limit(1)
            )
            return found.first() is not None

        reports.append(
            verify_chain(
                chain.name,
                _stored_rows(connection, chain, lane),
                heads.get(lane),
                seq_present,
                lane,
            )
        )
    return combine(chain.name, reports)


def has_chain(connection: Connection) -> bool:
    """Whether the schema has the chain (migration 0006): the head table and the columns."""
    inspector = sa_inspect(connection)
    if not inspector.has_table("audit_chain"):
        return False
    return all(
        inspector.has_table(chain.name)
        and "chain_seq" in {c["name"] for c in inspector.get_columns(chain.name)}
        for chain in CHAINS
    )


def verify_all(connection: Connection) -> tuple[ChainReport, ...]:
    """Every chained table verified in one read-only transaction (a consistent snapshot on
    PostgreSQL), rolled back after; the caller checked ``has_chain`` on this connection."""
    if connection.dialect.name == "postgresql":
        connection.rollback()  # the inspection before began a transaction
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    reports = tuple(verify_table(connection, chain) for chain in CHAINS)
    connection.rollback()
    return reports
