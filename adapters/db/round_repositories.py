"""Repositories for match rounds: rounds, proposals, decisions, audit (flush, never commit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from adapters import clock
from adapters.db.round_models import (
    DecisionKind,
    MatchRoundRow,
    NoteKind,
    ProposalDecision,
    ProposalRow,
    ReviewNoteRow,
    RoundBlobRow,
    RoundDecisionRow,
    RoundEventRow,
    RoundStatus,
)
from adapters.db.types import fits_db_int
from matcher.errors import ConflictError, NotFoundError

ROUND_TABLE: Table = MatchRoundRow.__table__  # type: ignore[attr-defined]
PROPOSAL_TABLE: Table = ProposalRow.__table__  # type: ignore[attr-defined]
BLOB_TABLE: Table = RoundBlobRow.__table__  # type: ignore[attr-defined]
DECISION_TABLE: Table = RoundDecisionRow.__table__  # type: ignore[attr-defined]

SYSTEM_ACTOR = "systeem"


def utc_now() -> datetime:
    """The current time in UTC (the adapters' clock)."""
    return clock.now()


def add_round(
    session: Session,
    *,
    name: str,
    filters: dict[str, Any],
    policy: dict[str, Any],
    bpv_start: date,
    actor: str,
) -> MatchRoundRow:
    """A new draft round; flushed so it has an id."""
    now = utc_now()
    row = MatchRoundRow(
        name=name,
        filters=filters,
        policy=policy,
        bpv_start=bpv_start,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def get_round(session: Session, round_id: int) -> MatchRoundRow:
    """The round with this id, or a NotFoundError (also for ids no INTEGER column can hold)."""
    row = session.get(MatchRoundRow, round_id) if fits_db_int(round_id) else None
    if row is None:
        raise NotFoundError(f"Ronde {round_id} bestaat niet.", round_id=round_id)
    return row


def list_rounds(session: Session) -> list[MatchRoundRow]:
    """All rounds, newest first."""
    stmt = select(MatchRoundRow).order_by(MatchRoundRow.id.desc())  # type: ignore[union-attr]
    return list(session.scalars(stmt))


def list_rounds_in(session: Session, statuses: Sequence[str]) -> list[MatchRoundRow]:
    """The rounds with one of these statuses, oldest first."""
    status: Any = MatchRoundRow.status
    stmt = select(MatchRoundRow).where(status.in_(statuses)).order_by(MatchRoundRow.id)  # type: ignore[arg-type]
    return list(session.scalars(stmt))


def set_round_state(session: Session, round_id: int, **values: Any) -> None:
    """Change columns of a round and raise its version by one (a plain state change)."""
    session.flush()
    session.execute(
        update(ROUND_TABLE)
        .where(ROUND_TABLE.c.id == round_id)
        .values(version=ROUND_TABLE.c.version + 1, updated_at=utc_now(), **values)
    )
    session.expire_all()


def claim_version(session: Session, round_id: int, expected: int) -> int:
    """Raise the version from ``expected`` by one, or a ConflictError when someone was first."""
    session.flush()
    claimed = fits_db_int(expected + 1) and fits_db_int(round_id)
    if claimed:
        result = session.execute(
            update(ROUND_TABLE)
            .where(ROUND_TABLE.c.id == round_id, ROUND_TABLE.c.version == expected)
            .values(version=expected + 1, updated_at=utc_now())
        )
        claimed = result.rowcount == 1  # type: ignore[attr-defined]
    if not claimed:
        current = get_round(session, round_id).version
        raise ConflictError(
            f"Iemand anders heeft deze ronde net aangepast (nu versie {current}, jij had versie "
            f"{expected}). Er is niets overschreven. Laad de ronde opnieuw en probeer het "
            "nog eens.",
            round_id=round_id,
            expected=expected,
            current=current,
        )
    session.expire_all()
    return expected + 1


def add_event(
    session: Session,
    round_id: int,
    *,
    actor: str,
    action: str,
    detail: dict[str, Any] | None = None,
    reason: str = "",
) -> RoundEventRow:
    """Append one audit event; ``reason`` is for system text only (notes: ``add_noted_event``)."""
    row = RoundEventRow(
        round_id=round_id,
        at=utc_now(),
        actor=actor,
        action=action,
        detail=detail or {},
        reason=reason,
    )
    session.add(row)
    session.flush()
    return row


def add_noted_event(
    session: Session,
    round_id: int,
    *,
    actor: str,
    action: str,
    student_id: str,
    kind: NoteKind,
    note: str,
    detail: dict[str, Any],
) -> RoundEventRow:
    """Append a review event about a student; a non-empty note is stored apart and linked.

    The note row comes first (the append-only event names it in ``detail["note_id"]``), and
    then learns its event's id; the event itself never holds the text.
    """
    if not note.strip():
        return add_event(session, round_id, actor=actor, action=action, detail=detail)
    row = ReviewNoteRow(
        round_id=round_id,
        student_id=student_id,
        kind=kind.value,
        text=note,
        actor=actor,
        at=utc_now(),
    )
    session.add(row)
    session.flush()
    event = add_event(
        session, round_id, actor=actor, action=action, detail={**detail, "note_id": row.id}
    )
    row.event_id = event.id
    session.flush()
    return event


def list_notes(
    session: Session, round_id: int | None = None, student_ids: frozenset[str] | None = None
) -> list[ReviewNoteRow]:
    """Review notes, oldest first: of one round (or all), for these students (or all).

    Unscoped and unlogged: only ``adapters.flows.rounds.notes`` may show what it returns.
    """
    t = ReviewNoteRow.__table__.c  # type: ignore[attr-defined]
    stmt = select(ReviewNoteRow).order_by(t.id)
    if round_id is not None:
        stmt = stmt.where(t.round_id == round_id)
    if student_ids is not None:
        stmt = stmt.where(t.student_id.in_(sorted(student_ids)))
    return list(session.scalars(stmt))


def students_with_notes(
    session: Session, round_id: int, student_ids: Sequence[str], kind: NoteKind
) -> set[str]:
    """Which of these students have a note of this kind in the round (whether, not what)."""
    t = ReviewNoteRow.__table__.c  # type: ignore[attr-defined]
    stmt = (
        select(t.student_id)
        .where(t.round_id == round_id, t.kind == kind.value, t.student_id.in_(student_ids))
        .distinct()
    )
    return {str(s) for s in session.scalars(stmt)}


def delete_notes(session: Session, student_id: str) -> int:
    """Remove every review note about a student (erasure); returns how many."""
    t = ReviewNoteRow.__table__  # type: ignore[attr-defined]
    result = session.execute(delete(t).where(t.c.student_id == student_id))
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_events(session: Session, round_id: int) -> list[RoundEventRow]:
    """A round's audit events, oldest first."""
    events = RoundEventRow.__table__.c  # type: ignore[attr-defined]
    stmt = select(RoundEventRow).where(events.round_id == round_id).order_by(events.id)
    return list(session.scalars(stmt))


def list_proposals(session: Session, round_id: int, run: int) -> list[ProposalRow]:
    """All proposals of one run, by student id."""
    stmt = (
        select(ProposalRow)
        .where(ProposalRow.round_id == round_id, ProposalRow.run == run)  # type: ignore[arg-type]
        .order_by(ProposalRow.student_id)
    )
    return list(session.scalars(stmt))


def get_proposal(session: Session, round_id: int, run: int, student_id: str) -> ProposalRow:
    """One student's proposal in a run, or a NotFoundError."""
    stmt = select(ProposalRow).where(
        ProposalRow.round_id == round_id,  # type: ignore[arg-type]
        ProposalRow.run == run,  # type: ignore[arg-type]
        ProposalRow.student_id == student_id,  # type: ignore[arg-type]
    )
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFoundError(
            f"Student {student_id} staat niet in ronde {round_id}.",
            round_id=round_id,
            student_id=student_id,
        )
    return row


def insert_proposals(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert proposal rows with one executemany."""
    if rows:
        session.execute(insert(PROPOSAL_TABLE), list(rows))


def list_decisions(session: Session, round_id: int) -> list[RoundDecisionRow]:
    """All decisions of a round, oldest first."""
    stmt = (
        select(RoundDecisionRow)
        .where(RoundDecisionRow.round_id == round_id)  # type: ignore[arg-type]
        .order_by(RoundDecisionRow.id)  # type: ignore[arg-type]
    )
    return list(session.scalars(stmt))


def add_decision(
    session: Session,
    round_id: int,
    *,
    student_id: str,
    place_id: str,
    kind: DecisionKind,
    actor: str,
) -> None:
    """Record a lock, move or veto; a new lock or move replaces the student's earlier one."""
    if kind is not DecisionKind.VETO:
        session.flush()
        session.execute(
            update(RoundDecisionRow.__table__)  # type: ignore[attr-defined]
            .where(
                RoundDecisionRow.__table__.c.round_id == round_id,  # type: ignore[attr-defined]
                RoundDecisionRow.__table__.c.student_id == student_id,  # type: ignore[attr-defined]
            )
            .values(active_lock=None)
        )
    session.add(
        RoundDecisionRow(
            round_id=round_id,
            student_id=student_id,
            place_id=place_id,
            kind=kind.value,
            active_lock=None if kind is DecisionKind.VETO else True,
            actor=actor,
            at=utc_now(),
        )
    )
    session.flush()


def mark_in_review(session: Session, round_id: int) -> None:
    """A solved round is now in review (the caller raised its version already)."""
    session.execute(
        update(ROUND_TABLE)
        .where(ROUND_TABLE.c.id == round_id)
        .values(status=RoundStatus.IN_REVIEW.value)
    )


def delete_veto(session: Session, round_id: int, student_id: str, place_id: str) -> None:
    """Take back a rejection: the place may come back for this student."""
    d = DECISION_TABLE.c
    session.execute(
        delete(DECISION_TABLE).where(
            d.round_id == round_id,
            d.student_id == student_id,
            d.place_id == place_id,
            d.kind == DecisionKind.VETO.value,
        )
    )


def release_locks(session: Session, round_id: int, student_id: str) -> None:
    """The student's locks and moves stop binding later runs."""
    d = DECISION_TABLE.c
    session.execute(
        update(DECISION_TABLE)
        .where(d.round_id == round_id, d.student_id == student_id)
        .values(active_lock=None)
    )


def _open_at_least(round_id: int, run: int, min_score: float) -> list[Any]:
    """Open proposals of a run with a place and at least this score."""
    t = PROPOSAL_TABLE.c
    return [
        t.round_id == round_id,
        t.run == run,
        t.decision == ProposalDecision.OPEN.value,
        t.place_id.is_not(None),
        t.score >= min_score,
    ]


def count_open_at_least(session: Session, round_id: int, run: int, min_score: float) -> int:
    """How many open proposals with a place have at least this score."""
    where = _open_at_least(round_id, run, min_score)
    stmt = select(func.count()).select_from(PROPOSAL_TABLE).where(*where)
    return int(session.scalar(stmt) or 0)


def open_at_least(
    session: Session, round_id: int, run: int, min_score: float
) -> list[tuple[str, str]]:
    """(student_id, place_id) of the open proposals with a place and at least this score."""
    t = PROPOSAL_TABLE.c
    stmt = select(t.student_id, t.place_id).where(*_open_at_least(round_id, run, min_score))
    return [(s, p) for s, p in session.execute(stmt)]


def accept_open_at_least(session: Session, round_id: int, run: int, min_score: float) -> None:
    """Approve every open proposal with a place and at least this score, in one UPDATE."""
    session.execute(
        update(PROPOSAL_TABLE)
        .where(*_open_at_least(round_id, run, min_score))
        .values(decision=ProposalDecision.ACCEPTED.value)
    )


def put_blob(session: Session, round_id: int, run: int, key: str, data: bytes) -> None:
    """Store (or replace) one piece of a fanned-out run."""
    session.execute(
        delete(BLOB_TABLE).where(
            BLOB_TABLE.c.round_id == round_id, BLOB_TABLE.c.run == run, BLOB_TABLE.c.key == key
        )
    )
    session.execute(insert(BLOB_TABLE).values(round_id=round_id, run=run, key=key, data=data))


def get_blobs(
    session: Session, round_id: int, run: int, keys: Sequence[str] | None = None
) -> dict[str, bytes]:
    """The stored pieces of a run (all, or those of ``keys`` that exist), by key."""
    stmt = select(BLOB_TABLE.c.key, BLOB_TABLE.c.data).where(
        BLOB_TABLE.c.round_id == round_id, BLOB_TABLE.c.run == run
    )
    if keys is not None:
        stmt = stmt.where(BLOB_TABLE.c.key.in_(list(keys)))
    return {key: bytes(data) for key, data in session.execute(stmt)}


def delete_blobs(session: Session, round_id: int) -> None:
    """Remove every stored piece of a round's fanned-out runs."""
    session.execute(delete(BLOB_TABLE).where(BLOB_TABLE.c.round_id == round_id))


REVIEWABLE = frozenset({RoundStatus.SOLVED.value, RoundStatus.IN_REVIEW.value})
