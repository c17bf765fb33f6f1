"""Queries for the BPV after the match: records, steps with their version check, the audit
trail, evaluations, notes and the re-match queue (flush, never commit; the flows decide).

Only this module and ``bpv_models`` know the tables; the flows get rows or domain values. Rows
convert to and from the pure ``matcher.bpv.lifecycle.Bpv`` here (``to_domain``, ``save_step``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from adapters import clock
from adapters.db.bpv_models import (
    BpvEvaluationRow,
    BpvEventRow,
    BpvNoteRow,
    BpvRow,
    NoteKind,
    RematchEntryRow,
)
from adapters.db.models import CURRENT_DATASET, CompanyRow, StudentRow
from adapters.db.types import fits_db_int
from matcher.bpv.lifecycle import Bpv, Evaluation
from matcher.bpv.vocabulary import (
    ENDED,
    PROPOSED,
    RUNNING,
    BpvStatus,
    KennismakingReason,
    Outcome,
    OutcomeReason,
    Party,
    RematchTrigger,
    Side,
    StopReason,
    Verdict,
)
from matcher.errors import ConflictError, NotFoundError

BPV_TABLE: Table = BpvRow.__table__  # type: ignore[attr-defined]
NOTE_TABLE: Table = BpvNoteRow.__table__  # type: ignore[attr-defined]
QUEUE_TABLE: Table = RematchEntryRow.__table__  # type: ignore[attr-defined]

# The columns a step may change (everything of the domain record but its identity).
_STEP_COLUMNS = (
    "status", "kennismaking_on", "kennismaking_with", "kennismaking_held_on", "student_verdict",
    "student_reason", "company_verdict", "company_reason", "signed_on", "guardian_name",
    "started_on", "evaluations_planned", "evaluations_held", "last_evaluation_on", "ended_on",
    "outcome", "outcome_reason", "stop_reason", "stopped_by",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Placement:
    """An approved proposal of a published round: who goes where."""

    student_id: str
    place_id: str
    company_id: str


# --- mapping ---------------------------------------------------------------------------------


def _codes(values: Iterable[str]) -> str:
    return ";".join(sorted(values))


def _split(text: str) -> list[str]:
    return [v for v in text.split(";") if v]


def _opt(kind: Any, value: str | None) -> Any:
    return None if value is None else kind(value)


def to_domain(row: BpvRow) -> Bpv:
    """The pure record of a row."""
    return Bpv(
        student_id=row.student_id,
        place_id=row.place_id,
        company_id=row.company_id,
        proposed_on=row.proposed_on,
        status=BpvStatus(row.status),
        kennismaking_on=row.kennismaking_on,
        kennismaking_with=frozenset(Party(p) for p in _split(row.kennismaking_with)),
        kennismaking_held_on=row.kennismaking_held_on,
        student_answer=_opt(Verdict, row.student_answer),
        student_answer_on=row.student_answer_on,
        student_verdict=_opt(Verdict, row.student_verdict),
        student_reason=_opt(KennismakingReason, row.student_reason),
        company_verdict=_opt(Verdict, row.company_verdict),
        company_verdict_on=row.company_verdict_on,
        company_reason=_opt(KennismakingReason, row.company_reason),
        signed_on=row.signed_on,
        guardian_name=row.guardian_name,
        started_on=row.started_on,
        evaluations_planned=tuple(date.fromisoformat(d) for d in row.evaluations_planned),
        evaluations_held=row.evaluations_held,
        last_evaluation_on=row.last_evaluation_on,
        ended_on=row.ended_on,
        outcome=_opt(Outcome, row.outcome),
        outcome_reason=_opt(OutcomeReason, row.outcome_reason),
        stop_reason=_opt(StopReason, row.stop_reason),
        stopped_by=_opt(Side, row.stopped_by),
    )


def _columns(bpv: Bpv) -> dict[str, Any]:
    """The step columns of a pure record, as stored."""

    def code(value: Any) -> str | None:
        return None if value is None else str(value.value)

    return {
        "status": bpv.status.value,
        "kennismaking_on": bpv.kennismaking_on,
        "kennismaking_with": _codes(p.value for p in bpv.kennismaking_with),
        "kennismaking_held_on": bpv.kennismaking_held_on,
        "student_answer": code(bpv.student_answer),
        "student_answer_on": bpv.student_answer_on,
        "student_verdict": code(bpv.student_verdict),
        "student_reason": code(bpv.student_reason),
        "company_verdict": code(bpv.company_verdict),
        "company_verdict_on": bpv.company_verdict_on,
        "company_reason": code(bpv.company_reason),
        "signed_on": bpv.signed_on,
        "guardian_name": bpv.guardian_name,
        "started_on": bpv.started_on,
        "evaluations_planned": [d.isoformat() for d in bpv.evaluations_planned],
        "evaluations_held": bpv.evaluations_held,
        "last_evaluation_on": bpv.last_evaluation_on,
        "ended_on": bpv.ended_on,
        "outcome": code(bpv.outcome),
        "outcome_reason": code(bpv.outcome_reason),
        "stop_reason": code(bpv.stop_reason),
        "stopped_by": code(bpv.stopped_by),
    }


# --- records ---------------------------------------------------------------------------------


def create_for_round(
    session: Session, round_id: int, placements: Iterable[Placement], *, proposed_on: date
) -> list[BpvRow]:
    """A ``voorgesteld`` record per placement that has none yet in this round; returns the new."""
    existing = set(
        session.scalars(select(BPV_TABLE.c.student_id).where(BPV_TABLE.c.round_id == round_id))
    )
    now = clock.now()
    made = []
    for p in sorted(placements, key=lambda p: p.student_id):
        if p.student_id in existing:
            continue
        existing.add(p.student_id)
        row = BpvRow(
            round_id=round_id, student_id=p.student_id, place_id=p.place_id,
            company_id=p.company_id, proposed_on=proposed_on, created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(row)
        made.append(row)
    session.flush()
    for row in made:
        assert row.id is not None
        add_event(session, row.id, actor="systeem", action="aangemaakt", version=1,
                  detail={"ronde": round_id})  # fmt: skip
    return made


def get_bpv(session: Session, bpv_id: int) -> BpvRow:
    """The record with this id, or a NotFoundError (also for ids no INTEGER column can hold)."""
    row = session.get(BpvRow, bpv_id) if fits_db_int(bpv_id) else None
    if row is None:
        raise NotFoundError(f"BPV {bpv_id} bestaat niet. Kies een BPV uit de lijst.", bpv_id=bpv_id)
    return row


def list_bpvs(
    session: Session,
    *,
    student_ids: Iterable[str] | None = None,
    company_id: str | None = None,
    statuses: Iterable[BpvStatus] | None = None,
    round_id: int | None = None,
) -> list[BpvRow]:
    """Records matching every filter given (``student_ids`` empty: none), oldest first."""
    stmt = select(BpvRow).order_by(BPV_TABLE.c.id)
    if student_ids is not None:
        ids = sorted(set(student_ids))
        if not ids:
            return []
        stmt = stmt.where(BPV_TABLE.c.student_id.in_(ids))
    if company_id is not None:
        stmt = stmt.where(BPV_TABLE.c.company_id == company_id)
    if statuses is not None:
        stmt = stmt.where(BPV_TABLE.c.status.in_(sorted(s.value for s in statuses)))
    if round_id is not None:
        stmt = stmt.where(BPV_TABLE.c.round_id == round_id)
    return list(session.scalars(stmt))


def open_for_company(session: Session, company_id: str) -> list[BpvRow]:
    """The company's running and proposed records (not ended): whom a withdrawn erkenning hits."""
    return list_bpvs(session, company_id=company_id, statuses=RUNNING | PROPOSED)


