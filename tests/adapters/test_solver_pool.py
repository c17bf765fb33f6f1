"""Large components solved side by side in worker processes give the same round."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from adapters.solver_pool import component_map
from matcher.solver import SolverLimits, solve
from matcher.solver.feasibility import violations
from tests.matcher.solver.test_rounds import random_round

LIMITS = SolverLimits(time_limit_s=1.0, seed=3, num_workers=1, deterministic=True)


def test_a_process_pool_gives_the_same_round_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("matcher.solver.PARALLEL_MIN_PAIRS", 100)  # these components count
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
