"""Login throttling per account and IP: after N failures a waiting time that doubles each time.

Kept in the database so it survives restarts; keyed by a hash of e-mail and IP (the typed e-mail
is not stored: people sometimes type their password in the e-mail field).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from adapters.auth.crypto import digest
from adapters.db.privacy_models import LoginThrottleRow
from adapters.settings import Settings
from matcher.errors import TooManyAttemptsError

FORGET_AFTER = timedelta(hours=1)  # failures older than this (and no lock) start again at 0


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failures are free and how long the waiting time is."""

    max_failures: int = 5
    lockout_s: int = 30
    lockout_max_s: int = 900

    @classmethod
    def from_settings(cls, settings: Settings) -> ThrottlePolicy:
        """The policy the settings describe."""
        return cls(
            settings.login_max_failures, settings.login_lockout_s, settings.login_lockout_max_s
        )

    def wait_s(self, failures: int) -> int:
        """Waiting time after ``failures`` failures in a row (0 while under the limit)."""
        over = failures - self.max_failures
        if over < 0:
            return 0
        return min(self.lockout_max_s, self.lockout_s * 2 ** min(over, 30))


def throttle_key(email: str, ip: str) -> str:
    """The stored key: a hash of the normalised e-mail and the client IP."""
    return digest(f"{email.strip().lower()}|{ip}")


def _row(session: Session, key: str) -> LoginThrottleRow | None:
    return session.exec(select(LoginThrottleRow).where(LoginThrottleRow.key_hash == key)).first()


def wait_message(seconds: int) -> str:
    """Dutch message with the waiting time in minutes or seconds."""
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        when = f"{minutes} minuut" if minutes == 1 else f"{minutes} minuten"
    else:
        when = f"{seconds} seconden"
    return f"Te vaak een verkeerd wachtwoord. Probeer het over {when} opnieuw."


def check_allowed(session: Session, email: str, ip: str, now: datetime) -> None:
    """Raise ``TooManyAttemptsError`` while this account and IP must wait."""
    row = _row(session, throttle_key(email, ip))
    if row is None or row.locked_until is None or row.locked_until <= now:
        return
    seconds = max(1, math.ceil((row.locked_until - now).total_seconds()))
    raise TooManyAttemptsError(wait_message(seconds), retry_after_s=seconds)


def record_failure(
    session: Session, email: str, ip: str, now: datetime, policy: ThrottlePolicy
) -> int:
    """Count one failure; returns the waiting time it started (0 if none)."""
    key = throttle_key(email, ip)
    row = _row(session, key)
    if row is None:
        row = LoginThrottleRow(key_hash=key, failures=0, last_failure_at=now)
    elif row.locked_until is None and now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = policy.wait_s(row.failures)
    row.locked_until = now + timedelta(seconds=wait) if wait else None
    session.add(row)
    session.flush()
    return wait


def reset(session: Session, email: str, ip: str) -> None:
    """Forget the failures after a good login."""
    row = _row(session, throttle_key(email, ip))
    if row is not None:
        session.delete(row)
        session.flush()