def running(session: Session) -> list[BpvRow]:
    """Every running BPV (started, not ended): what a re-match must leave alone."""
    return list_bpvs(session, statuses=RUNNING)


def open_at_unrecognised(session: Session) -> list[BpvRow]:
    """Running and proposed records at a company the current data no longer recognises."""
    companies = CompanyRow.__table__.c  # type: ignore[attr-defined]
    unrecognised = select(companies.company_id).where(
        companies.dataset == CURRENT_DATASET, companies.sbb_recognized.is_(False)
    )
    stmt = (
        select(BpvRow)
        .where(
            BPV_TABLE.c.company_id.in_(unrecognised),
            BPV_TABLE.c.status.in_(sorted(s.value for s in RUNNING | PROPOSED)),
        )
        .order_by(BPV_TABLE.c.id)
    )
    return list(session.scalars(stmt))


def mark_unrecognised(session: Session, company_id: str) -> bool:
    """Record in the current data that the company is no longer erkend; False if unknown."""
    companies = CompanyRow.__table__.c  # type: ignore[attr-defined]
    session.flush()
    result = session.execute(
        update(CompanyRow.__table__)  # type: ignore[attr-defined]
        .where(companies.dataset == CURRENT_DATASET, companies.company_id == company_id)
        .values(sbb_recognized=False, updated_at=clock.now())
    )
    session.expire_all()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def birth_date_of(session: Session, student_id: str) -> date | None:
    """The student's birth date in the current data (None: not there, e.g. erased)."""
    students = StudentRow.__table__.c  # type: ignore[attr-defined]
    stmt = select(students.birth_date).where(
        students.dataset == CURRENT_DATASET, students.student_id == student_id
    )
    found: date | None = session.execute(stmt).scalar_one_or_none()
    return found


