"""The database goes away in the middle of a review action: a clear answer, nothing half-saved,
and the same action, sent again once the database is back, works.

The app talks to PostgreSQL through a TCP proxy on loopback that the test cuts: once before a
request, and once in the middle of one (right after the review's version UPDATE, before its
audit event), which is the worst moment for a half-saved change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.api.rounds_helpers import review_population, solved_round, store
from tests.conftest import PG_HOST, PG_PORT
from tests.reliability.proxy import CuttableProxy


@pytest.fixture
def proxy() -> Iterator[CuttableProxy]:
    proxy = CuttableProxy(PG_HOST, PG_PORT)
    yield proxy
    proxy.close()


@pytest.fixture
def direct(postgres_url: str) -> Iterator[Engine]:
    """An engine that bypasses the proxy, to look at what really is stored."""
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(postgres_url: str, proxy: CuttableProxy) -> Iterator[TestClient]:
    """The app on PostgreSQL through the proxy, with a solved round and a bureau token."""
    url = postgres_url.replace(f"{PG_HOST}:{PG_PORT}", f"127.0.0.1:{proxy.port}")
    settings = Settings(database_url=url, broker_url=None)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        test_client.headers.update(bearer(make_token(test_client, "bureau")))
        store(test_client, review_population())
        assert solved_round(test_client)["status"] == "solved"
        yield test_client
        test_client.app.state.engine.dispose()  # type: ignore[attr-defined]


def _stored(direct: Engine) -> tuple[int, str, list[str]]:
    """The round's version, s001's decision and the audit actions, as the database has them."""
    with session_scope(direct) as session:
        row = repo.get_round(session, 1)
        decision = repo.get_proposal(session, 1, row.current_run, "s001").decision
        return row.version, decision, [e.action for e in repo.list_events(session, 1)]


def _assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert "niets opgeslagen" in body["detail"]
    assert "opnieuw" in body["detail"]
    assert response.headers["Retry-After"]


def _accept(client: TestClient, version: int) -> Any:
    return client.post("/rounds/1/proposals/s001/accept", json={"version": version})


@pytest.mark.slow
def test_database_away_before_a_review_action(
    client: TestClient, proxy: CuttableProxy, direct: Engine
) -> None:
    before = _stored(direct)
    proxy.cut()
    _assert_unavailable(_accept(client, before[0]))
    proxy.restore()
    assert _stored(direct) == before  # nothing saved
    retry = _accept(client, before[0])
    assert retry.status_code == 200, retry.text
    version, decision, actions = _stored(direct)
    assert (version, decision) == (before[0] + 1, "accepted")
    assert actions.count("accepted") == 1


@pytest.mark.slow
def test_database_away_in_the_middle_of_a_review_action(
    client: TestClient, proxy: CuttableProxy, direct: Engine
) -> None:
    before = _stored(direct)
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    armed = {"cut": True}

    def cut_after_version_claim(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if armed["cut"] and statement.startswith("UPDATE match_round SET version"):
            armed["cut"] = False
            proxy.cut()

    event.listen(engine, "after_cursor_execute", cut_after_version_claim)
    try:
        _assert_unavailable(_accept(client, before[0]))
    finally:
        event.remove(engine, "after_cursor_execute", cut_after_version_claim)
    assert not armed["cut"], "the review never reached its version UPDATE"
    proxy.restore()
    assert _stored(direct) == before  # the version UPDATE was rolled back with the rest
    retry = _accept(client, before[0])
    assert retry.status_code == 200, retry.text
    version, decision, actions = _stored(direct)
    assert (version, decision) == (before[0] + 1, "accepted")
    assert actions.count("accepted") == 1


def test_a_transaction_left_open_by_a_vanished_client_is_ended_by_postgres(
    postgres_url: str,
) -> None:
    """A cut without FIN leaves PostgreSQL waiting; the session timeout bounds that wait."""
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            timeout = conn.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar()
            path = conn.exec_driver_sql("SHOW search_path").scalar()
    finally:
        engine.dispose()
    assert timeout == "1min"
    assert path is not None
    assert path.startswith('"t_') or path.startswith("t_")  # the URL's own options still apply
