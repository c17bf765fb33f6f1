"""Reviewers' notes apart from the append-only round events, so erasure can remove them.

Every person-written text (comments; reasons to reject, lock or move) moves from
``round_event.reason``, ``proposal.comment`` and ``round_decision.reason`` into ``review_note``,
keyed by round, student and event (``review_note.event_id``; new events also name their note in
``detail["note_id"]``, old ones keep their detail as it was). A moved proposal's explanation
loses the reason it quoted. Then ``proposal.comment`` and ``round_decision.reason`` are dropped;
``round_event.reason`` stays for the system's own text (why a run failed).

Clearing the old events' text needs an UPDATE of ``reason`` on the append-only table: its UPDATE
trigger is set aside for that and put back (migrations run as the owner role). Only ``reason``
changes, which the audit hash chain leaves out, so this works before or after the chain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Review actions whose reason is a person's note, and the note kind each becomes.
NOTED_ACTIONS = {"commented": "comment", "rejected": "reject", "locked": "lock", "moved": "move"}
DECISION_KINDS = {"veto": "reject", "lock": "lock", "move": "move"}
MOVED_PREFIX = "Verplaatst door "

events = sa.table(
    "round_event",
    sa.column("id", sa.Integer),
    sa.column("round_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("detail", sa.JSON),
    sa.column("reason", sa.String),
)
notes = sa.table(
    "review_note",
    sa.column("id", sa.Integer),
    sa.column("round_id", sa.Integer),
    sa.column("student_id", sa.String),
    sa.column("event_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("text", sa.String),
    sa.column("actor", sa.String),
    sa.column("at", sa.DateTime(timezone=True)),
)
proposals = sa.table(
    "proposal",
    sa.column("id", sa.Integer),
    sa.column("round_id", sa.Integer),
    sa.column("student_id", sa.String),
    sa.column("decision", sa.String),
    sa.column("explanation", sa.String),
    sa.column("comment", sa.String),
)
decisions = sa.table(
    "round_decision",
    sa.column("round_id", sa.Integer),
    sa.column("student_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("actor", sa.String),
    sa.column("reason", sa.String),
    sa.column("at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "review_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('comment', 'reject', 'lock', 'move')", name="ck_review_note_kind"
        ),
        sa.ForeignKeyConstraint(["round_id"], ["match_round.id"], name="fk_review_note_round"),
        sa.ForeignKeyConstraint(["event_id"], ["round_event.id"], name="fk_review_note_event"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_note_round_student", "review_note", ["round_id", "student_id"])
    op.create_index("ix_review_note_student_id", "review_note", ["student_id"])
    bind = op.get_bind()
    moved = _move_event_texts(bind)
    _keep_orphans(bind, moved)
    _strip_moved_explanations(bind)
    op.drop_column("proposal", "comment")
    op.drop_column("round_decision", "reason")


def _move_event_texts(bind: sa.Connection) -> set[tuple[int, str, str]]:
    """Each review event's reason becomes a note; the event keeps its row, without the text."""
    moved: set[tuple[int, str, str]] = set()
    rows = bind.execute(
        sa.select(events).where(events.c.reason != "", events.c.action.in_(NOTED_ACTIONS))
    ).all()
    noted = [r for r in rows if isinstance(r.detail, dict) and r.detail.get("student_id")]
    if not noted:
        return moved
    with _append_only_paused(bind):
        for r in noted:
            sid = str(r.detail["student_id"])
            bind.execute(
                sa.insert(notes).values(
                    round_id=r.round_id,
                    student_id=sid,
                    event_id=r.id,
                    kind=NOTED_ACTIONS[r.action],
                    text=r.reason,
                    actor=r.actor,
                    at=r.at,
                )  # fmt: skip
            )
            bind.execute(sa.update(events).where(events.c.id == r.id).values(reason=""))
            moved.add((r.round_id, sid, r.reason))
    return moved


def _keep_orphans(bind: sa.Connection, moved: set[tuple[int, str, str]]) -> None:
    """Texts in proposals or decisions without a matching event still become notes."""
    now = datetime.now(UTC)
    found: dict[tuple[int, str, str], dict[str, Any]] = {}
    for p in bind.execute(sa.select(proposals).where(proposals.c.comment != "")):
        key = (p.round_id, p.student_id, p.comment)
        found.setdefault(key, {"kind": "comment", "actor": "onbekend", "at": now})
    for d in bind.execute(sa.select(decisions).where(decisions.c.reason != "")):
        key = (d.round_id, d.student_id, d.reason)
        found.setdefault(key, {"kind": DECISION_KINDS[d.kind], "actor": d.actor, "at": d.at})
    for (round_id, sid, text), extra in found.items():
        if (round_id, sid, text) not in moved:
            bind.execute(
                sa.insert(notes).values(round_id=round_id, student_id=sid, text=text, **extra)
            )


def _strip_moved_explanations(bind: sa.Connection) -> None:
    """'Verplaatst door X: <reason>' becomes 'Verplaatst door X.' (the reason is a note now)."""
    reasons: dict[tuple[int, str], list[str]] = {}
    for n in bind.execute(sa.select(notes).where(notes.c.kind == "move")):
        reasons.setdefault((n.round_id, n.student_id), []).append(n.text)
    rows = bind.execute(
        sa.select(proposals).where(
            proposals.c.decision == "moved", proposals.c.explanation.startswith(MOVED_PREFIX)
        )
    ).all()
    for p in rows:
        for text in reasons.get((p.round_id, p.student_id), []):
            if p.explanation.endswith(f": {text}"):
                kept = p.explanation[: -len(text) - 2] + "."
                bind.execute(
                    sa.update(proposals).where(proposals.c.id == p.id).values(explanation=kept)
                )
                break


class _append_only_paused:
    """Set round_event's UPDATE trigger aside inside this block (the owner role only)."""

    def __init__(self, bind: sa.Connection) -> None:
        self.bind = bind
        self.postgres = bind.dialect.name == "postgresql"

    def __enter__(self) -> None:
        if self.postgres:
            op.execute("ALTER TABLE round_event DISABLE TRIGGER round_event_no_update")
        else:
            op.execute("DROP TRIGGER round_event_no_update")

    def __exit__(self, *exc: object) -> None:
        if self.postgres:
            op.execute("ALTER TABLE round_event ENABLE TRIGGER round_event_no_update")
        else:
            op.execute(
                "CREATE TRIGGER round_event_no_update BEFORE UPDATE ON round_event "
                "BEGIN SELECT RAISE(ABORT, 'round_event is append-only'); END"
            )


def downgrade() -> None:
    op.add_column(
        "round_decision", sa.Column("reason", sa.String(), nullable=False, server_default="")
    )
    op.add_column("proposal", sa.Column("comment", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    rows = bind.execute(sa.select(notes).order_by(notes.c.id)).all()
    linked = [n for n in rows if n.event_id is not None]
    if linked:
        with _append_only_paused(bind):
            for n in linked:
                bind.execute(
                    sa.update(events).where(events.c.id == n.event_id).values(reason=n.text)
                )
    for n in rows:
        if n.kind == "comment":
            bind.execute(
                sa.update(proposals)
                .where(proposals.c.round_id == n.round_id, proposals.c.student_id == n.student_id)
                .values(comment=n.text)
            )
    op.drop_index("ix_review_note_student_id", table_name="review_note")
    op.drop_index("ix_review_note_round_student", table_name="review_note")
    op.drop_table("review_note")
