"""Reviewers' notes and the round log: the one scoped, logged way to read them.

A note (a comment, or the reason given to reject, lock or move) is free text about one student
("belt liever niet, heeft autisme") and so special-category personal data: it is scoped like
the student's needs. The bureau sees every note; a jobcoach or begeleider only notes about
students in their caseload; companies, students and beheer never see them. Every note shown is
logged in that student's privacy log (field ``review_note``). Erasure deletes the notes
(``subject_rights``); the events stay.

The round log shown to a jobcoach or begeleider keeps the round's own events (created,
started, solved, published) and the review events about students in their caseload; review
events about other students are left out whole: who was accepted, rejected or moved where is
none of their business, and a student id with a place already says something about a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from adapters.db import round_repositories as repo
from adapters.db.round_models import NoteKind, ReviewNoteRow, RoundEventRow
from adapters.privacy.access import Grant, StudentScope, student_scope
from adapters.privacy.audit import record_reads
from matcher.privacy.vocabulary import Category, Role

NOTE_FIELD = "review_note"
_NOTE_READERS = frozenset({Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER})


@dataclass(frozen=True, slots=True)
class Note:
    """One reviewer's note as it may be shown."""

    id: int
    event_id: int | None
    student_id: str
    kind: str
    text: str
    actor: str
    at: datetime


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of the round log as this requester may see it."""

    id: int
    at: datetime
    actor: str
    action: str
    reason: str
    detail: dict[str, Any]


def note_scope(session: Session, grant: Grant) -> StudentScope:
    """Whose notes this requester may read: all (bureau), their caseload, or nobody."""
    if grant.decision.role not in _NOTE_READERS:
        return StudentScope(all=False)
    return student_scope(session, grant)


def read_notes(
    session: Session,
    grant: Grant,
    round_id: int,
    *,
    student_ids: Iterable[str] | None = None,
    kinds: Iterable[NoteKind] | None = None,
) -> list[Note]:
    """The notes of a round (about these students, of these kinds, when given) this requester
    may read, oldest first; each student whose notes are returned gets a READ in their log."""
    scope = note_scope(session, grant)
    wanted = None if student_ids is None else frozenset(student_ids)
    if not scope.all:
        wanted = scope.ids if wanted is None else wanted & scope.ids
    if wanted is not None and not wanted:
        return []
    rows = repo.list_notes(session, round_id, wanted)
    if kinds is not None:
        allowed = {k.value for k in kinds}
        rows = [r for r in rows if r.kind in allowed]
    if rows:
        record_reads(
            session,
            actor=grant.actor,
            role=grant.decision.role,
            purpose=grant.decision.purpose,
            student_ids={r.student_id for r in rows},
            fields=(NOTE_FIELD,),
            categories=(Category.FUNCTIONAL_NEEDS,),
        )
    return [_note(r) for r in rows]


def _note(row: ReviewNoteRow) -> Note:
    assert row.id is not None
    return Note(row.id, row.event_id, row.student_id, row.kind, row.text, row.actor, row.at)


def comments_for(
    session: Session, grant: Grant, round_id: int, student_ids: Iterable[str]
) -> dict[str, str]:
    """Each student's latest comment in the round, for those this requester may read (logged)."""
    latest: dict[str, str] = {}
    found = read_notes(session, grant, round_id, student_ids=student_ids, kinds=[NoteKind.COMMENT])
    for note in found:
        latest[note.student_id] = note.text
    return latest


def commented_students(session: Session, round_id: int, student_ids: Iterable[str]) -> set[str]:
    """Which of these students have a comment in the round (whether, not what: not logged)."""
    ids = sorted(set(student_ids))
    if not ids:
        return set()
    return repo.students_with_notes(session, round_id, ids, NoteKind.COMMENT)


def round_events(session: Session, grant: Grant, round_id: int) -> list[EventView]:
    """The round log for this requester: events about students outside their scope left out,
    notes filled in where they may read them (and logged), oldest first."""
    repo.get_round(session, round_id)
    scope = note_scope(session, grant)
    shown = [e for e in repo.list_events(session, round_id) if _visible(e, scope)]
    about = {sid for e in shown if (sid := _student_of(e)) is not None}
    notes = read_notes(session, grant, round_id, student_ids=about)
    by_event: dict[int | None, Note] = {n.event_id: n for n in notes if n.event_id is not None}
    return [_view(e, scope, by_event.get(e.id)) for e in shown]


def _student_of(event: RoundEventRow) -> str | None:
    student = (event.detail or {}).get("student_id")
    return None if student is None else str(student)


def _visible(event: RoundEventRow, scope: StudentScope) -> bool:
    student = _student_of(event)
    return student is None or scope.allows(student)


def _view(event: RoundEventRow, scope: StudentScope, note: Note | None) -> EventView:
    """The event with its note's text (``review_note.event_id``: migrated events have no
    ``note_id`` in their detail), or the system's own text."""
    assert event.id is not None
    detail = dict(event.detail or {})
    filters = detail.get("filters")
    if not scope.all and isinstance(filters, dict) and filters.get("student_ids"):
        # A round made for named students: show only the ones in the requester's scope.
        allowed = [s for s in filters["student_ids"] if scope.allows(str(s))]
        detail["filters"] = {**filters, "student_ids": allowed}
    reason = note.text if note is not None else event.reason
    return EventView(event.id, event.at, event.actor, event.action, reason, detail)
