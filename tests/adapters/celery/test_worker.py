"""Rounds through real Celery worker processes on PostgreSQL and Redis.

A worker is started as a subprocess with DATABASE_URL and BROKER_URL; one test kills it with
SIGKILL in the middle of a round, starts a new one, and checks the round completed exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.flows.rounds import lifecycle
from adapters.jobs.celery_dispatcher import CeleryDispatcher
from adapters.settings import Settings
from tests.celery_workers import assert_solved_once, celery_workers, wait_for_round, worker_env
from tests.conftest import examples_engine

LEASE_S = 2


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated PostgreSQL database holding the contract example population."""
    yield from examples_engine(postgres_url)


@pytest.fixture
def start_worker(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start Celery worker processes; every one still alive is killed afterwards."""
    with celery_workers(tmp_path, "test") as launch:

        def start(
            *, stage_delay_s: float = 0.0, fanout_min_pairs: int = 200_000
        ) -> subprocess.Popen[bytes]:
            env = worker_env(
                postgres_url,
                redis_url,
                tmp_path,
                lease_s=LEASE_S,
                visibility_timeout_s=4,
                stage_delay_s=stage_delay_s,
                FANOUT_MIN_PAIRS=str(fanout_min_pairs),
            )
            return launch(env)

        yield start


def _queued_round(engine: Engine, redis_url: str) -> int:
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session,
            name="Celery",
            filters={},
            policy={},
            bpv_start=date(2026, 9, 1),
            actor="test",
        )
        assert row.id is not None
        round_id = row.id
        assert lifecycle.start_round(session, round_id, actor="test")
    dispatcher = CeleryDispatcher(Settings(broker_url=redis_url))
    dispatcher.submit(round_id)
    dispatcher.close()
    return round_id


def test_round_runs_through_a_real_worker(
    engine: Engine, redis_url: str, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    round_id = _queued_round(engine, redis_url)
    start_worker()
    wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
    assert_solved_once(engine, round_id)


def test_killed_worker_round_completes_exactly_once(
    engine: Engine, redis_url: str, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    round_id = _queued_round(engine, redis_url)
    first = start_worker(stage_delay_s=60)
    wait_for_round(engine, round_id, lambda r: r.stage == "oplossen")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    with session_scope(engine) as session:
        assert repo.get_round(session, round_id).status == "running"
        assert repo.list_proposals(session, round_id, 1) == []
    start_worker()
    wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
    assert_solved_once(engine, round_id)
    with session_scope(engine) as session:
        actions = [e.action for e in repo.list_events(session, round_id)]
    assert actions.count("running") == 2  # claimed by the dead worker, then by the new one


def test_large_round_fans_out_over_workers_and_joins_once(
    postgres_url: str,
    redis_url: str,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    from adapters.demo_data import load_towns
    from matcher.demo.population import generate_population

    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    population = generate_population(
        n_students=600, seed=4, towns=load_towns(), on=date(2026, 9, 1)
    )
    with session_scope(engine) as session:
        save_population(session, population)
    round_id = _queued_round(engine, redis_url)
    start_worker(fanout_min_pairs=1)
    start_worker(fanout_min_pairs=1)
    wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        assert row.status == "solved", row.error
        proposed = sorted(p.student_id for p in repo.list_proposals(session, round_id, 1))
        actions = [e.action for e in repo.list_events(session, round_id)]
    assert proposed == sorted(s.student_id for s in population.students)
    assert actions.count("solved") == 1
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("worker*.log"))
    solved_tasks = logs.count("solve_round_jobs[") // 2  # received + succeeded lines
    assert solved_tasks >= 2
    assert "seam_round_run" in logs  # the join (no seams here: it saves the run itself)
    engine.dispose()


def _wait_ready(log: Path) -> None:
    """Until the worker's log says it is ready (bounded)."""
    deadline = time.monotonic() + 60
    while not (log.is_file() and "ready." in log.read_text(errors="replace")):
        assert time.monotonic() < deadline, f"{log.name}: the worker never became ready"
        time.sleep(0.2)


def test_round_of_a_killed_worker_is_taken_over_by_a_live_workers_periodic_check(
    engine: Engine, postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    """No redelivery (a long visibility timeout) and no restart: only the check can save it.

    The round is sent once, after the first worker is ready (its start-up recovery would
    otherwise send a second task, which a later worker would pick up); the lease is long
    enough that the second worker never finds the round orphaned at its own start-up.
    """
    with celery_workers(tmp_path, "check") as launch:

        def env(stage_delay_s: float) -> dict[str, str]:
            return worker_env(
                postgres_url,
                redis_url,
                tmp_path,
                lease_s=5,
                visibility_timeout_s=3600,
                stage_delay_s=stage_delay_s,
                ROUND_CHECK_INTERVAL_S="0.5",
            )

        first = launch(env(60))
        _wait_ready(tmp_path / "worker0.log")
        round_id = _queued_round(engine, redis_url)
        wait_for_round(engine, round_id, lambda r: r.stage == "oplossen")
        launch(env(0))
        _wait_ready(tmp_path / "worker1.log")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        wait_for_round(engine, round_id, lambda r: r.status in ("solved", "failed"))
    assert_solved_once(engine, round_id)
    with session_scope(engine) as session:
        actions = [e.action for e in repo.list_events(session, round_id)]
    assert actions.count("taken_over") == 1