def is_ended(row: BpvRow) -> bool:
    """Whether the record no longer changes."""
    return BpvStatus(row.status) in ENDED


def save_step(
    session: Session,
    row: BpvRow,
    new: Bpv,
    *,
    expected_version: int,
    actor: str,
    action: str,
    detail: dict[str, Any] | None = None,
) -> BpvEventRow:
    """Store a step's new record if the version is still ``expected_version`` (else a Dutch
    ConflictError, nothing changed), raise the version by one and append the audit event."""
    assert row.id is not None
    session.flush()
    claimed = fits_db_int(expected_version + 1)
    if claimed:
        result = session.execute(
            update(BPV_TABLE)
            .where(BPV_TABLE.c.id == row.id, BPV_TABLE.c.version == expected_version)
            .values(version=expected_version + 1, updated_at=clock.now(), **_columns(new))
        )
        claimed = result.rowcount == 1  # type: ignore[attr-defined]
    if not claimed:
        session.expire(row)
        current = get_bpv(session, row.id).version
        raise ConflictError(
            f"Iemand anders heeft deze BPV net aangepast (nu versie {current}, jij had versie "
            f"{expected_version}). Er is niets veranderd. Laad de BPV opnieuw en probeer het "
            "nog eens.",
            bpv_id=row.id, expected=expected_version, current=current,
        )  # fmt: skip
    session.expire(row)
    return add_event(
        session, row.id, actor=actor, action=action, version=expected_version + 1,
        detail=detail,
    )  # fmt: skip


def add_event(
    session: Session,
    bpv_id: int,
    *,
    actor: str,
    action: str,
    version: int,
    detail: dict[str, Any] | None = None,
) -> BpvEventRow:
    """Append one audit event (codes and dates only; free text goes in a note)."""
    event = BpvEventRow(
        bpv_id=bpv_id, at=clock.now(), actor=actor, action=action, version=version,
        detail=dict(detail or {}),
    )  # fmt: skip
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, bpv_id: int) -> list[BpvEventRow]:
    """The audit trail of one record, oldest first."""
    stmt = select(BpvEventRow).where(BpvEventRow.bpv_id == bpv_id).order_by(BpvEventRow.id)  # type: ignore[arg-type]
    return list(session.scalars(stmt))


# --- evaluations and notes -------------------------------------------------------------------


def add_evaluation(
    session: Session, row: BpvRow, evaluation: Evaluation, *, actor: str
) -> BpvEvaluationRow:
    """Store a held evaluation; its agreements (free text) become a note linked to it."""
    assert row.id is not None
    stored = BpvEvaluationRow(
        bpv_id=row.id,
        held_on=evaluation.held_on,
        participants=_codes(p.value for p in evaluation.participants),
        signals=_codes(s.value for s in evaluation.signals),
        would_host_again=evaluation.would_host_again,
        actor=actor,
        at=clock.now(),
        **{scale.value: value for scale, value in evaluation.scales.items()},
    )
    session.add(stored)
    session.flush()
    if evaluation.agreements.strip():
        assert stored.id is not None
        add_note(
            session, row, NoteKind.EVALUATIE, evaluation.agreements.strip(), actor=actor,
            evaluation_id=stored.id,
        )  # fmt: skip
    return stored


def list_evaluations(session: Session, bpv_id: int) -> list[BpvEvaluationRow]:
    """The evaluations of one record, in the order they were held."""
    stmt = (
        select(BpvEvaluationRow)
        .where(BpvEvaluationRow.bpv_id == bpv_id)  # type: ignore[arg-type]
        .order_by(BpvEvaluationRow.held_on, BpvEvaluationRow.id)  # type: ignore[arg-type]
    )
    return list(session.scalars(stmt))


def add_note(
    session: Session,
    row: BpvRow,
    kind: NoteKind,
    text: str,
    *,
    actor: str,
    evaluation_id: int | None = None,
) -> BpvNoteRow:
    """Store free text about the student's BPV (erasable personal data)."""
    assert row.id is not None
    note = BpvNoteRow(
        bpv_id=row.id, student_id=row.student_id, evaluation_id=evaluation_id, kind=kind.value,
        text=text, actor=actor, at=clock.now(),
    )  # fmt: skip
    session.add(note)
    session.flush()
    return note


