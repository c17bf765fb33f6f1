"""Large components solved side by side in worker processes give the same round."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from adapters.solver_pool import component_map
from matcher.solver import SolverLimits, solve
from matcher.solver.feasibility import violations
from tests.celery_workers import ROOT
from tests.matcher.solver.test_rounds import random_round

LIMITS = SolverLimits(time_limit_s=1.0, seed=3, num_workers=1, deterministic=True)


def test_a_process_pool_gives_the_same_round_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("matcher.solver.jobs.PARALLEL_MIN_PAIRS", 100)  # these components count
    problem = random_round(400, seed=5, towns=4)
    sent: list[float] = []

    def recording_map(fn: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterable[Any]:
        jobs = list(jobs)
        sent.extend(limits.time_limit_s for _, limits in jobs)
        return map(fn, jobs)

    alone = solve(problem, limits=LIMITS)
    recorded = solve(problem, limits=LIMITS, map_fn=recording_map)
    with component_map(2) as pool_map:
        pooled = solve(problem, limits=LIMITS, map_fn=pool_map)
    assert len(sent) >= 2
    assert sent == sorted(sent, reverse=True)  # most work first: the pool ends together
    assert violations(problem, pooled.pairs) == []
    for other in (recorded, pooled):
        assert other.pairs.tolist() == alone.pairs.tolist()
        assert other.best_bound == alone.best_bound
        assert other.quality_bound == alone.quality_bound


def test_one_process_means_no_pool() -> None:
    with component_map(1) as pool_map:
        assert pool_map is None


OWNER = """
import sys
from adapters.solver_pool import component_map
from tests.adapters.pool_children import report_and_sleep

method, folder = sys.argv[1], sys.argv[2]
pool = component_map(2) if method == "spawn" else component_map(2, start_method=method)
with pool as pool_map:
    pool_map(report_and_sleep, [f"{folder}/a", f"{folder}/b"])
"""
STARTED_S = 60.0  # bound for two solver processes to start on a busy machine
GONE_S = 20.0  # bound for them to end after their owner was killed


def _alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (an ended child nobody reaped yet)."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (ProcessLookupError, FileNotFoundError):
        return False
    except PermissionError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_solver_processes_end_when_their_owner_is_killed(method: str, tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, method, str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    children: list[int] = []
    try:
        deadline = time.monotonic() + STARTED_S
        files = [tmp_path / "a", tmp_path / "b"]
        while not all(f.is_file() and f.read_text() for f in files):
            assert owner.poll() is None, "the owner ended early"
            assert time.monotonic() < deadline, "the solver processes never started"
            time.sleep(0.1)
        children = [int(f.read_text()) for f in files]
        assert all(_alive(pid) for pid in children)
        owner.kill()  # SIGKILL: no finally, no pool shutdown
        owner.wait(timeout=10)
        deadline = time.monotonic() + GONE_S
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        for pid in [owner.pid, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
