"""Reads and writes of the student_known_company table (no rules: the flow decides)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlmodel import Session

from adapters import clock
from adapters.db.known_company_models import KnownCompanyRow
from adapters.db.profile_queries import COMPANIES, PLACES, STUDENTS

_K = KnownCompanyRow.__table__.c  # type: ignore[attr-defined]
ADDED = "toegevoegd"


def of_student(session: Session, student_id: str) -> KnownCompanyRow | None:
    """The company this student named, if any."""
    stmt = select(KnownCompanyRow).where(_K.student_id == student_id)
    return session.execute(stmt).scalars().first()


def save(
    session: Session, student_id: str, values: dict[str, str], *, same_company: bool
) -> KnownCompanyRow:
    """Store what the student wrote. Another company (``same_company`` false) starts a new
    check: the decision is cleared and the revision goes up. Flushes only."""
    now = clock.now()
    row = of_student(session, student_id)
    if row is None:
        row = KnownCompanyRow(
            student_id=student_id,
            name=values["name"],
            town=values["town"],
            created_at=now,
            updated_at=now,
        )
        row.sqlmodel_update(values)
    else:
        row.sqlmodel_update(values)
        if not same_company:
            row.status, row.company_id, row.reason = "open", None, ""
            row.decided_by, row.decided_at = None, None
            row.revision += 1
        row.updated_at = now
    session.add(row)
    session.flush()
    return row


def remove(session: Session, student_id: str) -> int:
    """Delete the student's suggestion; returns how many rows went."""
    result: Any = session.execute(delete(KnownCompanyRow).where(_K.student_id == student_id))
    return int(result.rowcount or 0)


def by_id(session: Session, suggestion_id: int) -> KnownCompanyRow | None:
    """One suggestion by its row id."""
    return session.get(KnownCompanyRow, suggestion_id)


def decide(
    session: Session,
    suggestion_id: int,
    revision: int,
    *,
    status: str,
    company_id: str | None,
    reason: str,
    by: str,
) -> bool:
    """Record the bureau's decision on an open suggestion at this revision; False when it was
    decided or changed in the meantime (nothing changes then). Flushes only."""
    now = clock.now()
    result: Any = session.execute(
        update(KnownCompanyRow)
        .where(_K.id == suggestion_id, _K.revision == revision, _K.status == "open")
        .values(
            status=status,
            company_id=company_id,
            reason=reason,
            decided_by=by,
            decided_at=now,
            updated_at=now,
        )
    )
    session.flush()
    return bool(result.rowcount)


def listed(session: Session, *, limit: int) -> list[Any]:
    """Suggestions with the student's name: open ones first (oldest first), then the decided
    ones (newest first)."""
    s = STUDENTS.table.c
    stmt = (
        select(KnownCompanyRow, s.name)
        .join(STUDENTS.table, (s.student_id == _K.student_id) & STUDENTS.current(), isouter=True)
        .order_by((_K.status != "open"), _K.decided_at.desc(), _K.created_at, _K.id)
        .limit(limit)
    )
    return list(session.execute(stmt).all())


def count_open(conn: Connection) -> int:
    """How many suggestions wait for the bureau."""
    stmt = select(func.count()).select_from(KnownCompanyRow).where(_K.status == "open")
    return int(conn.execute(stmt).scalar_one())


def companies(conn: Connection) -> dict[str, tuple[str, bool]]:
    """Every live company: id -> (name, erkend leerbedrijf)."""
    c = COMPANIES.table.c
    stmt = select(c.company_id, c.name, c.sbb_recognized).where(COMPANIES.current())
    return {str(r.company_id): (str(r.name), bool(r.sbb_recognized)) for r in conn.execute(stmt)}


def wished_places(conn: Connection, student_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Per student whose named company was added: the live places of that company, by id."""
    ids = list(student_ids)
    linked: dict[str, str] = {}
    for start in range(0, len(ids), 1000):
        stmt = select(_K.student_id, _K.company_id).where(
            _K.student_id.in_(ids[start : start + 1000]),
            _K.status == ADDED,
            _K.company_id.is_not(None),
        )
        linked.update({str(r.student_id): str(r.company_id) for r in conn.execute(stmt)})
    if not linked:
        return {}
    p = PLACES.table.c
    per_company: dict[str, list[str]] = {}
    wanted = sorted(set(linked.values()))
    for start in range(0, len(wanted), 1000):
        stmt = (
            select(p.company_id, p.place_id)
            .where(PLACES.current(), p.company_id.in_(wanted[start : start + 1000]))
            .order_by(p.place_id)
        )
        for r in conn.execute(stmt):
            per_company.setdefault(str(r.company_id), []).append(str(r.place_id))
    return {sid: tuple(per_company[cid]) for sid, cid in linked.items() if cid in per_company}
