"""Demo accounts exist only when asked for, each with its own random password."""

from __future__ import annotations

from sqlalchemy import Engine

from adapters.auth.demo_accounts import create_demo_accounts
from adapters.auth.login import authenticate
from adapters.db.engine import session_scope
from matcher.privacy.vocabulary import Role


def test_demo_accounts_one_per_role_with_working_random_passwords(engine: Engine) -> None:
    with session_scope(engine) as session:
        made = create_demo_accounts(session)
    assert {r for a in made for r in a.roles} == set(Role)
    assert len({a.password for a in made}) == len(made)
    student = next(a for a in made if Role.STUDENT in a.roles)
    principal = authenticate(engine, student.email, student.password, "127.0.0.1")
    assert principal.student_id == "s-adult"
    with session_scope(engine) as session:
        assert create_demo_accounts(session) == []
