"""Data subject rights: export everything about a student (JSON), erase or anonymise a student.

Erasure keeps what aggregate round statistics need (crebo, niveau, leerweg, hours, the proposal
lines, the round's events) and removes or coarsens the rest: name, exact birth date, exact
location, every need, and every reviewer's note about the student (``review_note``: comments and
reasons; the append-only round events only point at them, so they stay whole), every BPV note
(``bpv_note``: the agreements of evaluations) and the name of the parent who signed.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from adapters import clock
from adapters.auth.accounts import deactivate_student_accounts
from adapters.db import bpv_queries, favourite_queries, known_company_queries
from adapters.db.models import CURRENT_DATASET, OutcomeRow, StudentRow
from adapters.privacy import audit, consent
from adapters.privacy.audit import Actor
from matcher.errors import NotFoundError
from matcher.privacy.fields import SPECIAL_FIELDS, year_only
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

ANONYMOUS_NAME = "geanonimiseerd"
COARSE_DECIMALS = 1  # about 10 km: the region, not the street
_SKIP = {"id", "dataset", "created_at", "updated_at", "content_hash"}
NEUTRAL_NEEDS: dict[str, Any] = {
    "physical_capacity": 5,
    "mental_capacity": 5,
    "stimulus_sensitivity": 0,
    "social_support_need": 0,
    "needs_wheelchair_access": False,
    "needs_adapted_toilet": False,
    "needs_adjustable_workplace": False,
    "needs_quiet_workspace": False,
    "needs_predictable_schedule": False,
    "needs_flexible_hours": False,
    "needs_extra_breaks": False,
    "energy_spoons_per_day": None,
    "support_areas": "",
}


def _student_rows(session: Session, student_id: str) -> list[StudentRow]:
    rows = list(session.exec(select(StudentRow).where(StudentRow.student_id == student_id)).all())
    if not any(r.dataset == CURRENT_DATASET for r in rows):
        raise NotFoundError("Deze student bestaat niet.", student_id=student_id)
    return rows


def _plain(row: Any) -> dict[str, Any]:
    out = {}
    for key, value in row.model_dump().items():
        if key in _SKIP:
            continue
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _proposals(session: Session, student_id: str) -> list[dict[str, Any]]:
    try:
        from adapters.db.round_models import MatchRoundRow, ProposalRow
    except ImportError:  # rounds not installed
        return []
    rows = session.exec(
        select(ProposalRow, MatchRoundRow.name)
        .join(MatchRoundRow, MatchRoundRow.id == ProposalRow.round_id)  # type: ignore[arg-type]
        .where(ProposalRow.student_id == student_id)
    ).all()
    return [{"round": name, **_plain(p)} for p, name in rows]


def export_student(
    session: Session,
    student_id: str,
    *,
    actor: Actor,
    role: Role | None = None,
    purpose: Purpose = Purpose.OWN_DATA,
) -> dict[str, Any]:
    """Everything stored about a student, as JSON-ready data; the export itself is logged."""
    rows = _student_rows(session, student_id)
    outcomes = session.exec(select(OutcomeRow).where(OutcomeRow.student_id == student_id)).all()
    audit.record(
        session,
        actor=actor,
        action=Action.EXPORT,
        role=role,
        purpose=purpose,
        student_id=student_id,
        categories=tuple(Category),
    )
    return {
        "student_id": student_id,
        "exported_at": clock.now().isoformat(),
        "profiles": {r.dataset: _plain(r) for r in rows},
        "outcomes": [
            {"dataset": o.dataset, "place_id": o.place_id, "outcome": o.outcome} for o in outcomes
        ],
        "proposals": _proposals(session, student_id),
        "published_rounds": _snapshots(session, student_id),
        "bpvs": _bpvs(session, student_id),
        "favourites": list(favourite_queries.for_student(session.connection(), student_id)),
        "own_profile": _own_profile(session, student_id),
        "known_company": _known_company(session, student_id),
        "consents": consent.list_for_student(session, student_id),
        "privacy_log": audit.list_for_student(session, student_id),
    }


def _own_profile(session: Session, student_id: str) -> dict[str, Any] | None:
    """The profile the student wrote themself, with what was proposed and confirmed."""
    row = favourite_queries.profile_row(session, student_id)
    return None if row is None else _plain(row)


def _known_company(session: Session, student_id: str) -> dict[str, Any] | None:
    """The company the student named themself, with the bureau's decision."""
    row = known_company_queries.of_student(session, student_id)
    return None if row is None else _plain(row)


