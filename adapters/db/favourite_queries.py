"""Reads and writes of the student_favourite table (no rules: the flow decides)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlmodel import Session

from adapters import clock
from adapters.db.favourite_models import StudentFavouriteRow, StudentProfileRow

_F = StudentFavouriteRow.__table__.c  # type: ignore[attr-defined]
_P = StudentProfileRow.__table__.c  # type: ignore[attr-defined]


def for_student(conn: Connection, student_id: str) -> tuple[str, ...]:
    """The student's favourite place ids, best first."""
    stmt = select(_F.place_id).where(_F.student_id == student_id).order_by(_F.rank)
    return tuple(r.place_id for r in conn.execute(stmt))


def for_students(conn: Connection, student_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Favourites of many students (only those who have any), best first."""
    ids = list(student_ids)
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), 1000):
        stmt = (
            select(_F.student_id, _F.place_id)
            .where(_F.student_id.in_(ids[start : start + 1000]))
            .order_by(_F.student_id, _F.rank)
        )
        for r in conn.execute(stmt):
            out.setdefault(r.student_id, []).append(r.place_id)
    return {k: tuple(v) for k, v in out.items()}


def replace(session: Session, student_id: str, place_ids: Sequence[str]) -> None:
    """Store exactly these favourites for the student, in this order. Flushes only."""
    session.execute(delete(StudentFavouriteRow).where(_F.student_id == student_id))
    now = clock.now()
    for rank, place_id in enumerate(place_ids):
        session.add(
            StudentFavouriteRow(student_id=student_id, place_id=place_id, rank=rank, updated_at=now)
        )
    session.flush()


def erase(session: Session, student_id: str) -> int:
    """Delete the student's favourites; returns how many there were."""
    found = len(for_student(session.connection(), student_id))
    session.execute(delete(StudentFavouriteRow).where(_F.student_id == student_id))
    return found


def profile_row(session: Session, student_id: str) -> StudentProfileRow | None:
    """The student's own profile row, if they saved one."""
    stmt = select(StudentProfileRow).where(_P.student_id == student_id)
    return session.execute(stmt).scalars().first()


def profiles(conn: Connection, student_ids: Iterable[str]) -> dict[str, Any]:
    """(words, proposed, confirmed) per student who saved a profile."""
    ids = list(student_ids)
    out: dict[str, Any] = {}
    for start in range(0, len(ids), 1000):
        stmt = select(_P.student_id, _P.words, _P.proposed, _P.confirmed).where(
            _P.student_id.in_(ids[start : start + 1000])
        )
        for r in conn.execute(stmt):
            out[r.student_id] = (r.words, r.proposed, r.confirmed)
    return out


def save_profile(
    session: Session, student_id: str, words: dict[str, Any], proposed: dict[str, Any]
) -> StudentProfileRow:
    """Store the student's words and proposed facts (the confirmed facts stay). Flushes only."""
    row = profile_row(session, student_id) or StudentProfileRow(
        student_id=student_id, updated_at=clock.now()
    )
    row.words = words
    row.proposed = proposed
    row.updated_at = clock.now()
    session.add(row)
    session.flush()
    return row


def confirm_profile(session: Session, row: StudentProfileRow, by: str) -> None:
    """Copy the proposed facts into the confirmed ones. Flushes only."""
    row.confirmed = dict(row.proposed or {})
    row.confirmed_by = by
    row.confirmed_at = clock.now()
    session.add(row)
    session.flush()


def erase_profile(session: Session, student_id: str) -> None:
    """Delete the student's own profile."""
    session.execute(delete(StudentProfileRow).where(_P.student_id == student_id))
