"""The broker restarts during a round: the round still completes exactly once, and a start
while the broker is away is refused clearly, leaves the round failed, and can be repeated.

The test runs its own redis-server on a free loopback port (append-only file, as production
should), kills it with SIGKILL in the middle of a round and starts it again on the same port;
the shared Redis on 6379 is never touched. Rounds run in a real Celery worker process.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from adapters.db.engine import session_scope
from adapters.flows.rounds import lifecycle
from adapters.jobs.celery_dispatcher import CeleryDispatcher
from adapters.settings import Settings
from api.main import create_app
from tests.api.auth_helpers import bearer, make_token
from tests.celery_workers import assert_solved_once, celery_workers, wait_for_round, worker_env
from tests.conftest import examples_engine, service_unavailable


class OwnRedis:
    """A redis-server of this test only, on 127.0.0.1, that can be killed and started again."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            service_unavailable("redis-server staat niet op deze machine")
        self.binary = str(binary)
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [
            self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
            str(self.folder), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        ]  # fmt: skip
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("own redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[OwnRedis]:
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.kill()


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    yield from examples_engine(postgres_url)


@pytest.fixture
def start_worker(
    postgres_url: str, broker: OwnRedis, tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    with celery_workers(tmp_path, "rel") as launch:

        def start(*, stage_delay_s: float = 0.0) -> subprocess.Popen[bytes]:
            env = worker_env(
                postgres_url,
                broker.url,
                tmp_path,
                lease_s=3,
                visibility_timeout_s=5,
                stage_delay_s=stage_delay_s,
            )
            return launch(env)

        yield start


@pytest.mark.slow
def test_broker_restart_in_the_middle_of_a_round_still_completes_it_once(
    engine: Engine, broker: OwnRedis, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session,
            name="Broker",
            filters={},
            policy={},
            bpv_start=date(2026, 9, 1),
            actor="test",
        )
        assert row.id is not None
        round_id = row.id
        assert lifecycle.start_round(session, round_id, actor="test")
    dispatcher = CeleryDispatcher(Settings(broker_url=broker.url))
    dispatcher.submit(round_id)
    dispatcher.close()
    start_worker(stage_delay_s=4)
    wait_for_round(engine, round_id, lambda r: r.stage == "oplossen")
    broker.kill()
    time.sleep(1.0)
    broker.start()
    wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
    assert_solved_once(engine, round_id)


@pytest.mark.slow
def test_start_while_the_broker_is_away_fails_clearly_and_can_be_repeated(
    postgres_url: str,
    engine: Engine,
    broker: OwnRedis,
    start_worker: Callable[..., subprocess.Popen[bytes]],
) -> None:
    settings = Settings(database_url=postgres_url, broker_url=broker.url, auto_migrate=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers.update(bearer(make_token(client, "bureau")))
        created = client.post(
            "/rounds", json={"name": "Zonder wachtrij", "bpv_start": "2026-09-01"}
        )
        round_id = created.json()["id"]
        broker.kill()
        refused = client.post(f"/rounds/{round_id}/start")
        assert refused.status_code == 503, refused.text
        assert refused.json()["code"] == "queue_unavailable"
        assert "start de ronde zo opnieuw" in refused.json()["detail"]
        body = client.get(f"/rounds/{round_id}").json()
        assert body["status"] == "failed"  # not "queued" forever for a task never sent
        assert "wachtrij" in body["error"]
        broker.start()
        start_worker()
        again = client.post(f"/rounds/{round_id}/start")
        assert again.status_code == 202, again.text
        wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
        client.app.state.engine.dispose()  # type: ignore[attr-defined]
    assert_solved_once(engine, round_id)
