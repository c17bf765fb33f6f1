"""A student's privacy: consents (give, see, revoke), who looked, export and erasure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from adapters.db.engine import scrub_deleted
from adapters.privacy import audit, consent, subject_rights
from adapters.privacy.access import Grant, log_reads
from api.deps import EngineDep, SessionDep
from api.schemas.common import CleanInput
from api.security import Authorized
from matcher.privacy.consent import ALL_PARTS, PART_ORDER, Grantor, Method, parse_part
from matcher.privacy.vocabulary import Category, Purpose, Role

router = APIRouter(prefix="/students/{student_id}", tags=["privacy"])


class ConsentIn(CleanInput):
    """Consent for one purpose and recipient; ``given`` must be ticked, never pre-ticked."""

    given: bool = Field(description="zelf aangevinkt door de student (of ouder onder 18)")
    recipient: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        description="company_id van het bedrijf, of 'parents'"
    )
    purpose: Purpose = Purpose.MATCHING
    text_version: Annotated[str, Field(min_length=1, max_length=40)]
    shown_text: Annotated[str, Field(min_length=1, max_length=4000)]
    grantor: Grantor = Grantor.STUDENT
    method: Method | None = None
    part: Annotated[str, Field(max_length=40)] | None = Field(
        default=None,
        description="deel van de kaart voor een bedrijf (strengths, conditions of needs); "
        "leeg: alle delen",
        json_schema_extra={"enum": [p.value for p in PART_ORDER]},
    )


class ConsentsOut(BaseModel):
    """Every consent record of the student, given and withdrawn."""

    student_id: str
    consents: list[dict[str, Any]]
    note: str = (
        "Nee zeggen mag altijd. Deel je niets? Dan zoekt school toch gewoon een plek voor je. "
        "Het bedrijf ziet dan minder over je."
    )


class RevokeOut(BaseModel):
    """How many consent records stopped counting (at once)."""

    revoked: int


class EraseIn(CleanInput):
    """Why the student's data is erased (kept in the privacy log)."""

    motivation: Annotated[str, Field(min_length=5, max_length=500)]


def _method(grant: Grant, chosen: Method | None) -> Method:
    if chosen is not None:
        return chosen
    return Method.DIGITAL if grant.decision.role is Role.STUDENT else Method.WRITTEN


@router.get("/consents", summary="Toestemmingen van een student")
def read_consents(grant: Authorized, student_id: str, session: SessionDep) -> ConsentsOut:
    """Given and withdrawn consents, oldest first (a read by someone else is logged)."""
    consent.student_age(session, student_id)  # 404 for an unknown student
    found = consent.list_for_student(session, student_id)
    _log_unless_own(session, grant, student_id, "consents", Category.CONSENT)
    return ConsentsOut(student_id=student_id, consents=found)


@router.post(
    "/consents", status_code=status.HTTP_201_CREATED, summary="Toestemming geven (zelf aanvinken)"
)
def give_consent(
    grant: Authorized, student_id: str, body: ConsentIn, session: SessionDep
) -> dict[str, Any]:
    """Record consent; refused when not actively given or when the shown text is missing.

    For a company, ``part`` names one part of its card; without it every part is given (one
    record each). The answer is the first record, with ``records`` holding every record made."""
    part = None if body.part is None else parse_part(body.part)
    given: dict[str, Any] = {
        "student_id": student_id, "purpose": body.purpose, "recipient": body.recipient,
        "text_version": body.text_version, "shown_text": body.shown_text,
        "recorded_by": grant.actor, "method": _method(grant, body.method),
        "actively_given": body.given, "grantor": body.grantor, "role": grant.decision.role,
    }  # fmt: skip
    if part is None and consent.per_part(body.purpose, body.recipient):
        rows = consent.give_parts(session, parts=ALL_PARTS, **given)
    else:
        rows = [consent.give(session, part=part, **given)]
    session.commit()
    return {**consent.consent_dict(rows[0]), "records": [consent.consent_dict(r) for r in rows]}


@router.delete("/consents", summary="Toestemming intrekken (werkt meteen)")
def revoke_consent(
    grant: Authorized,
    student_id: str,
    session: SessionDep,
    recipient: Annotated[str, Query(min_length=1, description="company_id of 'parents'")],
    purpose: Purpose = Purpose.MATCHING,
    reason: Annotated[str, Query(max_length=500)] = "",
    part: Annotated[
        str | None, Query(max_length=40, description="één deel van de kaart; leeg: alle delen")
    ] = None,
) -> RevokeOut:
    """Withdraw consent (one part, or every part); the next request already shows less.
    Matching goes on as before."""
    chosen = None if part is None else [parse_part(part)]
    consent.student_age(session, student_id)
    count = consent.revoke(
        session,
        student_id=student_id,
        purpose=purpose,
        recipient=recipient,
        revoked_by=grant.actor,
        reason=reason,
        role=grant.decision.role,
        parts=chosen,
    )
    session.commit()
    return RevokeOut(revoked=count)


@router.get("/audit", summary="Wie heeft mijn gegevens bekeken")
def read_audit(grant: Authorized, student_id: str, session: SessionDep) -> list[dict[str, Any]]:
    """Every privacy event about this student: who, when, what, why (a read by someone else is
    logged, after the list was read, so the list shows what was there)."""
    consent.student_age(session, student_id)
    found = audit.list_for_student(session, student_id)
    _log_unless_own(session, grant, student_id, "privacy_log", Category.AUDIT)
    return found


def _log_unless_own(
    session: SessionDep, grant: Grant, student_id: str, field: str, category: Category
) -> None:
    """Log a read of one student's record by anyone but the student themself."""
    if grant.principal is not None and grant.principal.student_id == student_id:
        return
    log_reads(session, grant, [student_id], [field], [category])
    session.commit()


@router.get("/export", summary="Al mijn gegevens (JSON)")
def export_student(grant: Authorized, student_id: str, session: SessionDep) -> dict[str, Any]:
    """Everything stored about the student; the export itself is logged."""
    data = subject_rights.export_student(
        session,
        student_id,
        actor=grant.actor,
        role=grant.decision.role,
        purpose=grant.decision.purpose or Purpose.OWN_DATA,
    )
    session.commit()
    return data


@router.post("/erase", summary="Gegevens wissen (met reden)")
def erase_student(
    grant: Authorized, student_id: str, body: EraseIn, session: SessionDep, engine: EngineDep
) -> dict[str, int]:
    """Anonymise the student everywhere; counts per niveau, crebo and round stay true."""
    counts = subject_rights.erase_student(
        session,
        student_id,
        actor=grant.actor,
        role=grant.decision.role,
        motivation=body.motivation,
    )
    session.commit()
    session.close()  # its connection back in the pool, so the checkpoint is not kept busy
    scrub_deleted(engine)
    return counts
