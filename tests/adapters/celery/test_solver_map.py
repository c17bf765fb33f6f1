"""The solver's map over Celery: jobs stored in Redis, solved by the task, answers read back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from adapters.celery import solver_map, tasks
from adapters.celery.app import celery_app
from matcher.solver import RegionSplit, SolverLimits, solve, solve_job
from tests.matcher.solver.test_regions import strip_round


class FakeRedis:
    """The three Redis calls the map and the task use, in memory."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def set(self, key: str, value: bytes, ex: int | None = None) -> None:
        self.data[key] = value

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def delete(self, key: str) -> None:
        self.data.pop(key, None)


@pytest.fixture
def eager(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRedis]:
    fake = FakeRedis()
    monkeypatch.setattr(solver_map.redis.Redis, "from_url", lambda _url: fake)
    monkeypatch.setattr(tasks, "_redis", lambda _url: fake)
    monkeypatch.setattr(tasks, "get_settings", lambda: type("S", (), {"broker_url": "x"})())
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield fake
    finally:
        celery_app.conf.task_always_eager = before


def test_the_celery_map_gives_the_same_answer_and_leaves_nothing_behind(eager: FakeRedis) -> None:
    problem = strip_round(600, locks=15)
    split = RegionSplit(min_pairs=300, region_pairs=1500, prune_pairs=10)
    limits = SolverLimits(time_limit_s=1.0)
    calls: list[int] = []
    inner = solver_map.celery_map(celery_app, "redis://unused")

    def recording(fn: Any, jobs: Any) -> list[Any]:
        jobs = list(jobs)
        calls.append(len(jobs))
        return inner(fn, jobs)

    remote = solve(problem, limits=limits, split=split, map_fn=recording)
    local = solve(problem, limits=limits, split=split)
    assert calls[0] >= 2  # the regions went out as tasks
    assert np.array_equal(remote.pairs, local.pairs)
    assert remote.best_bound == local.best_bound
    assert eager.data == {}  # jobs and answers are deleted once read


def test_the_celery_map_runs_only_the_solvers_job_function(eager: FakeRedis) -> None:
    inner = solver_map.celery_map(celery_app, "redis://unused")
    with pytest.raises(ValueError, match="solve_job"):
        inner(print, [1, 2])
    assert solve_job is not print


def test_a_missing_job_blob_is_a_clear_error(eager: FakeRedis) -> None:
    with pytest.raises(LookupError, match="missing"):
        solver_map.run_stored_job(eager, solver_map.job_key("gone", 0))
