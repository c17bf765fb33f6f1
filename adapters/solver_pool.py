"""Worker processes that solve a round's large components side by side.

The solver core (matcher.solver.solve) takes any ``map``; this gives it one backed by a process
pool, so a round with several large components uses every core the settings allow. HiGHS and
the min-cost flow each use one core, so on two cores two components solve in about the time of
one. Each component keeps its own share of the time limit, so the answer is the same as when
they are solved one by one.

The pool starts on first use (rounds without two large components never pay its start-up of
about a second per process) and stops when the ``with`` block ends.

The solver processes end with the process that started them (their owner), also when it is
killed with SIGKILL and no ``finally`` runs: each asks Linux for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread waits on multiprocessing's parent
sentinel (a pipe the owner holds open) and exits when it closes. With "spawn" the parent is
the owner, so the signal comes at once. With "forkserver" the parent is the fork server, which
outlives the owner while its children live (they hold its liveness pipe), so there the
sentinel, which belongs to the owner, is what ends them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

START_METHOD = "spawn"  # safe beside server threads
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def end_with_parent() -> None:
    """Make this pool process end when its owner does (the pool's initializer)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    owner = multiprocessing.parent_process()
    if owner is None:
        return
    if not owner.is_alive():  # the owner died before we were ready
        os._exit(1)
    threading.Thread(target=_exit_with, args=(owner,), name="eigenaar", daemon=True).start()


def _exit_with(owner: multiprocessing.process.BaseProcess) -> None:
    """Exit as soon as the owner's end of the sentinel pipe closes (it died)."""
    owner.join()
    os._exit(1)


class _LazyPool:
    def __init__(self, processes: int, start_method: str) -> None:
        self.processes = processes
        self.start_method = start_method
        self.executor: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[Any], Any], jobs: Iterable[Any]) -> list[Any]:
        jobs = list(jobs)
        if len(jobs) < 2:
            return [fn(job) for job in jobs]
        if self.executor is None:
            context = multiprocessing.get_context(self.start_method)
            self.executor = ProcessPoolExecutor(
                max_workers=self.processes, mp_context=context, initializer=end_with_parent
            )
        return list(self.executor.map(fn, jobs))


@contextmanager
def component_map(
    processes: int, *, start_method: str = START_METHOD
) -> Iterator[Callable[..., Any] | None]:
    """A ``map`` over up to ``processes`` worker processes (None with one: solve in place)."""
    if processes <= 1:
        yield None
        return
    pool = _LazyPool(processes, start_method)
    try:
        yield pool.map
    finally:
        if pool.executor is not None:
            pool.executor.shutdown(wait=True, cancel_futures=True)
