"""Consent: active, per purpose and recipient, revocable at once, logged; the 18+ parents rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.engine import session_scope
from adapters.privacy import consent
from adapters.privacy.audit import Actor, list_for_student
from matcher.errors import InvalidInputError, RuleViolationError
from matcher.privacy.consent import ALL_PARTS, PARENTS, ConsentPart, Grantor, Method
from matcher.privacy.vocabulary import Purpose
from tests.adapters.auth.conftest import ADULT, MINOR

STRENGTHS, NEEDS = ConsentPart.STRENGTHS, ConsentPart.NEEDS
COACH = Actor("Coach (#7)", 7)
TEXT = "Mag Bakkerij zien wat jij nodig hebt om goed te werken? Je kunt dit altijd intrekken."


def _give(session: Session, student: str = ADULT, recipient: str = "c01", **kw: object) -> None:
    args: dict[str, object] = {
        "student_id": student,
        "purpose": Purpose.MATCHING,
        "recipient": recipient,
        "text_version": "v1",
        "shown_text": TEXT,
        "recorded_by": COACH,
        "method": Method.DIGITAL,
        "actively_given": True,
    }
    consent.give(session, **{**args, **kw})  # type: ignore[arg-type]


def test_given_consent_counts_for_that_purpose_and_recipient_only(engine: Engine) -> None:
    with session_scope(engine) as session:
        _give(session)
    with Session(engine) as session:
        assert consent.current(session, ADULT, Purpose.MATCHING, "c01")
        assert not consent.current(session, ADULT, Purpose.MATCHING, "c02")
        assert not consent.current(session, ADULT, Purpose.BEGELEIDING, "c01")
        records = consent.list_for_student(session, ADULT)
        assert consent.current_parts(session, ADULT, "c01") == ALL_PARTS  # no part: all
    assert [r["part"] for r in records] == ["strengths", "conditions", "needs"]
    assert {r["shown_text"] for r in records} == {TEXT}
    assert {r["recorded_by"] for r in records} == {COACH.label}


def test_never_pre_ticked_and_text_required(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(RuleViolationError):
        _give(session, actively_given=False)
    with session_scope(engine) as session, pytest.raises(InvalidInputError):
        _give(session, shown_text=" ")


def test_revocation_takes_effect_on_the_next_request_and_is_logged(engine: Engine) -> None:
    with session_scope(engine) as session:
        _give(session)
    with session_scope(engine) as session:
        n = consent.revoke(
            session,
            student_id=ADULT,
            purpose=Purpose.MATCHING,
            recipient="c01",
            revoked_by=Actor("Ayla (#3)", 3),
            reason="wil het zelf vertellen",
        )
    assert n == 3  # every part
    with Session(engine) as session:
        assert not consent.current(session, ADULT, Purpose.MATCHING, "c01")
        actions = [(e["action"], e["recipient"]) for e in list_for_student(session, ADULT)]
    assert actions == [("consent_given", "c01")] * 3 + [("consent_revoked", "c01")]


def test_consent_per_part_is_given_and_revoked_alone_and_logged_with_the_part(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        _give(session, part=STRENGTHS, shown_text="Ik vind het goed dat c01 ziet wie ik ben.")
        _give(session, part=NEEDS)
    with Session(engine) as session:
        assert consent.current_parts(session, ADULT, "c01") == {STRENGTHS, NEEDS}
        assert consent.current_parts(session, ADULT, "c02") == frozenset()
    with session_scope(engine) as session:
        n = consent.revoke(
            session, student_id=ADULT, purpose=Purpose.MATCHING, recipient="c01",
            revoked_by=Actor("Ayla (#3)", 3), parts=[NEEDS],
        )  # fmt: skip
    assert n == 1
    with Session(engine) as session:
        assert consent.current_parts(session, ADULT, "c01") == {STRENGTHS}  # at once
        records = consent.list_for_student(session, ADULT)
        events = list_for_student(session, ADULT)
    assert [(r["part"], r["withdrawn_at"] is None) for r in records] == [
        ("strengths", True), ("needs", False),
    ]  # fmt: skip
    assert records[0]["shown_text"] == "Ik vind het goed dat c01 ziet wie ik ben."
    assert [(e["action"], e["fields"]) for e in events] == [
        ("consent_given", ["deel:strengths"]), ("consent_given", ["deel:needs"]),
        ("consent_revoked", ["deel:needs"]),
    ]  # fmt: skip
    assert "deel strengths" in events[0]["motivation"]


def test_a_part_belongs_to_a_company_only(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="bedrijf"):
        _give(session, recipient=PARENTS, purpose=Purpose.BEGELEIDING, part=NEEDS)
    with Session(engine) as session:
        assert consent.list_for_student(session, ADULT) == []


def test_parents_of_an_adult_only_with_the_students_own_consent(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert not consent.parents_may_be_contacted(session, ADULT)
        assert consent.parents_may_be_contacted(session, MINOR)
        with pytest.raises(RuleViolationError, match="18 jaar"):
            _give(session, recipient=PARENTS, purpose=Purpose.BEGELEIDING, grantor=Grantor.PARENT)
    with session_scope(engine) as session:
        _give(session, recipient=PARENTS, purpose=Purpose.BEGELEIDING)
    with Session(engine) as session:
        assert consent.parents_may_be_contacted(session, ADULT)


def test_a_parents_consent_for_a_minor_lapses_at_18(engine: Engine) -> None:
    with session_scope(engine) as session:
        _give(session, student=MINOR, grantor=Grantor.PARENT)
    with Session(engine) as session:
        assert consent.current(session, MINOR, Purpose.MATCHING, "c01")
        in_three_years = date.today().replace(year=date.today().year + 3)
        assert not consent.current(session, MINOR, Purpose.MATCHING, "c01", on=in_three_years)
