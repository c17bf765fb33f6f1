"""Web fixtures: an app with the contract example data and one demo account per role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from tests.factories import example_population


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    """Settings for one test: its own SQLite file, the in-process runner, cookies over http."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        broker_url=None,
        session_cookie_secure=False,
    )


@pytest.fixture
def web(web_settings: Settings) -> Iterator[TestClient]:
    """A test client on a fresh app (no data, no accounts)."""
    with TestClient(create_app(web_settings)) as client:
        yield client


@pytest.fixture
def accounts(web: TestClient) -> dict[str, DemoAccount]:
    """The contract example data stored, and demo accounts by role name (bureau, student, ...)."""
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        save_population(session, example_population())
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        made = create_demo_accounts(session)
    return {a.email.split("@")[0]: a for a in made}


def login_token(client: TestClient) -> str:
    """The login form's pre-session token (the GET also sets its cookie on the client)."""
    found = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text)
    assert found, "the login page has no login token"
    return found.group(1)


def post_login(client: TestClient, email: str, password: str, **kwargs: Any) -> Response:
    """Post the login form as a browser does: first the form (token and cookie), then the post."""
    data = {"email": email, "password": password, "login_token": login_token(client)}
    return client.post("/login", data=data, **kwargs)


def log_in(client: TestClient, account: DemoAccount) -> str:
    """Log in through the login form; returns the page the user lands on."""
    response = post_login(client, account.email, account.password, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def csrf_of(html: str) -> str:
    """The CSRF token a page gives its forms."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)