def _bpvs(session: Session, student_id: str) -> list[dict[str, Any]]:
    """The student's BPVs after the match, each with its evaluations and notes."""
    return [
        {
            **_plain(row),
            "evaluations": [_plain(e) for e in evaluations],
            "notes": [_plain(n) for n in notes],
        }
        for row, evaluations, notes in bpv_queries.for_student(session, student_id)
    ]


def _anonymise(row: StudentRow) -> None:
    row.name = ANONYMOUS_NAME
    row.birth_date = year_only(row.birth_date)
    row.lat = round(row.lat, COARSE_DECIMALS)
    row.lon = round(row.lon, COARSE_DECIMALS)
    row.precision = "region"
    row.preferences = ""
    row.interest_sectors = ""
    row.interest_tasks = ""
    row.has_vog = None
    for key, value in NEUTRAL_NEEDS.items():
        setattr(row, key, value)
    row.content_hash = "erased"
    row.updated_at = clock.now()


def _clear_proposal_texts(session: Session, student_id: str) -> int:
    """Clear the proposals' texts and delete the reviewers' notes; returns how many notes."""
    try:
        from adapters.db.round_models import ProposalRow
        from adapters.db.round_repositories import delete_notes
    except ImportError:
        return 0
    for proposal in session.exec(select(ProposalRow).where(ProposalRow.student_id == student_id)):
        proposal.explanation = ""
        proposal.terms = {}
        session.add(proposal)
    session.flush()
    return delete_notes(session, student_id) + bpv_queries.erase_student(session, student_id)


def _snapshots(session: Session, student_id: str) -> list[dict[str, Any]]:
    """What the snapshots of published rounds hold about the student."""
    try:
        from adapters.flows.rounds import snapshot
    except ImportError:
        return []
    return snapshot.for_student(session, student_id)


def _erase_from_snapshots(session: Session, student_id: str) -> int:
    """Published rounds' snapshots keep the student's place, not their name or home."""
    try:
        from adapters.flows.rounds import snapshot
    except ImportError:
        return 0
    return snapshot.erase_student(session, student_id)


def erase_student(
    session: Session,
    student_id: str,
    *,
    actor: Actor,
    role: Role | None = None,
    motivation: str = "verzoek van de student",
) -> dict[str, int]:
    """Anonymise a student everywhere; counts per niveau, crebo and round stay true."""
    rows = _student_rows(session, student_id)
    for row in rows:
        _anonymise(row)
        session.add(row)
    notes = _clear_proposal_texts(session, student_id)
    favourite_queries.erase(session, student_id)
    favourite_queries.erase_profile(session, student_id)
    known_company_queries.remove(session, student_id)
    _erase_from_snapshots(session, student_id)
    for purpose in Purpose:
        for recipient in {c["recipient"] for c in consent.list_for_student(session, student_id)}:
            if consent.current(session, student_id, purpose, recipient):
                consent.revoke(
                    session,
                    student_id=student_id,
                    purpose=purpose,
                    recipient=recipient,
                    revoked_by=actor,
                    reason="gegevens gewist",
                )
    accounts = deactivate_student_accounts(session, student_id)
    audit.record(
        session,
        actor=actor,
        action=Action.ERASE,
        role=role,
        purpose=Purpose.ADMINISTRATION,
        student_id=student_id,
        categories=(Category.IDENTITY, Category.PROFILE, Category.FUNCTIONAL_NEEDS),
        fields=sorted(SPECIAL_FIELDS | {"name", "birth_date", "location", "review_note"}),
        motivation=motivation,
    )
    session.flush()
    return {"profiles": len(rows), "accounts": accounts, "notes": notes}
