"""The privacy log (append-only): who read or shared which student data, in which role, why.

The code only ever inserts; the database refuses UPDATE and DELETE (migration 0003).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from adapters import clock
from adapters.db.privacy_models import PrivacyEventRow
from matcher.errors import InvalidInputError, Issue
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

SYSTEM_ACTOR = "systeem"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it, as the log names them (an account, or the system for CLI jobs)."""

    label: str
    account_id: int | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        """The log's name for a logged-in person."""
        return cls(principal.label, principal.account_id)


def record(
    session: Session,
    *,
    actor: Actor,
    action: Action,
    role: Role | None = None,
    purpose: Purpose | None = None,
    student_id: str | None = None,
    categories: Iterable[Category] = (),
    fields: Iterable[str] = (),
    recipient: str | None = None,
    motivation: str = "",
    at: datetime | None = None,
) -> PrivacyEventRow:
    """Append one event; a share without a motivation is refused (domain.md R9)."""
    if action is Action.SHARE and not motivation.strip():
        raise InvalidInputError(
            "Schrijf op waarom je deze gegevens deelt.",
            [Issue("delen", None, "motivatie", "een motivatie is verplicht bij delen")],
        )
    row = PrivacyEventRow(
        at=at or clock.now(),
        actor_id=actor.account_id,
        actor=actor.label,
        role=None if role is None else role.value,
        purpose=None if purpose is None else purpose.value,
        action=action.value,
        student_id=student_id,
        categories=";".join(sorted({c.value for c in categories})),
        fields=";".join(sorted(set(fields))),
        recipient=recipient,
        motivation=motivation,
    )
    session.add(row)
    session.flush()
    return row


def record_reads(
    session: Session,
    *,
    actor: Actor,
    role: Role | None,
    purpose: Purpose | None,
    student_ids: Iterable[str],
    fields: Iterable[str],
    categories: Iterable[Category] = (Category.FUNCTIONAL_NEEDS,),
) -> int:
    """One READ event per student whose special-category fields were shown; returns how many."""
    field_text = ";".join(sorted(set(fields)))
    category_text = ";".join(sorted({c.value for c in categories}))
    now = clock.now()
    rows = [
        PrivacyEventRow(
            at=now,
            actor_id=actor.account_id,
            actor=actor.label,
            role=None if role is None else role.value,
            purpose=None if purpose is None else purpose.value,
            action=Action.READ.value,
            student_id=sid,
            categories=category_text,
            fields=field_text,
        )
        for sid in sorted(set(student_ids))
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def event_dict(row: PrivacyEventRow) -> dict[str, Any]:
    """One event as plain data (for the student's view and the export)."""
    return {
        "at": row.at.isoformat(),
        "actor": row.actor,
        "role": row.role,
        "purpose": row.purpose,
        "action": row.action,
        "categories": [c for c in row.categories.split(";") if c],
        "fields": [f for f in row.fields.split(";") if f],
        "recipient": row.recipient,
        "motivation": row.motivation,
    }


def list_for_student(session: Session, student_id: str) -> list[dict[str, Any]]:
    """ "Wie heeft mijn gegevens bekeken": every event about this student, oldest first."""
    rows = session.exec(
        select(PrivacyEventRow)
        .where(PrivacyEventRow.student_id == student_id)
        .order_by(col(PrivacyEventRow.at), col(PrivacyEventRow.id))
    ).all()
    return [event_dict(r) for r in rows]
