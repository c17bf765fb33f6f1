"""Issue 15, finding 9: login throttling per account whatever the address, per address, and
X-Forwarded-For believed only from configured proxies."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import cli.serve  # noqa: F401  (registers the command)
from adapters.auth.accounts import create_account
from adapters.db.engine import session_scope
from adapters.settings import Settings, get_settings
from api.main import create_app
from matcher.privacy.vocabulary import Role
from tests.web.browser import _free_port

PASSWORD = "een lang wachtwoord 123"
EMAIL = "bureau@test.invalid"
WRONG = {"email": EMAIL, "password": "fout wachtwoord"}


def _account(app: FastAPI) -> None:
    with session_scope(app.state.engine) as session:
        create_account(
            session, email=EMAIL, password=PASSWORD, roles=[Role.BUREAU], institution="roc"
        )


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@contextmanager
def served_by_matcher_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``matcher serve`` as it configures uvicorn, on a free port in a thread; yields the URL."""
    started: list[uvicorn.Server] = []
    port = _free_port()

    def run(web: Any, **options: Any) -> None:
        _account(web)
        options.update(port=port, log_level="warning")
        server = uvicorn.Server(uvicorn.Config(web, **options))
        threading.Thread(target=server.run, daemon=True).start()
        started.append(server)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, ["serve", "--port", str(port)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    (server,) = started
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True


def test_twenty_wrong_passwords_with_twenty_forwarded_for_values_give_429(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served_by_matcher_serve(tmp_path, monkeypatch) as base, httpx.Client() as http:
        codes = [
            http.post(
                f"{base}/auth/login", json=WRONG, headers=_from(f"198.51.100.{i}")
            ).status_code
            for i in range(1, 21)
        ]
        assert codes[:5] == [401] * 5
        assert 429 in codes, codes
        right = http.post(
            f"{base}/auth/login",
            json={"email": EMAIL, "password": PASSWORD},
            headers=_from("198.51.100.99"),
        )
        assert right.status_code == 429
        assert "Te vaak een verkeerd wachtwoord" in right.json()["detail"]
        assert int(right.headers["Retry-After"]) > 0


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[TestClient]:
    """The app behind a trusted proxy (the test client's address): X-Forwarded-For counts."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", trusted_proxies="testclient")
    with TestClient(create_app(settings)) as client:
        _account(client.app)  # type: ignore[arg-type]
        yield client


def test_an_account_is_throttled_whatever_the_address(behind_proxy: TestClient) -> None:
    limit = Settings().login_account_max_failures
    codes = [
        behind_proxy.post("/auth/login", json=WRONG, headers=_from(f"198.51.100.{i}")).status_code
        for i in range(1, 21)
    ]
    assert codes[:limit] == [401] * limit  # every address is new: only the account counts
    assert codes[limit:] == [429] * (20 - limit)


def test_the_account_lock_does_not_lock_out_the_usual_address(behind_proxy: TestClient) -> None:
    right = {"email": EMAIL, "password": PASSWORD}
    home = _from("203.0.113.7")
    assert behind_proxy.post("/auth/login", json=right, headers=home).status_code == 200
    behind_proxy.cookies.clear()
    for i in range(1, 21):  # an attacker who knows the e-mail, from twenty addresses
        behind_proxy.post("/auth/login", json=WRONG, headers=_from(f"198.51.100.{i}"))
    elsewhere = behind_proxy.post("/auth/login", json=right, headers=_from("192.0.2.50"))
    assert elsewhere.status_code == 429
    assert 0 < int(elsewhere.headers["Retry-After"]) <= Settings().login_lockout_max_s
    at_home = behind_proxy.post("/auth/login", json=right, headers=home)
    assert at_home.status_code == 200
    assert at_home.json()["account"]["email"] == EMAIL


def test_one_address_guessing_many_accounts_is_throttled(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'i.db'}", login_ip_max_failures=8)
    with TestClient(create_app(settings)) as client:
        _account(client.app)  # type: ignore[arg-type]
        codes = [
            client.post(
                "/auth/login", json={"email": f"iemand{i}@test.invalid", "password": "x"}
            ).status_code
            for i in range(10)
        ]
        assert codes[:8] == [401] * 8
        assert codes[8:] == [429, 429]
        # the same address may still not try a real account: the address waits as a whole
        right = client.post("/auth/login", json={"email": EMAIL, "password": PASSWORD})
        assert right.status_code == 429


def test_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'u.db'}", trusted_proxies="10.0.0.1")
    with TestClient(create_app(settings)) as client:
        _account(client.app)  # type: ignore[arg-type]
        codes = [
            client.post("/auth/login", json=WRONG, headers=_from(f"198.51.100.{i}")).status_code
            for i in range(1, 8)
        ]
        assert codes == [401] * 5 + [429, 429]  # one address: the pair limit (5) applies
