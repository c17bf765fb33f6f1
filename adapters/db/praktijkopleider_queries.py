"""Reads and writes of the praktijkopleider table (no rules: the flow decides who may)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from adapters import clock
from adapters.db.praktijkopleider_models import PraktijkopleiderRow
from matcher.supervision import Budget, Praktijkopleider, SupportExperience

_T = PraktijkopleiderRow.__table__  # type: ignore[attr-defined]
_C = _T.c


def _domain(row: Any) -> Praktijkopleider:
    return Praktijkopleider(
        company_id=row.company_id,
        name=row.name,
        email=row.email,
        phone=row.phone,
        hours_per_week=float(row.hours_per_week),
        support_experience=SupportExperience(int(row.support_experience)),
        person_id=int(row.id),
    )


def _values(person: Praktijkopleider) -> dict[str, Any]:
    return {
        "company_id": person.company_id,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "hours_per_week": float(person.hours_per_week),
        "support_experience": int(person.support_experience),
    }


def of_company(conn: Connection, company_id: str) -> list[Praktijkopleider]:
    """The company's praktijkopleiders in the order they were added."""
    stmt = select(_T).where(_C.company_id == company_id).order_by(_C.id)
    return [_domain(r) for r in conn.execute(stmt)]


def one(conn: Connection, person_id: int) -> Praktijkopleider | None:
    """One praktijkopleider by id, or None."""
    row = conn.execute(select(_T).where(_C.id == person_id)).first()
    return None if row is None else _domain(row)


def add(conn: Connection, person: Praktijkopleider) -> int:
    """Store a new praktijkopleider; returns its id."""
    now = clock.now()
    result = conn.execute(insert(_T).values(**_values(person), created_at=now, updated_at=now))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def change(conn: Connection, person_id: int, person: Praktijkopleider) -> bool:
    """Overwrite one praktijkopleider (same company); False when it is not there."""
    values = {**_values(person), "updated_at": clock.now()}
    stmt = update(_T).where(_C.id == person_id, _C.company_id == person.company_id)
    return bool(conn.execute(stmt.values(**values)).rowcount)


def remove(conn: Connection, person_id: int, company_id: str) -> bool:
    """Delete one praktijkopleider of this company; False when it is not there."""
    stmt = delete(_T).where(_C.id == person_id, _C.company_id == company_id)
    return bool(conn.execute(stmt).rowcount)


def remove_company(conn: Connection, company_id: str) -> None:
    """Delete every praktijkopleider of a company (the company itself is removed)."""
    conn.execute(delete(_T).where(_C.company_id == company_id))


def fingerprint(conn: Connection) -> tuple[Any, ...]:
    """Count, highest id and latest change: any add, edit or removal changes it."""
    stmt = select(func.count(), func.max(_C.id), func.max(_C.updated_at))
    return tuple(conn.execute(stmt).one())


def budget_rows(conn: Connection) -> list[tuple[str, float, int]]:
    """(company, hours, experience) of every praktijkopleider, sorted: what a round uses."""
    stmt = select(_C.company_id, _C.hours_per_week, _C.support_experience, _C.id)
    rows = conn.execute(stmt.order_by(_C.company_id, _C.id))
    return [(r.company_id, float(r.hours_per_week), int(r.support_experience)) for r in rows]


def budgets(conn: Connection) -> dict[str, Budget]:
    """Per company with praktijkopleiders: their hours summed and their best experience."""
    stmt = select(
        _C.company_id, func.sum(_C.hours_per_week), func.max(_C.support_experience)
    ).group_by(_C.company_id)
    return {r[0]: Budget(float(r[1]), int(r[2])) for r in conn.execute(stmt)}
