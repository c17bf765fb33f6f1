"""Real Celery worker processes for service tests: started with a given environment, and every
one still alive killed (with its process group) when the block ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).parent / "celery"


@contextmanager
def celery_workers(
    log_folder: Path, name: str
) -> Iterator[Callable[[dict[str, str]], subprocess.Popen[bytes]]]:
    """``start(env)`` runs one solo worker with ``os.environ`` plus ``env``; logs in the folder."""
    workers: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (log_folder / f"worker{len(workers)}.log").open("wb")
        process = subprocess.Popen(
            [str(CELERY), "-A", "adapters.celery.app", "worker", "--pool=solo",
             "--concurrency=1", "--loglevel=INFO", "--without-mingle", "--without-gossip",
             f"--hostname={name}{len(workers)}@%h"],
            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        workers.append(process)
        return process

    try:
        yield start
    finally:
        for process in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
