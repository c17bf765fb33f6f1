"""Helpers for API tests: accounts per role with API tokens, without going through the password."""

from __future__ import annotations

from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from adapters.auth.accounts import create_account
from adapters.auth.sessions import create_token
from adapters.db.engine import session_scope
from matcher.privacy.vocabulary import Role

INSTITUTION = "test-roc"
PASSWORD = "geheim-wachtwoord-123"  # only for tests; the password tests grep for it
_SERIAL = count(1)


def make_account(client: TestClient, role: str, *, name: str | None = None, **links: Any) -> int:
    """A new account with one role (staff get the test institution); returns its id."""
    role_enum = Role(role)
    if role_enum in (Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER):
        links.setdefault("institution", INSTITUTION)
    label = name or role
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        principal = create_account(
            session,
            email=f"{label}-{next(_SERIAL)}@test.invalid",
            password=PASSWORD,
            roles=[role_enum],
            display_name=label,
            **links,
        )
    return principal.account_id


def token_for(client: TestClient, account_id: int) -> str:
    """A fresh API token for an account."""
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return create_token(session, account_id, name="test")


def make_token(client: TestClient, role: str, *, name: str | None = None, **links: Any) -> str:
    """An API token of a new account with this role."""
    return token_for(client, make_account(client, role, name=name, **links))


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}
