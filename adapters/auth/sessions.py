"""Web sessions (cookie with a random id, stored hashed, CSRF token per session) and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from adapters import clock
from adapters.auth.accounts import get_account_row, load_principal
from adapters.auth.crypto import digest, new_secret, same
from adapters.db.privacy_models import AccountRow, ApiTokenRow, WebSessionRow
from adapters.settings import Settings
from matcher.errors import NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.principal import Principal

COOKIE_NAME = "pp_session"
CSRF_FIELD = "csrf_token"  # form field (or X-CSRF-Token header) carrying the token
TOKEN_PREFIX = "pp_"
PREFIX_SHOWN = 8  # characters of a token shown in lists, to recognise it
TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how precisely a token's last use is kept


@dataclass(frozen=True, slots=True)
class NewSession:
    """A fresh login: the cookie value (give it to the browser only) and its CSRF token."""

    cookie_value: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ActiveSession:
    """A resolved session: who it is and the CSRF token forms must carry."""

    principal: Principal
    csrf_token: str
    session_id: int


def cookie_params(settings: Settings) -> dict[str, Any]:
    """Flags for ``response.set_cookie``: HttpOnly, SameSite=Lax, Secure as configured."""
    return {
        "key": COOKIE_NAME,
        "httponly": True,
        "secure": settings.session_cookie_secure,
        "samesite": "lax",
        "max_age": settings.session_ttl_s,
        "path": "/",
    }


def create_session(
    session: Session, account_id: int, *, ttl_s: int, now: datetime | None = None
) -> NewSession:
    """Start a web session; only the hash of the cookie value is stored."""
    now = now or clock.now()
    raw, csrf = new_secret(), new_secret()
    expires = now + timedelta(seconds=ttl_s)
    session.add(
        WebSessionRow(
            account_id=account_id,
            session_hash=digest(raw),
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return NewSession(raw, csrf, expires)


def _active_account(session: Session, account_id: int) -> Principal | None:
    row: AccountRow = get_account_row(session, account_id)
    return load_principal(session, account_id) if row.active else None


def resolve_session(
    session: Session, cookie_value: str | None, *, now: datetime | None = None
) -> ActiveSession | None:
    """The session behind a cookie, or None when unknown, expired, revoked or deactivated."""
    if not cookie_value:
        return None
    now = now or clock.now()
    row = session.exec(
        select(WebSessionRow).where(WebSessionRow.session_hash == digest(cookie_value))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now or row.id is None:
        return None
    principal = _active_account(session, row.account_id)
    return None if principal is None else ActiveSession(principal, row.csrf_token, row.id)


def end_session(session: Session, cookie_value: str, *, now: datetime | None = None) -> None:
    """Log out: the session stops working at once."""
    row = session.exec(
        select(WebSessionRow).where(WebSessionRow.session_hash == digest(cookie_value))
    ).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or clock.now()
        session.add(row)
        session.flush()


def check_csrf(active: ActiveSession, token: str | None) -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    if not token or not same(active.csrf_token, token):
        raise PermissionDeniedError(
            "Dit formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw."
        )


def create_token(
    session: Session,
    account_id: int,
    *,
    name: str = "",
    ttl_s: int | None = None,
    now: datetime | None = None,
) -> str:
    """A new API token (shown once); only its hash and its first characters are stored."""
    now = now or clock.now()
    raw = TOKEN_PREFIX + new_secret()
    session.add(
        ApiTokenRow(
            account_id=account_id,
            token_hash=digest(raw),
            prefix=raw[: len(TOKEN_PREFIX) + PREFIX_SHOWN],
            name=name,
            created_at=now,
            expires_at=None if ttl_s is None else now + timedelta(seconds=ttl_s),
        )
    )
    session.flush()
    return raw


def token_id(session: Session, raw: str) -> int:
    """The id of a token just made with ``create_token`` (to show and to revoke it by)."""
    row = session.exec(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(raw))).one()
    assert row.id is not None
    return row.id


def resolve_token(
    session: Session, bearer: str | None, *, now: datetime | None = None
) -> Principal | None:
    """The account behind an ``Authorization: Bearer`` token, or None."""
    if not bearer:
        return None
    now = now or clock.now()
    row = session.exec(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(bearer))).first()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if _stale(row.last_used_at, now):
        row.last_used_at = now
        session.add(row)
        session.flush()
    return _active_account(session, row.account_id)


def _stale(last_used: datetime | None, now: datetime) -> bool:
    """Whether ``last_used_at`` is worth a write: to the minute is enough to see a token in use,
    and a write on every request made every script's calls queue on the token's row."""
    if last_used is None:
        return True
    if last_used.tzinfo is None:  # SQLite hands back naive UTC
        last_used = last_used.replace(tzinfo=UTC)
    return now - last_used >= TOKEN_USE_RESOLUTION


def revoke_token(session: Session, account_id: int, token_id: int) -> None:
    """Switch off one of the account's own tokens."""
    row = session.get(ApiTokenRow, token_id)
    if row is None or row.account_id != account_id:
        raise NotAuthenticatedError("Deze sleutel bestaat niet (meer).")
    row.revoked_at = clock.now()
    session.add(row)
    session.flush()