def list_notes(session: Session, bpv_ids: Sequence[int]) -> list[BpvNoteRow]:
    """The notes of these records, oldest first (the flow decides who may read them)."""
    ids = sorted(set(bpv_ids))
    if not ids:
        return []
    stmt = select(BpvNoteRow).where(NOTE_TABLE.c.bpv_id.in_(ids)).order_by(NOTE_TABLE.c.id)
    return list(session.scalars(stmt))


def for_student(
    session: Session, student_id: str
) -> list[tuple[BpvRow, list[BpvEvaluationRow], list[BpvNoteRow]]]:
    """Every BPV of the student with its evaluations and notes (the right of access)."""
    found = []
    for row in list_bpvs(session, student_ids=[student_id]):
        assert row.id is not None
        found.append((row, list_evaluations(session, row.id), list_notes(session, [row.id])))
    return found


def erase_student(session: Session, student_id: str) -> int:
    """Erasure: delete the student's BPV notes and clear the guardian's name; returns how many
    notes. The records, evaluations' scales and the audit trail stay (codes and dates only)."""
    session.flush()
    deleted = session.execute(delete(NOTE_TABLE).where(NOTE_TABLE.c.student_id == student_id))
    session.execute(
        update(BPV_TABLE)
        .where(BPV_TABLE.c.student_id == student_id, BPV_TABLE.c.guardian_name.is_not(None))
        .values(guardian_name=None)
    )
    session.expire_all()
    return int(deleted.rowcount)  # type: ignore[attr-defined]


# --- the re-match queue ----------------------------------------------------------------------


def enter_queue(
    session: Session,
    *,
    student_id: str,
    cause: RematchTrigger,
    entered_on: date,
    bpv_id: int | None = None,
    failed_place_id: str | None = None,
) -> RematchEntryRow | None:
    """Queue the student unless they already wait (then None: the earlier date stays)."""
    if waiting_entry(session, student_id) is not None:
        return None
    entry = RematchEntryRow(
        student_id=student_id, bpv_id=bpv_id, failed_place_id=failed_place_id,
        cause=cause.value, entered_on=entered_on, waiting=True, created_at=clock.now(),
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry


def waiting_entry(session: Session, student_id: str) -> RematchEntryRow | None:
    """The student's waiting entry, if any."""
    stmt = select(RematchEntryRow).where(
        QUEUE_TABLE.c.student_id == student_id, QUEUE_TABLE.c.waiting.is_(True)
    )
    return session.scalars(stmt).first()


def list_waiting(
    session: Session, student_ids: Iterable[str] | None = None
) -> list[RematchEntryRow]:
    """Who waits (of these students, when given), longest waiting first."""
    stmt = (
        select(RematchEntryRow)
        .where(QUEUE_TABLE.c.waiting.is_(True))
        .order_by(QUEUE_TABLE.c.entered_on, QUEUE_TABLE.c.student_id)
    )
    if student_ids is not None:
        ids = sorted(set(student_ids))
        if not ids:
            return []
        stmt = stmt.where(QUEUE_TABLE.c.student_id.in_(ids))
    return list(session.scalars(stmt))


def resolve_waiting(
    session: Session, student_ids: Iterable[str], *, round_id: int, on: date
) -> int:
    """These students found a new place in ``round_id``: their entries stop waiting."""
    ids = sorted(set(student_ids))
    if not ids:
        return 0
    session.flush()
    result = session.execute(
        update(QUEUE_TABLE)
        .where(QUEUE_TABLE.c.student_id.in_(ids), QUEUE_TABLE.c.waiting.is_(True))
        .values(waiting=None, resolved_on=on, resolved_round_id=round_id)
    )
    session.expire_all()
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_entries(session: Session, student_id: str) -> list[RematchEntryRow]:
    """Every queue entry of the student, waiting or resolved (the places already tried)."""
    stmt = (
        select(RematchEntryRow)
        .where(QUEUE_TABLE.c.student_id == student_id)
        .order_by(QUEUE_TABLE.c.entered_on, QUEUE_TABLE.c.id)
    )
    return list(session.scalars(stmt))


def evaluations_of(session: Session, bpv_ids: Iterable[int]) -> list[BpvEvaluationRow]:
    """The evaluations of these records, in the order they were held (the track record)."""
    ids = sorted(set(bpv_ids))
    if not ids:
        return []
    table = BpvEvaluationRow.__table__.c  # type: ignore[attr-defined]
    stmt = select(BpvEvaluationRow).where(table.bpv_id.in_(ids)).order_by(table.held_on, table.id)
    return list(session.scalars(stmt))
