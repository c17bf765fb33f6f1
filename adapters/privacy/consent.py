"""Consent records: give (actively), revoke (at once), and ask whether consent is current.

Consent to a company is per part of its card (``ConsentPart``: strengths, working times,
needs): one record per part, each with the exact sentence agreed to. Refusing or revoking
consent never blocks matching: it only shrinks what a company sees. Every change is written
to the privacy log with who recorded it and which part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, col, select

from adapters import clock
from adapters.db import account_queries
from adapters.db.models import CURRENT_DATASET, StudentRow
from adapters.db.privacy_models import ConsentRow
from adapters.privacy.audit import Actor, record
from matcher.domain import age_on
from matcher.errors import InvalidInputError, Issue, NotFoundError
from matcher.privacy.consent import (
    ALL_PARTS,
    PART_ORDER,
    ConsentPart,
    Grantor,
    Method,
    check_grant,
    may_contact_parents,
    still_valid,
)
from matcher.privacy.consent import PARENTS as PARENTS
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
    part: ConsentPart | None = None,
) -> ConsentRow:
    """Record consent for one purpose, recipient (a company id or ``"parents"``) and, for a
    company, one part of its card; without a part, a company gets every part (one record each,
    the first returned: what consent meant before parts, and the API's default)."""
    now = now or clock.now()
    if part is None and per_part(purpose, recipient):
        return give_parts(
            session, parts=ALL_PARTS, shown_text=shown_text, student_id=student_id,
            purpose=purpose, recipient=recipient, text_version=text_version,
            recorded_by=recorded_by, method=method, actively_given=actively_given,
            grantor=grantor, role=role, now=now,
        )[0]  # fmt: skip
    _check_part(purpose, recipient, part)
    _check_recipient(session, recipient)
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
        part=None if part is None else part.value,
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
        fields=_part_fields(part),
        recipient=recipient,
        motivation=f"gegeven door {grantor.value}, {method.value}, tekst {text_version}"
        + _part_words(part),
        at=now,
    )
    return row


def per_part(purpose: Purpose, recipient: str) -> bool:
    """Whether consent for this purpose and recipient is given per card part (a company)."""
    return purpose is Purpose.MATCHING and recipient != PARENTS


def _check_part(purpose: Purpose, recipient: str, part: ConsentPart | None) -> None:
    if not per_part(purpose, recipient) and part is not None:
        raise InvalidInputError(
            "Delen van de kaart horen alleen bij een bedrijf. Laat het deel leeg.",
            [Issue("toestemming", None, "deel", "geen deel bij deze ontvanger")],
        )


def _check_recipient(session: Session, recipient: str) -> None:
    """Consent goes to the parents or to a company in the current data, nothing else: the
    record names who may see the student's data."""
    if recipient != PARENTS and not account_queries.company_exists(session, recipient):
        raise InvalidInputError(
            f"Het bedrijf '{recipient[:40]}' staat niet in de lijst. Kies een bedrijf uit de "
            "lijst, of 'parents' voor de ouders.",
            [Issue("toestemming", None, "recipient", "geen bekend bedrijf of 'parents'")],
        )


def _part_fields(part: ConsentPart | None) -> tuple[str, ...]:
    return () if part is None else (f"deel:{part.value}",)


def _part_words(part: ConsentPart | None) -> str:
    return "" if part is None else f", deel {part.value}"


def give_parts(
    session: Session,
    *,
    parts: Iterable[ConsentPart],
    shown_text: str | Callable[[ConsentPart], str],
    **given: Any,
) -> list[ConsentRow]:
    """Record consent for several parts at once (one record each, in card order); the shown
    text may be one text for all or a text per part."""
    rows = []
    for part in (p for p in PART_ORDER if p in set(parts)):
        text = shown_text(part) if callable(shown_text) else shown_text
        rows.append(give(session, part=part, shown_text=text, **given))
    return rows


