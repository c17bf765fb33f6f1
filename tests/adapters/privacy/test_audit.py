"""The privacy log: append-only in the database itself, shares need a motivation."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from adapters.db.engine import session_scope
from adapters.privacy.audit import Actor, list_for_student, record
from matcher.errors import InvalidInputError
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

BUREAU = Actor("Bureau (#1)", 1)


def _one(engine: Engine) -> None:
    with session_scope(engine) as session:
        record(
            session,
            actor=BUREAU,
            action=Action.READ,
            role=Role.BUREAU,
            purpose=Purpose.MATCHING,
            student_id="s-adult",
            categories=(Category.FUNCTIONAL_NEEDS,),
            fields=("needs_quiet_workspace",),
        )


@pytest.mark.parametrize(
    "sql", ["UPDATE privacy_event SET actor = 'x'", "DELETE FROM privacy_event"]
)
def test_update_and_delete_are_refused_by_the_database(engine: Engine, sql: str) -> None:
    _one(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(sql))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM privacy_event")).scalar_one() == BUREAU.label


def test_share_needs_a_motivation(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="waarom"):
        record(session, actor=BUREAU, action=Action.SHARE, student_id="s-adult", recipient="c01")
    with session_scope(engine) as session:
        record(
            session,
            actor=BUREAU,
            action=Action.SHARE,
            student_id="s-adult",
            recipient="c01",
            motivation="kennismaking gepland",
        )


def test_student_sees_who_looked_at_their_data(engine: Engine) -> None:
    _one(engine)
    with session_scope(engine) as session:
        [event] = list_for_student(session, "s-adult")
        assert list_for_student(session, "s-other") == []
    assert event["actor"] == BUREAU.label
    assert event["role"] == "bureau"
    assert event["purpose"] == "matching"
    assert event["fields"] == ["needs_quiet_workspace"]
