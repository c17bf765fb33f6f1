"""Worker processes that solve a round's large components side by side.

The solver core (matcher.solver.solve) takes any ``map``; this gives it one backed by a process
pool, so a round with several large components uses every core the settings allow. HiGHS and
the min-cost flow each use one core, so on two cores two components solve in about the time of
one. Each component keeps its own share of the time limit, so the answer is the same as when
they are solved one by one.

The pool starts on first use (rounds without two large components never pay its start-up of
about a second per process) and stops when the ``with`` block ends.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any


class _LazyPool:
    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[Any], Any], jobs: Iterable[Any]) -> list[Any]:
        jobs = list(jobs)
        if len(jobs) < 2:
            return [fn(job) for job in jobs]
        if self.executor is None:
            context = multiprocessing.get_context("spawn")  # safe beside server threads
            self.executor = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
        return list(self.executor.map(fn, jobs))


@contextmanager
def component_map(processes: int) -> Iterator[Callable[..., Any] | None]:
    """A ``map`` over up to ``processes`` worker processes (None with one: solve in place)."""
    if processes <= 1:
        yield None
        return
    pool = _LazyPool(processes)
    try:
        yield pool.map
    finally:
        if pool.executor is not None:
            pool.executor.shutdown(wait=True, cancel_futures=True)
