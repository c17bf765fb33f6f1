"""Consent records: give (actively), revoke (at once), and ask whether consent is current.

Refusing or revoking consent never blocks matching: it only shrinks what a company sees.
Every change is written to the privacy log with who recorded it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from adapters import clock
from adapters.db.models import CURRENT_DATASET, StudentRow
from adapters.db.privacy_models import ConsentRow
from adapters.privacy.audit import Actor, record
from matcher.domain import age_on
from matcher.errors import InvalidInputError, Issue, NotFoundError
from matcher.privacy.consent import PARENTS as PARENTS
from matcher.privacy.consent import Grantor, Method, check_grant, may_contact_parents, still_valid
from matcher.privacy.vocabulary import Action, Category, Purpose, Role


def student_age(session: Session, student_id: str, on: date | None = None) -> int:
    """The student's age in whole years today (or on ``on``)."""
    row = session.exec(
        select(StudentRow).where(
            StudentRow.dataset == CURRENT_DATASET, StudentRow.student_id == student_id
        )
    ).first()
    if row is None:
        raise NotFoundError("Deze student bestaat niet.", student_id=student_id)
    return age_on(row.birth_date, on or clock.today())


def _require_text(shown_text: str, text_version: str) -> None:
    if not shown_text.strip() or not text_version.strip():
        raise InvalidInputError(
            "Leg vast welke tekst de student te zien kreeg.",
            [Issue("toestemming", None, "tekst", "de getoonde tekst en versie zijn verplicht")],
        )


def give(
    session: Session,
    *,
    student_id: str,
    purpose: Purpose,
    recipient: str,
    text_version: str,
    shown_text: str,
    recorded_by: Actor,
    method: Method,
    actively_given: bool,
    grantor: Grantor = Grantor.STUDENT,
    role: Role | None = None,
    now: datetime | None = None,
) -> ConsentRow:
    """Record consent for one purpose and recipient (a company id or ``"parents"``)."""
    now = now or clock.now()
    check_grant(
        grantor=grantor,
        age=student_age(session, student_id, now.date()),
        actively_given=actively_given,
    )
    _require_text(shown_text, text_version)
    row = ConsentRow(
        student_id=student_id,
        purpose=purpose.value,
        recipient=recipient,
        grantor=grantor.value,
        method=method.value,
        text_version=text_version,
        shown_text=shown_text,
        recorded_by=recorded_by.label,
        granted_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=recorded_by,
        action=Action.CONSENT_GIVEN,
        role=role,
        purpose=purpose,
        student_id=student_id,
        categories=(Category.CONSENT,),
        recipient=recipient,
        motivation=f"gegeven door {grantor.value}, {method.value}, tekst {text_version}",
        at=now,
    )
    return row


def _active(
    session: Session, student_id: str, purpose: Purpose, recipient: str
) -> list[ConsentRow]:
    return list(
        session.exec(
            select(ConsentRow).where(
                ConsentRow.student_id == student_id,
                ConsentRow.purpose == purpose.value,
                ConsentRow.recipient == recipient,
                col(ConsentRow.withdrawn_at).is_(None),
            )
        ).all()
    )


def revoke(
    session: Session,
    *,
    student_id: str,
    purpose: Purpose,
    recipient: str,
    revoked_by: Actor,
    reason: str = "",
    role: Role | None = None,
    now: datetime | None = None,
) -> int:
    """Withdraw consent with immediate effect; returns how many records were withdrawn."""
    now = now or clock.now()
    rows = _active(session, student_id, purpose, recipient)
    for row in rows:
        row.withdrawn_at = now
        row.withdrawn_by = revoked_by.label
        row.withdrawal_reason = reason
        session.add(row)
    session.flush()
    record(
        session,
        actor=revoked_by,
        action=Action.CONSENT_REVOKED,
        role=role,
        purpose=purpose,
        student_id=student_id,
        categories=(Category.CONSENT,),
        recipient=recipient,
        motivation=reason,
        at=now,
    )
    return len(rows)


def current(
    session: Session, student_id: str, purpose: Purpose, recipient: str, *, on: date | None = None
) -> bool:
    """Whether valid consent exists now: not withdrawn, and a parent's only while under 18."""
    rows = _active(session, student_id, purpose, recipient)
    if not rows:
        return False
    age = student_age(session, student_id, on)
    return any(still_valid(grantor=Grantor(r.grantor), age=age) for r in rows)


def consented_students(
    session: Session, student_ids: list[str], purpose: Purpose, recipient: str
) -> set[str]:
    """Which of these students have current consent for this purpose and recipient."""
    return {sid for sid in student_ids if current(session, sid, purpose, recipient)}


def parents_may_be_contacted(session: Session, student_id: str, *, on: date | None = None) -> bool:
    """Under 18 yes; from 18 only with the student's own consent for contact with parents."""
    age = student_age(session, student_id, on)
    consented = current(session, student_id, Purpose.BEGELEIDING, PARENTS, on=on)
    return may_contact_parents(age=age, student_consented=consented)


def consent_dict(row: ConsentRow) -> dict[str, Any]:
    """One consent record as plain data."""
    return {
        "id": row.id,
        "purpose": row.purpose,
        "recipient": row.recipient,
        "grantor": row.grantor,
        "method": row.method,
        "text_version": row.text_version,
        "shown_text": row.shown_text,
        "recorded_by": row.recorded_by,
        "granted_at": row.granted_at.isoformat(),
        "withdrawn_at": None if row.withdrawn_at is None else row.withdrawn_at.isoformat(),
        "withdrawn_by": row.withdrawn_by,
        "withdrawal_reason": row.withdrawal_reason,
    }


def list_for_student(session: Session, student_id: str) -> list[dict[str, Any]]:
    """Every consent record of a student, given and withdrawn, oldest first."""
    rows = session.exec(
        select(ConsentRow)
        .where(ConsentRow.student_id == student_id)
        .order_by(col(ConsentRow.granted_at), col(ConsentRow.id))
    ).all()
    return [consent_dict(r) for r in rows]
