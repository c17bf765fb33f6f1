"""Hash chains over the audit tables (issue 15, finding 8).

privacy_event and round_event get their lane and place in a chain (chain_lane, chain_seq), the
previous row's hash and their own hash; audit_chain holds each lane's head (length, last hash;
8 lanes per table, so that writers need not wait for each other's commit). Rows already there
are linked in id order, in lane 0. A row without its hash is refused (trigger), and on PostgreSQL
TRUNCATE is refused as well (statement trigger; the app role has no TRUNCATE privilege either).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from adapters.db.types import UTCDateTime
from matcher.audit_chain import GENESIS, link_hash

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANES = 8  # as adapters/db/audit_chain.py; more lanes can be added later as head rows
# The hashed columns, frozen as they were when the chain began (adapters/db/audit_chain.py).
HASHED: dict[str, tuple[str, ...]] = {
    "privacy_event": (
        "at", "actor_id", "actor", "role", "purpose", "action", "student_id", "categories",
        "fields", "recipient", "motivation",
    ),
    "round_event": ("round_id", "at", "actor", "action", "detail"),
}  # fmt: skip
TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "at": UTCDateTime(),
    "detail": sa.JSON(),
    "actor_id": sa.Integer(),
    "round_id": sa.Integer(),
}


def _table(name: str) -> sa.TableClause:
    columns = [sa.column(c, TYPES.get(c, sa.String())) for c in HASHED[name]]
    return sa.table(
        name,
        sa.column("id", sa.Integer()),
        sa.column("chain_lane", sa.Integer()),
        sa.column("chain_seq", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("row_hash", sa.String()),
        *columns,
    )


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _sqlite_append_only(table: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _link_existing(name: str) -> tuple[int, str]:
    """Link the rows already in the table, oldest first; returns the chain's length and head."""
    table = _table(name)
    bind = op.get_bind()
    rows = bind.execute(sa.select(table).order_by(table.c.id)).all()
    if rows and _postgres():
        op.execute(f"ALTER TABLE {name} DISABLE TRIGGER USER")
    elif rows:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER {name}_no_{verb}")
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        payload = {c: getattr(row, c) for c in HASHED[name]}
        row_hash = link_hash(prev, 0, seq, payload)
        bind.execute(
            sa.update(table)
            .where(table.c.id == row.id)
            .values(chain_lane=0, chain_seq=seq, prev_hash=prev, row_hash=row_hash)
        )
        prev = row_hash
    if rows and _postgres():
        op.execute(f"ALTER TABLE {name} ENABLE TRIGGER USER")
    elif rows:
        _sqlite_append_only(name)
    return len(rows), prev


def _needs_chain(name: str) -> None:
    """Refuse an inserted row without its chain fields, and (PostgreSQL) any TRUNCATE."""
    condition = (
        "NEW.chain_lane IS NULL OR NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL "
        "OR NEW.row_hash IS NULL"
    )
    message = f"{name} rows need their chain hash"
    if _postgres():
        op.execute(
            f"CREATE FUNCTION {name}_needs_chain() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN IF {condition} THEN RAISE EXCEPTION '{message}'; END IF; "
            "RETURN NEW; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name}_needs_chain BEFORE INSERT ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}_needs_chain()"
        )
        op.execute(
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_append_only()"
        )
        return
    op.execute(
        f"CREATE TRIGGER {name}_needs_chain BEFORE INSERT ON {name} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def upgrade() -> None:
    head = op.create_table(
        "audit_chain",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("lane", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name", "lane"),
    )
    for name in HASHED:
        op.add_column(name, sa.Column("chain_lane", sa.Integer(), nullable=True))
        op.add_column(name, sa.Column("chain_seq", sa.Integer(), nullable=True))
        op.add_column(name, sa.Column("prev_hash", sa.String(), nullable=True))
        op.add_column(name, sa.Column("row_hash", sa.String(), nullable=True))
        length, last = _link_existing(name)
        op.create_index(f"ux_{name}_chain", name, ["chain_lane", "chain_seq"], unique=True)
        op.bulk_insert(
            head,
            [{"name": name, "lane": 0, "length": length, "last_hash": last}]
            + [{"name": name, "lane": lane, "length": 0, "last_hash": GENESIS}
               for lane in range(1, LANES)],
        )  # fmt: skip
        _needs_chain(name)


def downgrade() -> None:
    for name in HASHED:
        if _postgres():
            op.execute(f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {name}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}_needs_chain() CASCADE")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_needs_chain")
        op.drop_index(f"ux_{name}_chain", table_name=name)
        for column in ("row_hash", "prev_hash", "chain_seq", "chain_lane"):
            op.drop_column(name, column)
    op.drop_table("audit_chain")
