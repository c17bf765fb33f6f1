"""Table models of match rounds: the round, its proposals per run, decisions, audit and blobs.

A round's runs are numbered from 1; ``match_round.current_run`` is the last completed run and
only its proposals are "active". ``round_event`` is append-only: the code only inserts, the
migration adds triggers that refuse UPDATE and DELETE on it, and every row is linked into a hash
chain (``adapters/db/audit_chain.py``). What reviewers write about a student (comments, reasons to
reject, lock or move) is personal data that erasure must remove, so it lives in ``review_note``,
never in the append-only events or in proposals and decisions.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime


class RoundStatus(StrEnum):
    """Where a round is in its life."""

    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    SOLVED = "solved"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    FAILED = "failed"


class ProposalDecision(StrEnum):
    """What a reviewer decided about one proposal."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MOVED = "moved"


# A person approved these: only they are exported, shown to the student and sent to the company.
APPROVED_DECISIONS = frozenset({ProposalDecision.ACCEPTED.value, ProposalDecision.MOVED.value})


class DecisionKind(StrEnum):
    """Decisions that a re-run must respect."""

    LOCK = "lock"  # this student keeps this place
    VETO = "veto"  # this student never gets this place again
    MOVE = "move"  # a reviewer moved the student here (kept like a lock)


def _in(column: str, values: type[StrEnum], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


def _round_fk(table: str) -> Any:
    return Column(Integer, ForeignKey("match_round.id", name=f"fk_{table}_round"), nullable=False)


class MatchRoundRow(SQLModel, table=True):
    """One match round: selection, policy, lifecycle state and an optimistic version."""

    __tablename__ = "match_round"
    __table_args__ = (
        _in("status", RoundStatus, "ck_match_round_status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="ck_match_round_progress"),
        CheckConstraint("version >= 1", name="ck_match_round_version"),
        CheckConstraint("current_run >= 0", name="ck_match_round_current_run"),
        CheckConstraint(
            "status <> 'failed' OR error IS NOT NULL", name="ck_match_round_failed_has_error"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    status: str = RoundStatus.DRAFT.value
    stage: str = ""
    progress: int = 0
    error: str | None = None
    filters: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    policy: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    bpv_start: date
    version: int = 1
    current_run: int = 0
    summary: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    lease_token: str | None = None
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime())
    created_by: str
    created_at: datetime = Field(sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())


class ProposalRow(SQLModel, table=True):
    """One student's proposal in one run of a round, with the reviewer's decision."""

    __tablename__ = "proposal"
    __table_args__ = (
        UniqueConstraint("round_id", "run", "student_id", name="uq_proposal_round_run_student"),
        _in("decision", ProposalDecision, "ck_proposal_decision"),
        CheckConstraint("run >= 1", name="ck_proposal_run"),
        CheckConstraint(
            "(place_id IS NULL) = (company_id IS NULL)", name="ck_proposal_place_company"
        ),
        CheckConstraint(
            "decision IN ('open', 'rejected') OR place_id IS NOT NULL",
            name="ck_proposal_decision_needs_place",
        ),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 1", name="ck_proposal_score"),
        Index("ix_proposal_round_run_place", "round_id", "run", "place_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("proposal"))
    run: int
    student_id: str
    place_id: str | None = None
    company_id: str | None = None
    score: float | None = None
    travel_minutes: float | None = None
    status: str
    explanation: str = ""
    unplaced_reason: str = ""
    decision: str = ProposalDecision.OPEN.value
    locked: bool = False
    terms: dict[str, float] = Field(default_factory=dict, sa_type=JSON)


class RoundDecisionRow(SQLModel, table=True):
    """A lock, veto or move that every later run of the round respects."""

    __tablename__ = "round_decision"
    __table_args__ = (
        _in("kind", DecisionKind, "ck_round_decision_kind"),
        # NULLs are distinct: any number of inactive rows, one TRUE per student.
        UniqueConstraint(
            "round_id", "student_id", "active_lock", name="uq_round_decision_active_lock"
        ),
        CheckConstraint("active_lock IS NULL OR active_lock", name="ck_round_decision_active"),
        CheckConstraint(
            "active_lock IS NULL OR kind <> 'veto'", name="ck_round_decision_veto_not_lock"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("round_decision"))
    student_id: str
    place_id: str
    kind: str
    active_lock: bool | None = None  # TRUE for the one active lock/move of a student, else NULL
    actor: str
    at: datetime = Field(sa_type=UTCDateTime())


class RoundEventRow(SQLModel, table=True):
    """Audit: one state change or review action (append-only).

    ``reason`` only holds text the system wrote (why a run failed); a reviewer's note is a
    ``review_note`` row named by ``detail["note_id"]``, so erasing it leaves this row intact.
    """

    __tablename__ = "round_event"
    __table_args__ = (
        Index("ix_round_event_round_id", "round_id"),
        Index("ux_round_event_chain", "chain_lane", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("round_event"))
    at: datetime = Field(sa_type=UTCDateTime())
    actor: str
    action: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reason: str = ""
    # The hash chain (filled in by adapters/db/audit_chain.py when the row is inserted).
    chain_lane: int | None = None
    chain_seq: int | None = None
    prev_hash: str | None = None
    row_hash: str | None = None


class NoteKind(StrEnum):
    """Which review action a note was written with."""

    COMMENT = "comment"
    REJECT = "reject"
    LOCK = "lock"
    MOVE = "move"


class ReviewNoteRow(SQLModel, table=True):
    """A reviewer's free text about one student in a round: personal data, erased with them.

    Kept apart from the append-only ``round_event`` (the event names this row in
    ``detail["note_id"]``, the row names the event in ``event_id``), so that erasure deletes the
    text and the round's history, counts and audit trail stay as they were.
    """

    __tablename__ = "review_note"
    __table_args__ = (
        _in("kind", NoteKind, "ck_review_note_kind"),
        Index("ix_review_note_round_student", "round_id", "student_id"),
        Index("ix_review_note_student_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("review_note"))
    student_id: str
    event_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("round_event.id", name="fk_review_note_event"), nullable=True
        ),
    )
    kind: str
    text: str
    actor: str
    at: datetime = Field(sa_type=UTCDateTime())


class RoundBlobRow(SQLModel, table=True):
    """Work in progress of a fanned-out run: the pickled problem and each component's answer."""

    __tablename__ = "round_blob"
    __table_args__ = (UniqueConstraint("round_id", "run", "key", name="uq_round_blob_key"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("round_blob"))
    run: int
    key: str
    data: bytes = Field(sa_type=LargeBinary)


class RoundSnapshotRow(SQLModel, table=True):
    """What a round showed when it was published: names, places, companies and the company
    cards, so that later imports never change a published round.

    ``data`` is one JSON document (see ``adapters/flows/rounds/snapshot.py``); the proposals
    themselves (scores, explanations, decisions) are already frozen in ``proposal``. Erasure of
    a student replaces their entries with an erased marker.
    """

    __tablename__ = "round_snapshot"
    __table_args__ = (UniqueConstraint("round_id", name="uq_round_snapshot_round"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_round_fk("round_snapshot"))
    run: int
    taken_at: datetime = Field(sa_type=UTCDateTime())
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
