"""Table models of the BPV after the match: the record, its audit trail, evaluations, notes and
the "zoekt een nieuwe plek" queue.

``bpv`` holds one student's BPV at one place (made when a round is published) with a
``version`` for optimistic concurrency: every step names the version it saw. ``bpv_event`` is
the append-only audit trail of the steps (triggers refuse UPDATE and DELETE; hash-chained like
``round_event``, ``adapters/db/audit_chain.py``); it holds codes and dates only. Free text about
a student (the agreements of an evaluation, a remark with a kennismaking or a stop) is personal
data and lives in ``bpv_note``, which erasure deletes, as ``review_note`` does for rounds.
``bpv.guardian_name`` is cleared by erasure too. ``rematch_entry`` is the queue: one waiting
entry per student at most (``waiting`` is TRUE or NULL, the NULL-distinct unique trick of
``round_decision``), resolved when a re-match round places the student.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime
from matcher.bpv.vocabulary import (
    BpvStatus,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    RematchTrigger,
    Scale,
    Side,
    StopReason,
    Verdict,
)


def _in(column: str, values: type[StrEnum], name: str, *, nullable: bool = False) -> Any:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    check = f"{column} IN ({allowed})"
    return CheckConstraint(f"{column} IS NULL OR {check}" if nullable else check, name=name)


def _fk(target: str, name: str, *, nullable: bool = False) -> Any:
    return Column(Integer, ForeignKey(f"{target}.id", name=name), nullable=nullable)


class NoteKind(StrEnum):
    """Which step a BPV note was written with."""

    KENNISMAKING = "kennismaking"
    EVALUATIE = "evaluatie"
    GESTOPT = "gestopt"
    AFGEROND = "afgerond"


class BpvRow(SQLModel, table=True):
    """One student's BPV at one place, from a published round's approved proposal."""

    __tablename__ = "bpv"
    __table_args__ = (
        UniqueConstraint("round_id", "student_id", name="uq_bpv_round_student"),
        _in("status", BpvStatus, "ck_bpv_status"),
        _in("student_answer", Verdict, "ck_bpv_student_answer", nullable=True),
        _in("student_verdict", Verdict, "ck_bpv_student_verdict", nullable=True),
        _in("company_verdict", Verdict, "ck_bpv_company_verdict", nullable=True),
        _in("student_reason", KennismakingReason, "ck_bpv_student_reason", nullable=True),
        _in("company_reason", KennismakingReason, "ck_bpv_company_reason", nullable=True),
        _in("outcome", Outcome, "ck_bpv_outcome", nullable=True),
        _in("outcome_reason", OutcomeReason, "ck_bpv_outcome_reason", nullable=True),
        _in("stop_reason", StopReason, "ck_bpv_stop_reason", nullable=True),
        _in("stopped_by", Side, "ck_bpv_stopped_by", nullable=True),
        CheckConstraint("version >= 1", name="ck_bpv_version"),
        CheckConstraint("evaluations_held >= 0", name="ck_bpv_evaluations_held"),
        CheckConstraint(
            "(outcome IS NULL) = (status NOT IN ('afgerond', 'gestopt'))",
            name="ck_bpv_outcome_when_ended",
        ),
        CheckConstraint(
            "status IN ('voorgesteld', 'kennismaking_gepland', 'kennismaking_gehad', "
            "'overeenkomst_getekend', 'zoekt_nieuwe_plek') OR started_on IS NOT NULL",
            name="ck_bpv_started",
        ),
        Index("ix_bpv_student_id", "student_id"),
        Index("ix_bpv_company_id", "company_id"),
        Index("ix_bpv_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(sa_column=_fk("match_round", "fk_bpv_round"))
    student_id: str
    place_id: str
    company_id: str
    status: str = BpvStatus.VOORGESTELD.value
    proposed_on: date
    kennismaking_on: date | None = None
    kennismaking_with: str = ""  # ';'-joined Party codes
    kennismaking_held_on: date | None = None
    student_answer: str | None = None  # the student's own yes or no before the kennismaking
    student_answer_on: date | None = None
    student_verdict: str | None = None
    student_reason: str | None = None
    company_verdict: str | None = None
    company_verdict_on: date | None = None  # the day the company gave its own verdict
    company_reason: str | None = None
    signed_on: date | None = None
    guardian_name: str | None = None  # personal data: erasure clears it
    started_on: date | None = None
    evaluations_planned: list[str] = Field(default_factory=list, sa_type=JSON)  # ISO dates
    evaluations_held: int = 0
    last_evaluation_on: date | None = None
    ended_on: date | None = None
    outcome: str | None = None
    outcome_reason: str | None = None
    stop_reason: str | None = None
    stopped_by: str | None = None
    version: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())


class BpvEventRow(SQLModel, table=True):
    """Audit: one step of a BPV (append-only, hash-chained); codes and dates, never free text.

    ``version`` is the BPV's version after the step; ``detail`` may name a note by id.
    """

    __tablename__ = "bpv_event"
    __table_args__ = (
        Index("ix_bpv_event_bpv_id", "bpv_id"),
        Index("ux_bpv_event_chain", "chain_lane", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    bpv_id: int = Field(sa_column=_fk("bpv", "fk_bpv_event_bpv"))
    at: datetime = Field(sa_type=UTCDateTime())
    actor: str
    action: str
    version: int
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # The hash chain (filled in by adapters/db/audit_chain.py when the row is inserted).
    chain_lane: int | None = None
    chain_seq: int | None = None
    prev_hash: str | None = None
    row_hash: str | None = None


class BpvEvaluationRow(SQLModel, table=True):
    """One held evaluation: who took part, the plain 1-5 scales and the signals."""

    __tablename__ = "bpv_evaluation"
    __table_args__ = (
        *(
            CheckConstraint(f"{scale} BETWEEN 1 AND 5", name=f"ck_bpv_evaluation_{scale}")
            for scale in Scale
        ),
        Index("ix_bpv_evaluation_bpv_id", "bpv_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bpv_id: int = Field(sa_column=_fk("bpv", "fk_bpv_evaluation_bpv"))
    held_on: date
    participants: str  # ';'-joined Party codes
    wat_gaat_goed: int
    werk: int
    samenwerken: int
    leren: int
    energie: int
    signals: str = ""  # ';'-joined Signal codes
    would_host_again: bool | None = None  # the company's side; None: not asked
    actor: str
    at: datetime = Field(sa_type=UTCDateTime())


class BpvNoteRow(SQLModel, table=True):
    """Free text about a student's BPV (the agreements of an evaluation, a remark with a step):
    personal data, deleted by erasure; the events stay whole."""

    __tablename__ = "bpv_note"
    __table_args__ = (
        _in("kind", NoteKind, "ck_bpv_note_kind"),
        Index("ix_bpv_note_bpv_id", "bpv_id"),
        Index("ix_bpv_note_student_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bpv_id: int = Field(sa_column=_fk("bpv", "fk_bpv_note_bpv"))
    student_id: str
    evaluation_id: int | None = Field(
        default=None,
        sa_column=_fk("bpv_evaluation", "fk_bpv_note_evaluation", nullable=True),
    )
    kind: str
    text: str
    actor: str
    at: datetime = Field(sa_type=UTCDateTime())


class RematchEntryRow(SQLModel, table=True):
    """A student in the "zoekt een nieuwe plek" queue: since when, why, which place failed."""

    __tablename__ = "rematch_entry"
    __table_args__ = (
        _in("cause", RematchTrigger, "ck_rematch_entry_cause"),
        # NULLs are distinct: any number of resolved entries, one waiting entry per student.
        UniqueConstraint("student_id", "waiting", name="uq_rematch_entry_waiting"),
        CheckConstraint("waiting IS NULL OR waiting", name="ck_rematch_entry_waiting"),
        CheckConstraint(
            "(waiting IS NULL) = (resolved_on IS NOT NULL)", name="ck_rematch_entry_resolved"
        ),
        Index("ix_rematch_entry_student_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    student_id: str
    bpv_id: int | None = Field(
        default=None, sa_column=_fk("bpv", "fk_rematch_entry_bpv", nullable=True)
    )
    failed_place_id: str | None = None
    cause: str  # a RematchTrigger code
    entered_on: date
    waiting: bool | None = True
    resolved_on: date | None = None
    resolved_round_id: int | None = Field(
        default=None,
        sa_column=_fk("match_round", "fk_rematch_entry_round", nullable=True),
    )
    created_at: datetime = Field(sa_type=UTCDateTime())