def _active(
    session: Session,
    student_id: str,
    purpose: Purpose,
    recipient: str,
    parts: Iterable[ConsentPart] | None = None,
) -> list[ConsentRow]:
    stmt = select(ConsentRow).where(
        ConsentRow.student_id == student_id,
        ConsentRow.purpose == purpose.value,
        ConsentRow.recipient == recipient,
        col(ConsentRow.withdrawn_at).is_(None),
    )
    if parts is not None:
        stmt = stmt.where(col(ConsentRow.part).in_([p.value for p in parts]))
    return list(session.exec(stmt).all())


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
    parts: Iterable[ConsentPart] | None = None,
) -> int:
    """Withdraw consent with immediate effect (for a company: only these parts, every part by
    default); returns how many records were withdrawn."""
    now = now or clock.now()
    chosen = None if parts is None or not per_part(purpose, recipient) else frozenset(parts)
    rows = _active(session, student_id, purpose, recipient, chosen)
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
        fields=[f"deel:{r.part}" for r in rows if r.part],
        recipient=recipient,
        motivation=reason,
        at=now,
    )
    return len(rows)


def _valid(
    session: Session, student_id: str, rows: list[ConsentRow], on: date | None
) -> list[ConsentRow]:
    if not rows:
        return []
    try:
        age = student_age(session, student_id, on)
    except NotFoundError:  # no longer in the current data: a parent's consent holds only while
        return []  # the student is under 18, which cannot be told, so nothing counts as shared
    return [r for r in rows if still_valid(grantor=Grantor(r.grantor), age=age)]


def current(
    session: Session, student_id: str, purpose: Purpose, recipient: str, *, on: date | None = None
) -> bool:
    """Whether valid consent exists now (for a company: for at least one part): not
    withdrawn, and a parent's only while under 18."""
    return bool(_valid(session, student_id, _active(session, student_id, purpose, recipient), on))


def current_parts(
    session: Session, student_id: str, recipient: str, *, on: date | None = None
) -> frozenset[ConsentPart]:
    """The parts of the card the student shares with this company now (matching purpose)."""
    return company_parts(session, recipient, [student_id], on=on).get(student_id, frozenset())


def company_parts(
    session: Session, company_id: str, student_ids: Iterable[str], *, on: date | None = None
) -> dict[str, frozenset[ConsentPart]]:
    """Per student, the parts of the card they share with this company now, in one query for
    a whole page (students who share nothing are left out). Matching consent for this company,
    not withdrawn, a parent's only while the student is under 18; a student no longer in the
    current data shares nothing (their age, so a parent's consent, cannot be checked)."""
    wanted = sorted(set(student_ids))
    if not wanted:
        return {}
    c, s = ConsentRow, StudentRow
    rows = session.exec(
        select(col(c.student_id), col(c.grantor), col(c.part), col(s.birth_date))
        .join(
            s,
            and_(col(s.student_id) == col(c.student_id), col(s.dataset) == CURRENT_DATASET),
            isouter=True,
        )
        .where(
            col(c.recipient) == company_id,
            col(c.purpose) == Purpose.MATCHING.value,
            col(c.withdrawn_at).is_(None),
            col(c.student_id).in_(wanted),
        )
    ).all()
    today = on or clock.today()
    shared: dict[str, set[ConsentPart]] = {}
    for student_id, grantor, part, born in rows:
        if born is None or part not in PART_VALUES:
            continue
        if still_valid(grantor=Grantor(grantor), age=age_on(born, today)):
            shared.setdefault(student_id, set()).add(ConsentPart(part))
    return {sid: frozenset(parts) for sid, parts in shared.items()}


PART_VALUES = frozenset(p.value for p in ALL_PARTS)


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
        "part": row.part,
    }


def list_for_student(session: Session, student_id: str) -> list[dict[str, Any]]:
    """Every consent record of a student, given and withdrawn, oldest first."""
    rows = session.exec(
        select(ConsentRow)
        .where(ConsentRow.student_id == student_id)
        .order_by(col(ConsentRow.granted_at), col(ConsentRow.id))
    ).all()
    return [consent_dict(r) for r in rows]
