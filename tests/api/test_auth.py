"""Logging in over the API: cookie + CSRF, tokens, logout, throttling, no clear-text password."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.auth.accounts import get_account_row
from adapters.db.engine import session_scope
from adapters.settings import Settings
from tests.api.auth_helpers import PASSWORD, bearer, make_account


def _login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    assert "pp_session" in response.cookies
    return {"X-CSRF-Token": response.json()["csrf_token"]}


@pytest.fixture
def bureau_email(anon: TestClient) -> str:
    """A bureau account; returns its e-mail address. The client talks HTTPS (Secure cookie)."""
    anon.base_url = "https://testserver"
    account = make_account(anon, "bureau", name="coordinator")
    with session_scope(anon.app.state.engine) as session:  # type: ignore[attr-defined]
        return get_account_row(session, account).email


def test_cookie_login_reads_and_needs_csrf_for_changes(anon: TestClient, bureau_email: str) -> None:
    assert anon.get("/me").status_code == 401
    csrf = _login(anon, bureau_email)
    me = anon.get("/me")
    assert me.status_code == 200
    assert me.json()["roles"] == ["bureau"]
    without = anon.post("/rounds", json={"name": "Najaar"})
    assert without.status_code == 403
    assert "formulier" in without.json()["detail"]
    assert anon.post("/rounds", json={"name": "Najaar"}, headers=csrf).status_code == 201


def test_logout_ends_the_session_at_once(anon: TestClient, bureau_email: str) -> None:
    csrf = _login(anon, bureau_email)
    cookie = anon.cookies.get("pp_session")
    assert anon.post("/auth/logout", headers=csrf).status_code == 204
    anon.cookies.set("pp_session", cookie or "")
    assert anon.get("/me").status_code == 401


def test_api_tokens_work_until_revoked(anon: TestClient, bureau_email: str) -> None:
    csrf = _login(anon, bureau_email)
    made = anon.post("/me/tokens", json={"name": "script"}, headers=csrf)
    assert made.status_code == 201
    token, token_id = made.json()["token"], made.json()["id"]
    anon.cookies.clear()
    assert anon.get("/me", headers=bearer(token)).status_code == 200
    gone = anon.delete(f"/me/tokens/{token_id}", headers=bearer(token))
    assert gone.status_code == 204
    assert anon.get("/me", headers=bearer(token)).status_code == 401
    assert anon.get("/me", headers=bearer("pp_verzonnen")).status_code == 401


def test_wrong_passwords_are_throttled_with_retry_after(
    anon: TestClient, bureau_email: str, settings: Settings
) -> None:
    wrong = {"email": bureau_email, "password": "niet-het-goede-wachtwoord"}
    codes = [anon.post("/auth/login", json=wrong).status_code for _ in range(6)]
    assert codes[: settings.login_max_failures] == [401] * settings.login_max_failures
    blocked = anon.post("/auth/login", json={"email": bureau_email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "opnieuw" in blocked.json()["detail"]


def test_passwords_never_reach_the_database_or_the_logs(
    anon: TestClient, bureau_email: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    typo = "Bijna-Goed-Wachtwoord-42"
    assert (
        anon.post("/auth/login", json={"email": bureau_email, "password": typo}).status_code == 401
    )
    _login(anon, bureau_email)
    anon.get("/me")
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    logs = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    for secret in (PASSWORD, typo):
        assert secret.encode() not in stored
        assert secret not in logs
    assert b"argon2id" in stored  # the hash is there instead
