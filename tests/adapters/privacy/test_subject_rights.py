"""Export everything about a student; erase a student while round statistics stay true."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from adapters.auth.accounts import create_account
from adapters.db.engine import session_scope
from adapters.db.models import StudentRow
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.privacy import consent
from adapters.privacy.audit import Actor, list_for_student
from adapters.privacy.subject_rights import ANONYMOUS_NAME, erase_student, export_student
from matcher.privacy.consent import Method
from matcher.privacy.fields import SPECIAL_FIELDS
from matcher.privacy.vocabulary import Purpose, Role
from tests.adapters.auth.conftest import ADULT, OTHER

BUREAU = Actor("Bureau (#1)", 1)
NOW = datetime(2026, 9, 1, tzinfo=UTC)


def _round_with_proposals(engine: Engine) -> None:
    with session_scope(engine) as session:
        rnd = MatchRoundRow(
            name="najaar",
            bpv_start=date(2026, 9, 1),
            current_run=1,
            created_by="bureau",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(rnd)
        session.flush()
        assert rnd.id is not None
        for sid, place, company in ((ADULT, "p001", "c01"), (OTHER, "p002", "c02")):
            session.add(
                ProposalRow(
                    round_id=rnd.id,
                    run=1,
                    student_id=sid,
                    place_id=place,
                    company_id=company,
                    score=0.8,
                    status="proposed",
                    explanation="Werkt het best op een rustige werkplek.",
                )
            )
        consent.give(
            session,
            student_id=ADULT,
            purpose=Purpose.MATCHING,
            recipient="c01",
            text_version="v1",
            shown_text="Mag c01 jouw behoeften zien?",
            recorded_by=BUREAU,
            method=Method.DIGITAL,
            actively_given=True,
        )
        create_account(
            session,
            email="ayla@roc.nl",
            password="Ayla-Wachtwoord-123",
            roles=[Role.STUDENT],
            student_id=ADULT,
        )


def test_export_contains_profile_proposals_consents_and_log(engine: Engine) -> None:
    _round_with_proposals(engine)
    with session_scope(engine) as session:
        data = export_student(
            session, ADULT, actor=BUREAU, role=Role.BUREAU, purpose=Purpose.ADMINISTRATION
        )
    json.dumps(data)  # JSON-ready
    profile = data["profiles"]["current"]
    assert profile["name"] == "Ayla de Vries"
    assert profile["needs_quiet_workspace"] is True
    assert set(profile) | {"location"} >= SPECIAL_FIELDS
    assert [p["place_id"] for p in data["proposals"]] == ["p001"]
    assert data["proposals"][0]["round"] == "najaar"
    assert [(c["recipient"], c["part"]) for c in data["consents"]] == [
        ("c01", "strengths"), ("c01", "conditions"), ("c01", "needs"),
    ]  # fmt: skip
    assert "consent_given" in [e["action"] for e in data["privacy_log"]]
    with Session(engine) as session:
        assert list_for_student(session, ADULT)[-1]["action"] == "export"


def _counts(session: Session) -> dict[str, object]:
    per_niveau = session.exec(
        select(col(StudentRow.niveau), func.count()).group_by(col(StudentRow.niveau))
    ).all()
    placed = session.exec(
        select(func.count()).select_from(ProposalRow).where(ProposalRow.place_id.is_not(None))  # type: ignore[union-attr]
    ).one()
    return {"niveau": sorted(per_niveau), "placed": placed}


def test_erase_anonymises_but_keeps_aggregate_counts(engine: Engine) -> None:
    _round_with_proposals(engine)
    with Session(engine) as session:
        before = _counts(session)
    with session_scope(engine) as session:
        result = erase_student(session, ADULT, actor=BUREAU, role=Role.BUREAU)
    assert result == {"profiles": 1, "accounts": 1, "notes": 0}
    with Session(engine) as session:
        assert _counts(session) == before
        row = session.exec(select(StudentRow).where(StudentRow.student_id == ADULT)).one()
        assert row.name == ANONYMOUS_NAME
        assert (row.birth_date.month, row.birth_date.day) == (1, 1)
        assert row.birth_date.year == 2000
        assert not row.needs_quiet_workspace
        assert row.stimulus_sensitivity == 0
        assert row.lat == round(row.lat, 1)
        proposal = session.exec(select(ProposalRow).where(ProposalRow.student_id == ADULT)).one()
        assert proposal.explanation == ""
        assert not consent.current(session, ADULT, Purpose.MATCHING, "c01")
        assert list_for_student(session, ADULT)[-1]["action"] == "erase"
        other = session.exec(select(StudentRow).where(StudentRow.student_id == OTHER)).one()
        assert other.name == "Chris Bakker"
