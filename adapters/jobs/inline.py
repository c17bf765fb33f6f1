"""The embedded runner: one background thread in this process runs rounds one at a time.

A second daemon thread checks every ``round_check_interval_s`` seconds for rounds whose lease
expired (their worker, maybe an earlier run of this server, died) and queues them here again;
a third queues the BPV evaluation reminders every ``bpv_reminder_interval_s`` seconds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import Engine

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.flows.bpv_messages import run_reminders
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.flows.rounds.lifecycle import find_orphaned_rounds
from adapters.jobs.lease_check import PeriodicCheck, check_expired_rounds
from adapters.settings import Settings

log = logging.getLogger(__name__)


class InlineDispatcher:
    """Runs ``execute_round`` on a single worker thread; needs no server."""

    def __init__(
        self, engine: Engine, settings: Settings, *, clock: Callable[[], datetime] = repo.utc_now
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._clock = clock
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ronde")
        self._last: Future[Outcome] | None = None
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._checks: PeriodicCheck | None = None
        self._reminders: PeriodicCheck | None = None

    def submit(self, round_id: int) -> None:
        """Queue the round on the worker thread."""
        self._last = self._pool.submit(self._run, round_id)

    def _run(self, round_id: int) -> Outcome:
        with self._lock:
            self._running.add(round_id)
        try:
            outcome = execute_round(self._engine, round_id, settings=self._settings)
        finally:
            with self._lock:
                self._running.discard(round_id)
        log.info("round %s: %s", round_id, outcome.value)
        return outcome

    def start(self) -> None:
        """Resume rounds an earlier process left behind, then check for expired leases."""
        self.recover()
        if self._checks is None:
            self._checks = PeriodicCheck(
                self.check,
                interval_s=self._settings.round_check_interval_s,
                name="rondecontrole",
            )
            self._checks.start()
        if self._reminders is None:  # queued here; `matcher send-mail` sends them
            self._reminders = PeriodicCheck(
                lambda: run_reminders(self._engine, self._settings),
                interval_s=self._settings.bpv_reminder_interval_s,
                name="herinneringen",
            )
            self._reminders.start()

    @property
    def checking(self) -> bool:
        """Whether the periodic check runs."""
        return self._checks is not None and self._checks.alive

    def check(self) -> list[int]:
        """The periodic check, once: take over rounds whose lease expired; their ids.

        Rounds this runner is running itself are left alone: their worker is alive.
        """
        with self._lock:
            running = set(self._running)
        return check_expired_rounds(
            self._engine, self._settings, self.submit, now=self._clock(), skip=running
        )

    def recover(self) -> list[int]:
        """Queue rounds an earlier process left queued or running; their ids."""
        with session_scope(self._engine) as session:
            ids = find_orphaned_rounds(session)
        for round_id in ids:
            self.submit(round_id)
        return ids

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until the work submitted so far is done (for scripts and tests)."""
        done = self._pool.submit(lambda: None)
        done.result(timeout=timeout_s)

    def stop(self) -> None:
        """Stop the periodic check (running and queued rounds go on)."""
        for check in (self._checks, self._reminders):
            if check is not None:
                check.stop()

    def close(self) -> None:
        """Stop checking, finish the queued work and stop the thread."""
        self.stop()
        self._pool.shutdown(wait=True)
