"""The app starts its round runner with itself: a round a dead worker left is taken over by
the periodic check, with no request at all (issue 15, finding 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_lease import claim_round
from adapters.flows.rounds import lifecycle
from adapters.settings import Settings
from api.main import create_app
from tests.celery_workers import ROOT
from tests.conftest import examples_engine

WAIT_S = 60.0  # bound for the background check and the round; never asserted as a time
TAKEN_OVER = "taken_over"  # the round event (spelled out: the test also runs on old code)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database holding the contract example population."""
    yield from examples_engine(db_url)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """The in-process runner, checking often so the test ends soon."""
    return Settings(
        database_url=db_url,
        broker_url=None,
        model_path=tmp_path / "none.joblib",
        solver_time_limit_s=5,
        round_check_interval_s=0.2,
    )


def _round_of_a_dead_worker(engine: Engine) -> int:
    """A running round whose owner died: its lease ran out a moment ago."""
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session,
            name="Na een crash",
            filters={},
            policy={},
            bpv_start=date(2026, 9, 1),
            actor="t",
        )
        assert row.id is not None
        round_id = row.id
        assert lifecycle.start_round(session, round_id, actor="t")
    assert claim_round(engine, round_id, "dead-server", lease_s=30)[0]
    with session_scope(engine) as session:
        session.execute(
            update(repo.ROUND_TABLE)
            .where(repo.ROUND_TABLE.c.id == round_id)
            .values(lease_until=repo.utc_now() - timedelta(seconds=1))
        )
    return round_id


def test_the_app_checks_for_expired_rounds_from_its_start(
    engine: Engine, settings: Settings
) -> None:
    app = create_app(settings)
    with TestClient(app):
        dispatcher = app.state.dispatcher
        assert dispatcher.checking
    assert not dispatcher.checking


def _wait_until_done(engine: Engine, round_id: int) -> tuple[tuple[object, ...], list[str]]:
    """Poll (no requests) until the round is solved or failed, at most WAIT_S seconds."""
    deadline = time.monotonic() + WAIT_S
    while True:
        with session_scope(engine) as session:
            row = repo.get_round(session, round_id)
            state = (row.status, row.current_run, row.error)
            actions = [e.action for e in repo.list_events(session, round_id)]
        if state[0] in ("solved", "failed") or time.monotonic() > deadline:
            return state, actions
        time.sleep(0.2)


def test_expired_round_is_taken_over_without_any_request(
    engine: Engine, settings: Settings
) -> None:
    with TestClient(create_app(settings)):
        round_id = _round_of_a_dead_worker(engine)  # after start-up: only the check sees it
        state, actions = _wait_until_done(engine, round_id)
    assert state == ("solved", 1, None)
    assert actions.count(TAKEN_OVER) == 1
    assert actions.count("solved") == 1


RUNNER = """
import sys
import time
from adapters.db.engine import make_engine
from adapters.flows.rounds import execute
from adapters.jobs.inline import InlineDispatcher
from adapters.settings import Settings

url, model, round_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings(database_url=url, model_path=model, round_lease_s=2,
                    auto_migrate=False)
execute.before_solve = lambda: time.sleep(600)  # the test seam: killed while it waits
dispatcher = InlineDispatcher(make_engine(url), settings)
dispatcher.submit(round_id)
dispatcher.wait()
"""


def test_round_of_a_killed_server_is_taken_over_after_restart_without_any_request(
    engine: Engine, settings: Settings, db_url: str, tmp_path: Path
) -> None:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session,
            name="Kill -9",
            filters={},
            policy={},
            bpv_start=date(2026, 9, 1),
            actor="t",
        )
        assert row.id is not None
        round_id = row.id
        assert lifecycle.start_round(session, round_id, actor="t")
    server = subprocess.Popen(
        [sys.executable, "-c", RUNNER, db_url, str(tmp_path / "none.joblib"), str(round_id)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            with session_scope(engine) as session:
                stage = repo.get_round(session, round_id).stage
            assert server.poll() is None, "the runner ended early"
            assert time.monotonic() < deadline, "the runner never reached the solve stage"
            if stage == "oplossen":
                break
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    with TestClient(create_app(settings)):  # the restarted server; its lease may still live
        state, actions = _wait_until_done(engine, round_id)
    assert state == ("solved", 1, None)
    assert actions.count("solved") == 1
