"""The login flow: throttle, verify (argon2), rehash when needed, log failures without secrets."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from adapters import clock
from adapters.auth import throttle
from adapters.auth.accounts import find_by_email, load_principal
from adapters.auth.crypto import burn_time, hash_password, needs_rehash, verify_password
from adapters.db.engine import session_scope
from adapters.privacy.audit import Actor, record
from matcher.errors import NotAuthenticatedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action

log = logging.getLogger(__name__)

# Never which of the two was wrong (that would tell whether an account exists), but what to do.
WRONG_LOGIN = (
    "Het e-mailadres of het wachtwoord klopt niet. Kijk of je ze goed hebt getypt. "
    "Weet je je wachtwoord niet meer? Vraag de school om een nieuw wachtwoord."
)


def authenticate(
    engine: Engine,
    email: str,
    password: str,
    ip: str,
    *,
    policy: throttle.ThrottlePolicy | None = None,
    now: datetime | None = None,
) -> Principal:
    """The account for a correct e-mail and password; raises when wrong or throttled.

    Runs in its own transaction, committed before a failure is raised, so every failed
    attempt is counted and logged even though the request ends in an error.
    """
    policy = policy or throttle.ThrottlePolicy()
    now = now or clock.now()
    with session_scope(engine) as session:
        principal = _attempt(session, email, password, ip, policy, now)
    if principal is None:
        raise NotAuthenticatedError(WRONG_LOGIN)
    return principal


def _attempt(
    session: Session,
    email: str,
    password: str,
    ip: str,
    policy: throttle.ThrottlePolicy,
    now: datetime,
) -> Principal | None:
    """One attempt inside a transaction: the principal, or None after counting the failure."""
    throttle.check_allowed(session, email, ip, now)
    row = find_by_email(session, email)
    if row is None or not row.active:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(row.password_hash, password)
    if not ok:
        wait = throttle.record_failure(session, email, ip, now, policy)
        account_id = None if row is None else row.id
        actor = Actor("onbekend" if account_id is None else f"account #{account_id}", account_id)
        record(session, actor=actor, action=Action.LOGIN_FAILED, at=now)
        log.info("login failed (account %s, wait %ss)", account_id or "unknown", wait)
        return None
    assert row is not None
    assert row.id is not None
    throttle.reset(session, email, ip, now)
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
        session.add(row)
    principal = load_principal(session, row.id)
    record(session, actor=Actor.of(principal), action=Action.LOGIN, at=now)
    return principal
