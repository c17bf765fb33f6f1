"""Login: accounts, throttling that survives restarts, sessions, CSRF and API tokens."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from adapters.auth.accounts import create_account, set_caseload
from adapters.auth.login import authenticate
from adapters.auth.sessions import (
    check_csrf,
    cookie_params,
    create_session,
    create_token,
    end_session,
    resolve_session,
    resolve_token,
)
from adapters.auth.throttle import ThrottlePolicy
from adapters.db.engine import make_engine, session_scope
from adapters.db.privacy_models import AccountRow, ApiTokenRow, PrivacyEventRow, WebSessionRow
from adapters.settings import Settings
from matcher.errors import (
    ConflictError,
    InvalidInputError,
    NotAuthenticatedError,
    PermissionDeniedError,
    TooManyAttemptsError,
)
from matcher.privacy.vocabulary import Role

PASSWORD = "Zeer-Geheim-Wachtwoord-7731"
POLICY = ThrottlePolicy(max_failures=3, lockout_s=30, lockout_max_s=600)
T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _add(engine: Engine, email: str = "coach@roc.nl", caseload: tuple[str, ...] = ()) -> int:
    with session_scope(engine) as session:
        principal = create_account(
            session,
            email=email,
            password=PASSWORD,
            roles=[Role.JOBCOACH],
            display_name="Coach",
            institution="roc",
            caseload=caseload,
        )
    return principal.account_id


def test_login_with_the_right_password_only(engine: Engine) -> None:
    account = _add(engine, caseload=("s-adult",))
    principal = authenticate(engine, "Coach@ROC.nl ", PASSWORD, "10.0.0.1", policy=POLICY, now=T0)
    assert principal.account_id == account
    assert principal.roles == frozenset({Role.JOBCOACH})
    assert principal.caseload == frozenset({"s-adult"})
    with pytest.raises(NotAuthenticatedError) as wrong_password:
        authenticate(engine, "coach@roc.nl", "fout", "10.0.0.1", policy=POLICY, now=T0)
    with pytest.raises(NotAuthenticatedError) as unknown_email:
        authenticate(engine, "niemand@roc.nl", PASSWORD, "10.0.0.1", policy=POLICY, now=T0)
    # the same words for both (never which one was wrong), and what to do about it
    said = (
        "Het e-mailadres of het wachtwoord klopt niet. Kijk of je ze goed hebt getypt. "
        "Weet je je wachtwoord niet meer? Vraag de school om een nieuw wachtwoord."
    )
    assert wrong_password.value.message == unknown_email.value.message == said


def test_accounts_are_unique_complete_and_need_a_long_password(engine: Engine) -> None:
    _add(engine)
    with pytest.raises(ConflictError):
        _add(engine, email="COACH@roc.nl")
    with session_scope(engine) as session, pytest.raises(InvalidInputError):
        create_account(session, email="a@b.nl", password="kort", roles=[Role.BUREAU])
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="compleet"):
        create_account(session, email="s@b.nl", password=PASSWORD, roles=[Role.STUDENT])


def test_repeated_failures_make_the_next_try_wait_and_survive_a_restart(
    engine: Engine, db_url: str
) -> None:
    _add(engine)
    for _ in range(POLICY.max_failures):
        with pytest.raises(NotAuthenticatedError):
            authenticate(engine, "coach@roc.nl", "fout", "10.0.0.1", policy=POLICY, now=T0)
    with pytest.raises(TooManyAttemptsError, match="Probeer het over 30 seconden") as info:
        authenticate(engine, "coach@roc.nl", PASSWORD, "10.0.0.1", policy=POLICY, now=T0)
    assert info.value.retry_after_s == 30
    # another IP is not blocked by this one
    authenticate(engine, "coach@roc.nl", PASSWORD, "10.0.0.2", policy=POLICY, now=T0)
    # after a restart (a new engine) the waiting time is still there, and it ends
    engine.dispose()
    restarted = make_engine(db_url)
    try:
        with pytest.raises(TooManyAttemptsError):
            authenticate(restarted, "coach@roc.nl", PASSWORD, "10.0.0.1", policy=POLICY, now=T0)
        later = T0 + timedelta(seconds=31)
        principal = authenticate(
            restarted, "coach@roc.nl", PASSWORD, "10.0.0.1", policy=POLICY, now=later
        )
    finally:
        restarted.dispose()
    assert principal.email == "coach@roc.nl"


def test_waiting_time_doubles_up_to_the_maximum() -> None:
    assert [POLICY.wait_s(n) for n in (1, 2, 3, 4, 5, 10)] == [0, 0, 30, 60, 120, 600]


def test_failed_logins_are_logged_without_the_password(engine: Engine) -> None:
    _add(engine)
    with pytest.raises(NotAuthenticatedError):
        authenticate(engine, "coach@roc.nl", "Bijna-Goed-Wachtwoord", "1.2.3.4", now=T0)
    with Session(engine) as session:
        events = session.exec(select(PrivacyEventRow)).all()
    assert [e.action for e in events] == ["login_failed"]


def test_sessions_expire_and_end_at_logout(engine: Engine) -> None:
    account = _add(engine)
    with session_scope(engine) as session:
        new = create_session(session, account, ttl_s=3600, now=T0)
    with Session(engine) as session:
        active = resolve_session(session, new.cookie_value, now=T0 + timedelta(minutes=59))
        assert active is not None
        assert active.principal.account_id == account
        assert resolve_session(session, new.cookie_value, now=T0 + timedelta(hours=2)) is None
        assert resolve_session(session, "verzonnen", now=T0) is None
        stored = session.exec(select(WebSessionRow)).one()
        assert stored.session_hash != new.cookie_value
    with session_scope(engine) as session:
        end_session(session, new.cookie_value)
    with Session(engine) as session:
        assert resolve_session(session, new.cookie_value, now=T0) is None


def test_csrf_token_must_match_the_session(engine: Engine) -> None:
    account = _add(engine)
    with session_scope(engine) as session:
        new = create_session(session, account, ttl_s=3600, now=T0)
        active = resolve_session(session, new.cookie_value, now=T0)
    assert active is not None
    check_csrf(active, new.csrf_token)
    with pytest.raises(PermissionDeniedError, match="formulier"):
        check_csrf(active, "iets-anders")
    with pytest.raises(PermissionDeniedError):
        check_csrf(active, None)


def test_cookie_flags() -> None:
    params = cookie_params(Settings(session_cookie_secure=True))
    assert params["httponly"] is True
    assert params["secure"] is True
    assert params["samesite"] == "lax"


def test_tokens_are_stored_hashed_and_deactivation_stops_them(engine: Engine) -> None:
    account = _add(engine)
    with session_scope(engine) as session:
        token = create_token(session, account, name="script")
    with session_scope(engine) as session:
        principal = resolve_token(session, token)
        assert principal is not None
        assert principal.account_id == account
        row = session.exec(select(ApiTokenRow)).one()
        assert token not in (row.token_hash, row.prefix)
        assert token.startswith(row.prefix)
        assert resolve_token(session, token + "x") is None
        session.exec(select(AccountRow)).one().active = False
    with Session(engine) as session:
        assert resolve_token(session, token) is None


def test_no_clear_text_password_in_database_or_logs(
    engine: Engine, caplog: pytest.LogCaptureFixture, db_url: str
) -> None:
    caplog.set_level(logging.DEBUG)
    account = _add(engine)
    with session_scope(engine) as session:
        set_caseload(session, account, ["s-adult"])
        create_session(session, account, ttl_s=60, now=T0)
    authenticate(engine, "coach@roc.nl", PASSWORD, "10.0.0.9", now=T0)
    with pytest.raises(NotAuthenticatedError):
        authenticate(engine, "coach@roc.nl", PASSWORD + "x", "10.0.0.9", now=T0)
    with pytest.raises(NotAuthenticatedError):
        authenticate(engine, PASSWORD, PASSWORD, "10.0.0.9", now=T0)  # password in e-mail field
    assert PASSWORD not in caplog.text
    dump = _dump_all_rows(engine)
    assert "coach@roc.nl" in dump  # the dump does see the data
    assert PASSWORD not in dump
    if db_url.startswith("sqlite"):
        engine.dispose()
        db_file = Path(db_url.removeprefix("sqlite:///"))
        for path in db_file.parent.iterdir():
            assert PASSWORD.encode() not in path.read_bytes(), path


def _dump_all_rows(engine: Engine) -> str:
    from sqlalchemy import inspect

    parts = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            parts += [repr(tuple(row)) for row in conn.execute(text(f'SELECT * FROM "{table}"'))]
    return "\n".join(parts)
