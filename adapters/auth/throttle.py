"""Login throttling: after N failures a waiting time that doubles each time, at three levels.

- per e-mail and address (``max_failures``): one person mistyping, or one attacker on one account;
- per e-mail, from any address (``account_max_failures``): an attacker spreading guesses on one
  account over many addresses;
- per address, on any e-mail (``ip_max_failures``): one address guessing many accounts.

The account-wide and address-wide waits do not apply to an e-mail and address that logged in
successfully in the last ``KNOWN_FOR`` (30 days): an attacker who knows someone's e-mail can make
them wait elsewhere, at most ``lockout_max_s`` at a time, but not lock them out from where they
usually log in. The address is the socket peer, or the X-Forwarded-For entry a trusted proxy
added (api/proxy.py); a client cannot choose it.

Kept in the database so it survives restarts; keyed by hashes (the typed e-mail is not stored:
people sometimes type their password in the e-mail field).
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

FORGET_AFTER = timedelta(hours=1)  # failures older than this (and no lock running) start at 0
KNOWN_FOR = timedelta(days=30)  # a good login keeps its address "known" for the account this long


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failures are free at each level and how long the waiting time is."""

    max_failures: int = 5
    lockout_s: int = 30
    lockout_max_s: int = 900
    account_max_failures: int = 10
    ip_max_failures: int = 30

    @classmethod
    def from_settings(cls, settings: Settings) -> ThrottlePolicy:
        """The policy the settings describe."""
        return cls(
            settings.login_max_failures,
            settings.login_lockout_s,
            settings.login_lockout_max_s,
            settings.login_account_max_failures,
            settings.login_ip_max_failures,
        )

    def wait_s(self, failures: int, free: int | None = None) -> int:
        """Waiting time after ``failures`` failures in a row (0 while under ``free``)."""
        over = failures - (self.max_failures if free is None else free)
        if over < 0:
            return 0
        return min(self.lockout_max_s, self.lockout_s * 2 ** min(over, 30))


def _email(email: str) -> str:
    return email.strip().lower()


def throttle_key(email: str, ip: str) -> str:
    """The stored key of one e-mail and address: a hash of both."""
    return digest(f"{_email(email)}|{ip}")


def account_key(email: str) -> str:
    """The stored key of one e-mail, from any address."""
    return digest(f"account|{_email(email)}")


def ip_key(ip: str) -> str:
    """The stored key of one address, on any e-mail."""
    return digest(f"ip|{ip}")


def known_key(email: str, ip: str) -> str:
    """The stored key that marks a good login of this e-mail from this address."""
    return digest(f"known|{_email(email)}|{ip}")


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


def _aware(moment: datetime, like: datetime) -> datetime:
    """SQLite hands back naive UTC; compare like with like."""
    return moment.replace(tzinfo=like.tzinfo) if moment.tzinfo is None else moment


def _known(session: Session, email: str, ip: str, now: datetime) -> bool:
    row = _row(session, known_key(email, ip))
    return row is not None and now - _aware(row.last_failure_at, now) <= KNOWN_FOR


def _keys_that_apply(session: Session, email: str, ip: str, now: datetime) -> list[str]:
    keys = [throttle_key(email, ip)]
    if not _known(session, email, ip, now):
        keys += [account_key(email), ip_key(ip)]
    return keys


def check_allowed(session: Session, email: str, ip: str, now: datetime) -> None:
    """Raise ``TooManyAttemptsError`` while this e-mail, address or pair must wait."""
    waits = [0]
    for key in _keys_that_apply(session, email, ip, now):
        row = _row(session, key)
        if row is not None and row.locked_until is not None:
            locked_until = _aware(row.locked_until, now)
            if locked_until > now:
                waits.append(math.ceil((locked_until - now).total_seconds()))
    seconds = max(waits)
    if seconds > 0:
        raise TooManyAttemptsError(wait_message(seconds), retry_after_s=seconds)


def _count(session: Session, key: str, now: datetime, policy: ThrottlePolicy, free: int) -> int:
    row = _row(session, key)
    if row is None:
        row = LoginThrottleRow(key_hash=key, failures=0, last_failure_at=now)
    else:
        lock = None if row.locked_until is None else _aware(row.locked_until, now)
        quiet = now - _aware(row.last_failure_at, now) > FORGET_AFTER
        if quiet and (lock is None or lock <= now):
            row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = policy.wait_s(row.failures, free)
    row.locked_until = now + timedelta(seconds=wait) if wait else None
    session.add(row)
    return wait


def record_failure(
    session: Session, email: str, ip: str, now: datetime, policy: ThrottlePolicy
) -> int:
    """Count one failure at every level; returns the longest waiting time it started (0 if none)."""
    waits = [
        _count(session, throttle_key(email, ip), now, policy, policy.max_failures),
        _count(session, account_key(email), now, policy, policy.account_max_failures),
        _count(session, ip_key(ip), now, policy, policy.ip_max_failures),
    ]
    session.flush()
    return max(waits)


def reset(session: Session, email: str, ip: str, now: datetime | None = None) -> None:
    """After a good login: forget the pair's and the account's failures, remember the address.

    The address-wide count stays: a good login to one's own account must not clear the
    failures the same address made on other accounts.
    """
    for key in (throttle_key(email, ip), account_key(email)):
        row = _row(session, key)
        if row is not None:
            session.delete(row)
    if now is not None:
        known = _row(session, known_key(email, ip)) or LoginThrottleRow(
            key_hash=known_key(email, ip), failures=0, last_failure_at=now
        )
        known.last_failure_at = now
        session.add(known)
    session.flush()
