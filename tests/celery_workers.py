"""Real Celery worker processes for service tests: started with a given environment, and every
one still alive killed (with its process group) when the block ends; waiting for their round.

The workers run ``tests.celery_worker_entry``: the production app plus the pause before the
solve stage (``stage_delay_s``) that lets a test kill a worker mid-round."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from tests.celery_worker_entry import PAUSE_ENV

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).parent / "celery"
WAIT_S = 90.0  # a round through a real worker: start-up, claim, solve


@contextmanager
def celery_workers(
    log_folder: Path, name: str
) -> Iterator[Callable[[dict[str, str]], subprocess.Popen[bytes]]]:
    """``start(env)`` runs one solo worker with ``os.environ`` plus ``env``; logs in the folder."""
    workers: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (log_folder / f"worker{len(workers)}.log").open("wb")
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "tests.celery_worker_entry",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
                f"--hostname={name}{len(workers)}@%h",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        workers.append(process)
        return process

    try:
        yield start
    finally:
        for process in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def worker_env(
    database_url: str,
    broker_url: str,
    folder: Path,
    *,
    lease_s: float,
    visibility_timeout_s: float,
    stage_delay_s: float,
    **extra: str,
) -> dict[str, str]:
    """The settings of a test worker: short leases and time limits, no model, no migrations."""
    return {
        "DATABASE_URL": database_url,
        "BROKER_URL": broker_url,
        "ROUND_LEASE_S": str(lease_s),
        "BROKER_VISIBILITY_TIMEOUT_S": str(visibility_timeout_s),
        PAUSE_ENV: str(stage_delay_s),  # the test seam before the solve stage, no setting
        "SOLVER_TIME_LIMIT_S": "5",
        "MODEL_PATH": str(folder / "no-model.joblib"),
        "AUTO_MIGRATE": "false",
        **extra,
    }


def wait_for_round(
    engine: Engine, round_id: int, done: Callable[[repo.MatchRoundRow], bool]
) -> None:
    """Poll the round until ``done(row)``; fail with its last state after WAIT_S seconds."""
    deadline = time.monotonic() + WAIT_S
    state = None
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            row = repo.get_round(session, round_id)
            if done(row):
                return
            state = (row.status, row.stage, row.error)
        time.sleep(0.2)
    raise AssertionError(f"round {round_id} stuck at {state}")


def assert_solved_once(engine: Engine, round_id: int) -> None:
    """The five example students' round is solved in exactly one run, saved once."""
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        assert row.status == "solved", row.error
        assert row.current_run == 1
        students = sorted(p.student_id for p in repo.list_proposals(session, round_id, 1))
        assert students == ["s001", "s002", "s003", "s004", "s005"]
        assert repo.list_proposals(session, round_id, 2) == []
        assert [e.action for e in repo.list_events(session, round_id)].count("solved") == 1
