"""The one access check: endpoint policy + relation (from the database) + permission table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.engine import session_scope
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.privacy.access import Grant, audit_reads, proposed_students, student_scope
from adapters.privacy.access import authorize as authorize_rule
from adapters.privacy.audit import list_for_student
from api.endpoint_policy import endpoint_key, rule_for
from matcher.errors import NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Access, Purpose, Role
from tests.adapters.auth.conftest import ADULT, MINOR, OTHER


def authorize(
    session: Session, principal: Principal | None, method: str, path: str, params: dict[str, str]
) -> Grant:
    """The check as api/security.py calls it: the route's rule from the driver's policy."""
    return authorize_rule(
        session, principal, rule_for(method, path), endpoint_key(method, path), params
    )


NOW = datetime(2026, 9, 1, tzinfo=UTC)
STUDENT = Principal(1, "a@x.nl", "Ayla", frozenset({Role.STUDENT}), student_id=ADULT)
COMPANY = Principal(2, "c@x.nl", "Bedrijf", frozenset({Role.COMPANY}), company_id="c01")
COACH = Principal(
    3, "j@x.nl", "Coach", frozenset({Role.JOBCOACH}), institution="roc", caseload=frozenset({MINOR})
)
BUREAU = Principal(4, "b@x.nl", "Bureau", frozenset({Role.BUREAU}), institution="roc")
ONE = "/students/{student_id}"


def _round(session: Session, status: str) -> int:
    rnd = MatchRoundRow(
        name=status,
        status=status,
        bpv_start=date(2026, 9, 1),
        current_run=2,
        created_by="b",
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(rnd)
    session.flush()
    assert rnd.id is not None
    return rnd.id


def _proposal(round_id: int, run: int, student_id: str, decision: str) -> ProposalRow:
    return ProposalRow(
        round_id=round_id,
        run=run,
        student_id=student_id,
        place_id="p001",
        company_id="c01",
        status="proposed",
        decision=decision,
    )


@pytest.fixture
def proposed(engine: Engine) -> Engine:
    """Only ADULT's place at c01 was approved by a person, in the current run of a published
    round."""
    with session_scope(engine) as session:
        published = _round(session, "published")
        session.add(_proposal(published, 2, ADULT, "accepted"))
        session.add(_proposal(published, 1, OTHER, "accepted"))  # an old run: not current
        session.add(_proposal(published, 2, MINOR, "open"))  # nobody approved it
        in_review = _round(session, "in_review")
        session.add(_proposal(in_review, 2, OTHER, "accepted"))  # round not yet published
    return engine


def test_students_only_themselves(engine: Engine) -> None:
    with Session(engine) as session:
        grant = authorize(session, STUDENT, "GET", ONE, {"student_id": ADULT})
        assert grant.decision.purpose is Purpose.OWN_DATA
        with pytest.raises(PermissionDeniedError, match="geen toegang"):
            authorize(session, STUDENT, "GET", ONE, {"student_id": OTHER})


def test_anonymous_only_public_routes_and_unknown_routes_are_denied(engine: Engine) -> None:
    with Session(engine) as session:
        assert authorize(session, None, "GET", "/health", {}).decision.allowed
        with pytest.raises(NotAuthenticatedError):
            authorize(session, None, "GET", ONE, {"student_id": ADULT})
        with pytest.raises(PermissionDeniedError, match="toegangsregel"):
            authorize(session, BUREAU, "GET", "/geheim", {})


def test_company_sees_only_students_approved_for_it_in_a_published_round(
    proposed: Engine,
) -> None:
    with Session(proposed) as session:
        assert proposed_students(session, "c01") == frozenset({ADULT})
        grant = authorize(
            session, COMPANY, "GET", "/companies/{company_id}/candidates", {"company_id": "c01"}
        )
        assert grant.needs_consent
        assert student_scope(session, grant).ids == frozenset({ADULT})
        with pytest.raises(PermissionDeniedError):
            authorize(
                session, COMPANY, "GET", "/companies/{company_id}/candidates", {"company_id": "c02"}
            )
        with pytest.raises(PermissionDeniedError):
            authorize(session, COMPANY, "GET", ONE, {"student_id": ADULT})


def test_jobcoach_caseload_and_bureau_institution_scopes(engine: Engine) -> None:
    with Session(engine) as session:
        coach = authorize(session, COACH, "GET", "/students", {})
        assert student_scope(session, coach).ids == frozenset({MINOR})
        assert not student_scope(session, coach).allows(ADULT)
        bureau = authorize(session, BUREAU, "GET", "/students", {})
        assert bureau.decision.access is Access.FULL
        assert student_scope(session, bureau).all


def test_special_category_reads_are_logged(engine: Engine) -> None:
    with session_scope(engine) as session:
        grant = authorize(session, BUREAU, "GET", ONE, {"student_id": ADULT})
        assert audit_reads(session, grant, [ADULT], ["needs_quiet_workspace"]) == 1
        companies = authorize(session, BUREAU, "GET", "/companies", {})
        assert audit_reads(session, companies, [ADULT], ["name"]) == 0
    with Session(engine) as session:
        [event] = list_for_student(session, ADULT)
    assert (event["role"], event["purpose"], event["action"]) == ("bureau", "matching", "read")
